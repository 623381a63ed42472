/**
 * Citizen ID numbers (公民身份号码, GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit
 * sequence, 1 check character. The warehouse validates them in SQL (sql/macros.sql); this module is the
 * same rule in TypeScript for the sample generator, masking and tests.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = "10X98765432";

/**
 * The GB 11643 check character for the first 17 digits.
 * @example checkCharacter("11010519491231002") === "X"
 */
export function checkCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`need 17 digits, got ${first17.length} characters`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Whether a string is an 18-character ID with a valid birth date and check character.
 * @example isValidPersonId("11010519491231002X") === true
 */
export function isValidPersonId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (birthDate(id) === null) return false;
  return checkCharacter(id.slice(0, 17)) === id[17];
}

/**
 * The birth date encoded in an 18-character ID as `YYYY-MM-DD`, or null when it is not a calendar date.
 * @example birthDate("11010519491231002X") === "1949-12-31"
 */
export function birthDate(id: string): string | null {
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (!(y >= 1900 && m >= 1 && m <= 12 && d >= 1)) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * The masked form shown wherever a person appears (DOMAIN section 5): first 6 and last 4 characters.
 * @example maskPersonId("44010219800101123X") === "440102********123X"
 */
export function maskPersonId(id: string): string {
  if (id.length <= 10) return "*".repeat(id.length);
  return id.slice(0, 6) + "*".repeat(id.length - 10) + id.slice(-4);
}

// A run of 15 or more digits, single spaces or hyphens allowed between them, an X at the end: every 15- or
// 18-character ID, glued to other text or typed in groups (docs/privacy.md). The SQL macro mask_ids_in in
// loaders/sql/macros.sql is the same rule; test/personId.test.ts holds them equal.
const ID_RUN = /[0-9](?:[ \u3000-]?[0-9]){14,}(?:[ \u3000-]?[Xx])?/g;

/** Full-width ASCII and the ideographic space folded to ASCII, as the validation queries fold them. */
export function halfwidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (c) =>
    c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/**
 * Every ID-shaped number inside free text masked (first 6 and last 4 characters of the run kept):
 * glued to letters, digits or underscores, in groups, full-width, with a lower-case x. Text without such a
 * run comes back unchanged.
 * @example maskIdsIn("编号FF44010219800101123x备注") === "编号FF440102********123X备注"
 */
export function maskIdsIn(text: string): string {
  const folded = halfwidth(text);
  if (!new RegExp(ID_RUN.source).test(folded)) return text;
  return folded.replace(ID_RUN, (run) => {
    const bare = run.replace(/[^0-9Xx]/g, "").toUpperCase();
    return bare.slice(0, 6) + "********" + bare.slice(-4);
  });
}
