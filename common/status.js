// The status colours of the county league table and the reasons behind them: one definition, whose rule
// texts are built from the thresholds of policy.json (status_* keys, docs/policy.md). The judgement itself
// is loaders/sql/metrics/status.sql; this module only names and explains it.
import { shareText } from "./policy.js";

/** @typedef {"red" | "yellow" | "green"} Status */
/** @typedef {Record<string, any>} PolicyValues */

/** Each colour with its mark (● ▲ ■ differ in black and white) and its word. */
export const STATUS = {
  red: { label: "红", mark: "●", text: "需通报", colour: "#b2182b" },
  yellow: { label: "黄", mark: "▲", text: "需关注", colour: "#d6a21e" },
  green: { label: "绿", mark: "■", text: "正常", colour: "#1b7837" },
};

/** Severity for sorting: red first when sorted descending. */
export const STATUS_RANK = { red: 3, yellow: 2, green: 1 };

/**
 * @typedef {{code: string, status: "red" | "yellow", param: string, short: (p: PolicyValues) => string,
 *   text: (p: PolicyValues) => string, rule: (p: PolicyValues) => string}} StatusReason
 */

/**
 * The reasons, in the order status.sql lists them: the three that make a county red, then the three that
 * make it yellow. `short` labels a table cell, `text` says it in a sentence, `rule` is the exact test.
 * @type {StatusReason[]}
 */
export const STATUS_REASONS = [
  {
    code: "increment",
    status: "red",
    param: "status_red_increment_share",
    short: (p) => `新增欠缴>${shareText(p.status_red_increment_share)}`,
    text: (p) => `新增欠缴超过应筹资金的 ${shareText(p.status_red_increment_share)}`,
    rule: (p) =>
      `存量基准日后批复、批复时资金未到位的批次在截止日仍欠的金额 (新增仍欠) > 应筹资金 × ${shareText(p.status_red_increment_share)}`,
  },
  {
    code: "stock_behind",
    status: "red",
    param: "status_red_stock_progress",
    short: (p) => `化解<${shareText(p.status_red_stock_progress)}`,
    text: (p) => `存量化解进度低于 ${shareText(p.status_red_stock_progress)}`,
    rule: (p) => `存量化解进度 (1 − 尚未化解 ÷ 基准日存量) < ${shareText(p.status_red_stock_progress)}`,
  },
  {
    code: "over_allocated",
    status: "red",
    param: "status_red_over_allocated_share",
    short: (p) => `超额分配>${shareText(p.status_red_over_allocated_share)}`,
    text: (p) => `超额分配超过已分配金额的 ${shareText(p.status_red_over_allocated_share)}`,
    rule: (p) =>
      `分配到人超过到账资金的金额 (线索 F05) > 已分配到人 × ${shareText(p.status_red_over_allocated_share)}`,
  },
  {
    code: "stock_slow",
    status: "yellow",
    param: "status_yellow_stock_progress",
    short: (p) => `化解<${shareText(p.status_yellow_stock_progress)}`,
    text: (p) => `存量化解进度低于 ${shareText(p.status_yellow_stock_progress)}`,
    rule: (p) => `存量化解进度 < ${shareText(p.status_yellow_stock_progress)}`,
  },
  {
    code: "shortfall",
    status: "yellow",
    param: "status_yellow_shortfall_share",
    short: (p) => `缺口>${shareText(p.status_yellow_shortfall_share)}`,
    text: (p) => `资金缺口超过应筹资金的 ${shareText(p.status_yellow_shortfall_share)}`,
    rule: (p) => `资金缺口 > 应筹资金 × ${shareText(p.status_yellow_shortfall_share)}`,
  },
  {
    code: "stale",
    status: "yellow",
    param: "status_yellow_stale_share",
    short: (p) => `沉淀>${shareText(p.status_yellow_stale_share)}`,
    text: (p) => `到账满一年仍未分配的资金超过已到账的 ${shareText(p.status_yellow_stale_share)}`,
    rule: (p) => `到账已满一年仍未分配到人的资金 > 已到账资金 × ${shareText(p.status_yellow_stale_share)}`,
  },
];

/**
 * The reason of a code.
 * @param {string} code
 * @example reasonOf("stale")?.status === "yellow"
 */
export function reasonOf(code) {
  return STATUS_REASONS.find((r) => r.code === code);
}
