/** The finding rules of DOMAIN section 3, in order: their codes name columns of the outputs and the site. */
export const FINDING_CODES = [
  "F01",
  "F02",
  "F03",
  "F04",
  "F05",
  "F06",
  "F07",
  "F08",
  "F09",
  "F10",
  "F11",
  "F12",
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];
