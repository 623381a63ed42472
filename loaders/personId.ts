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
