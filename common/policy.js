// What the policy parameters are called on the pages, and how a share reads. The values themselves come
// from policy.json and the defaults in loaders/policy.ts (docs/policy.md); nothing here repeats a value.

/** Chinese names of the policy parameters a reviewer may see overridden, with their unit. */
export const POLICY_LABELS = /** @type {Record<string, {label: string, unit: string}>} */ ({
  transfer_deadline_days: { label: "划入专户期限", unit: "日" },
  enrolment_deadline_days: { label: "参保期限", unit: "日" },
  quota_valid_years: { label: "指标有效期", unit: "年" },
  dilution_ratio: { label: "人数稀释阈值", unit: "倍" },
  undercoverage_ratio: { label: "覆盖不足阈值", unit: "倍" },
  adult_age: { label: "成年年龄", unit: "周岁" },
  per_person_yuan: { label: "以人筹资每人金额", unit: "元" },
  land_ratio_tiers: { label: "以地筹资计提比例", unit: "" },
  stock_baseline: { label: "存量基准日", unit: "" },
  scope_start: { label: "纳入范围起始日", unit: "" },
  status_red_increment_share: { label: "红色: 新增欠缴占应筹", unit: "" },
  status_red_stock_progress: { label: "红色: 存量化解进度低于", unit: "" },
  status_red_over_allocated_share: { label: "红色: 超额分配占已分配", unit: "" },
  status_yellow_stock_progress: { label: "黄色: 存量化解进度低于", unit: "" },
  status_yellow_shortfall_share: { label: "黄色: 资金缺口占应筹", unit: "" },
  status_yellow_stale_share: { label: "黄色: 沉淀一年以上占已到账", unit: "" },
});

/**
 * A share (0.002, "0.35") as percent text, exact for the decimals policy.json allows (at most 6).
 * @param {number | string} share
 * @example shareText(0.002) === "0.2%" && shareText("0.35") === "35%"
 */
export function shareText(share) {
  const [whole, frac = ""] = String(share).split(".");
  const f = frac.padEnd(2, "0");
  const digits = whole.replace("-", "") + f;
  const point = digits.length - (f.length - 2);
  const int = digits.slice(0, point).replace(/^0+(?=\d)/, "");
  const rest = digits.slice(point).replace(/0+$/, "");
  return `${String(share).startsWith("-") ? "-" : ""}${int}${rest ? `.${rest}` : ""}%`;
}

/**
 * A policy value as a reader would write it: shares as percent, amounts with thousands separators.
 * @param {string} key
 * @param {unknown} value
 * @example policyValueText("per_person_yuan", "16200.00") === "16,200.00 元"
 */
export function policyValueText(key, value) {
  const meta = POLICY_LABELS[key];
  if (key.endsWith("_share") || key.endsWith("_progress")) return shareText(/** @type {number} */ (value));
  if (key.endsWith("_yuan")) {
    const [whole, frac = "00"] = String(value).split(".");
    return `${whole.replace(/\B(?=(\d{3})+$)/g, ",")}.${frac.padEnd(2, "0")} 元`;
  }
  if (Array.isArray(value)) return value.map((t) => shareText(t.ratio)).join(" / ");
  return meta?.unit ? `${value} ${meta.unit}` : String(value);
}
