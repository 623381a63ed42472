// The twelve audit rules: one definition, imported by the pipeline (loaders/) and the pages (src/) as
// @xianbao/common/rules.js. A rule's text is built from the policy in force (policy.json may change every
// threshold), so no number of a rule is written here. Rule definitions: docs/findings.md.

/**
 * @typedef {Record<string, any>} PolicyValues the resolved policy of a scope (policy_scopes), keys as in
 *   policy.json
 * @typedef {{code: string, title: string, text: (p: PolicyValues) => string, params: string[],
 *   source: string, amount: string, amountTotal: string}} Rule
 */

/** @type {Rule[]} */
export const RULES = [
  {
    code: "F01",
    title: "批复时资金未到位",
    text: () => "批复日到账资金 < 应筹资金 (先保后征)",
    params: [],
    source: "桂 2024 答复; 鲁人社规〔2023〕3号 第五条",
    amount: "批复日缺口",
    amountTotal: "批复日缺口合计",
  },
  {
    code: "F02",
    title: "供地时资金未到位",
    text: () => "供地日到账资金 < 应筹资金 (先保后供)",
    params: [],
    source: "桂 2024 答复",
    amount: "供地日缺口",
    amountTotal: "供地日缺口合计",
  },
  {
    code: "F03",
    title: "逾期未划入社保专户",
    text: (p) => `批复后 ${p.transfer_deadline_days} 日财政专户资金 < 应筹资金`,
    params: ["transfer_deadline_days"],
    source: "鲁人社规〔2023〕3号 第十三条",
    amount: "到期日专户缺口",
    amountTotal: "到期日专户缺口合计",
  },
  {
    code: "F04",
    title: "资金到位后逾期未参保",
    text: (p) => `资金到位且批复后 ${p.enrolment_deadline_days} 日内无人记账`,
    params: ["enrolment_deadline_days"],
    source: "鲁人社规〔2023〕3号 第十五条",
    amount: "",
    amountTotal: "",
  },
  {
    code: "F05",
    title: "超额分配",
    text: () => "已分配到人 > 到账资金",
    params: [],
    source: "对账",
    amount: "超出金额",
    amountTotal: "超额分配合计",
  },
  {
    code: "F06",
    title: "人数稀释",
    text: (p) => `实际人数 / 虚拟人数 ≥ ${p.dilution_ratio}`,
    params: ["dilution_ratio"],
    source: "粤人社 2022 答复 (深茂铁路)",
    amount: "",
    amountTotal: "",
  },
  {
    code: "F07",
    title: "覆盖不足",
    text: (p) => `资金到位但实际人数 / 虚拟人数 < ${p.undercoverage_ratio}`,
    params: ["undercoverage_ratio"],
    source: "粤人社 2022 答复",
    amount: "",
    amountTotal: "",
  },
  {
    code: "F08",
    title: "同一人重复记账",
    text: () => "同一批次同一身份证号记账两次以上",
    params: [],
    source: "对账",
    amount: "重复的记账金额",
    amountTotal: "重复记账金额合计",
  },
  {
    code: "F09",
    title: "未成年人记入个人账户",
    text: (p) => `记账日未满 ${p.adult_age} 周岁却记入个人账户 (应记个人预存款账户)`,
    params: ["adult_age"],
    source: "鲁人社规〔2023〕3号 第十七条",
    amount: "该笔金额",
    amountTotal: "涉及记账金额合计",
  },
  {
    code: "F10",
    title: "指标过期后记账",
    text: (p) => `补偿款到村满 ${p.quota_valid_years} 年后仍记账`,
    params: ["quota_valid_years"],
    source: "鄞州 2023 通知",
    amount: "该笔金额",
    amountTotal: "涉及记账金额合计",
  },
  {
    code: "F11",
    title: "超指标参保",
    text: () => "村参保人数 > 核定参保指标",
    params: [],
    source: "鄞州 2023 通知",
    amount: "",
    amountTotal: "",
  },
  {
    code: "F12",
    title: "新办法低于旧办法",
    text: () => "以地筹资金额 < 以人筹资金额",
    params: ["per_person_yuan", "land_ratio_tiers"],
    source: "粤人社 2022 答复",
    amount: "",
    amountTotal: "",
  },
];

/**
 * The twelve rule codes in order; they name columns of the outputs and the site.
 * @type {readonly ("F01"|"F02"|"F03"|"F04"|"F05"|"F06"|"F07"|"F08"|"F09"|"F10"|"F11"|"F12")[]}
 */
export const FINDING_CODES = /** @type {any} */ (RULES.map((r) => r.code));

/**
 * The rule of a code.
 * @param {string} code
 * @returns {Rule | undefined}
 * @example ruleOf("F06").title === "人数稀释"
 */
export function ruleOf(code) {
  return RULES.find((r) => r.code === code);
}

/**
 * A rule's text with the thresholds of a policy.
 * @param {Rule | string} rule a rule or its code
 * @param {PolicyValues} policy
 * @example ruleText("F03", {transfer_deadline_days: 90}) === "批复后 90 日财政专户资金 < 应筹资金"
 */
export function ruleText(rule, policy) {
  const r = typeof rule === "string" ? ruleOf(rule) : rule;
  return r ? r.text(policy) : String(rule);
}
