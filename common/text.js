// Text from the data as it may be shown or written: bidirectional control characters removed. A name or id
// holding U+202E (right-to-left override) or U+2066 (left-to-right isolate) would display reversed or
// reordered text in a table, a search result or a spreadsheet (issue 10, item 12); no Chinese record needs
// them, so every text cell, download and CLI output drops them.

/** The bidi controls: LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM, ALM. */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/**
 * A value as display text: bidi controls removed; null and undefined as "".
 * @param {unknown} value
 * @example plainText("ab\u202ecd") === "abcd"
 */
export function plainText(value) {
  if (value === null || value === undefined) return "";
  return String(value).replace(BIDI_CONTROLS, "");
}
