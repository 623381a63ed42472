/**
 * A GBK encoder. Node decodes GB18030 (a superset of GBK) through TextDecoder but cannot encode it, and
 * iconv-lite is not a dependency, so the table is built once by decoding every two-byte GBK code
 * (lead 0x81-0xFE, trail 0x40-0xFE except 0x7F) and inverting the result. ASCII passes through.
 */

let table: Map<number, number> | undefined;

function buildTable(): Map<number, number> {
  const pairs: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) pairs.push((lead << 8) | trail);
  const decoder = new TextDecoder("gb18030");
  const map = new Map<number, number>();
  for (const code of pairs) {
    const text = decoder.decode(Uint8Array.of(code >> 8, code & 0xff));
    if (text.length !== 1) continue;
    const unit = text.charCodeAt(0);
    // User-defined GBK areas decode to the Private Use Area and U+FFFD marks an unassigned code.
    if (unit === 0xfffd || (unit >= 0xe000 && unit <= 0xf8ff)) continue;
    if (!map.has(unit)) map.set(unit, code);
  }
  return map;
}

/**
 * Encodes text as GBK bytes; throws on a character GBK cannot represent.
 * @example encodeGbk("到账") // <Buffer b5 bd d5 cb>
 */
export function encodeGbk(text: string): Buffer {
  table ??= buildTable();
  const out = Buffer.allocUnsafe(text.length * 2);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      out[length++] = unit;
      continue;
    }
    const code = table.get(unit);
    if (code === undefined)
      throw new Error(`GBK cannot encode ${JSON.stringify(text[i])} (U+${unit.toString(16)})`);
    out[length++] = code >> 8;
    out[length++] = code & 0xff;
  }
  return out.subarray(0, length);
}
