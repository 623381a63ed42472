// The two ways of raising the subsidy money (docs/metrics.md#methods), as the data names them (projects.method)
// and as the pages and downloads call them.

/** @type {Record<string, {label: string, basis: string}>} */
export const METHODS = {
  per_person: { label: "以人筹资", basis: "旧办法 (41号文): 虚拟人数 × 每人标准" },
  per_land: { label: "以地筹资", basis: "新办法 (22号文): 面积 × 区片价 × 档位比例" },
};

/**
 * The Chinese name of a method code (the code itself when unknown).
 * @param {string | null | undefined} code
 * @example methodLabel("per_land") === "以地筹资"
 */
export function methodLabel(code) {
  return (code && METHODS[code]?.label) ?? code ?? "";
}
