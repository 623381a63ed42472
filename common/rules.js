// The audit rules, their status colours and reasons: one definition, imported by the Node pipeline
// (loaders/) and the browser (src/) as @xianbao/common/rules.js. Keep it free of DOM and Node APIs.

/** @type {{code: string, title: string, rule: string, source: string, amount: string}[]} */
export const RULES = [
  {
    code: "F01",
    title: "批复时资金未到位",
    rule: "批复日到账资金 < 应筹资金 (先保后征)",
    source: "桂 2024 答复; 鲁人社规〔2023〕3号 第五条",
    amount: "批复日缺口",
  },
  {
    code: "F02",
    title: "供地时资金未到位",
    rule: "供地日到账资金 < 应筹资金 (先保后供)",
    source: "桂 2024 答复",
    amount: "供地日缺口",
  },
  {
    code: "F03",
    title: "逾期未划入社保专户",
    rule: "批复后 60 日财政专户资金 < 应筹资金",
    source: "鲁人社规〔2023〕3号 第十三条",
    amount: "到期日专户缺口",
  },
  {
    code: "F04",
    title: "资金到位后逾期未参保",
    rule: "资金到位且批复后 60 日内无人记账",
    source: "鲁人社规〔2023〕3号 第十五条",
    amount: "",
  },
  { code: "F05", title: "超额分配", rule: "已分配到人 > 到账资金", source: "对账", amount: "超出金额" },
  {
    code: "F06",
    title: "人数稀释",
    rule: "实际人数 / 虚拟人数 ≥ 2",
    source: "粤人社 2022 答复 (深茂铁路)",
    amount: "",
  },
  {
    code: "F07",
    title: "覆盖不足",
    rule: "资金到位但实际人数 / 虚拟人数 < 0.8",
    source: "粤人社 2022 答复",
    amount: "",
  },
  {
    code: "F08",
    title: "同一人重复记账",
    rule: "同一批次同一身份证号记账两次以上",
    source: "对账",
    amount: "重复的记账金额",
  },
  {
    code: "F09",
    title: "未成年人记入个人账户",
    rule: "记账日未满 16 周岁却记入个人账户 (应记个人预存款账户)",
    source: "鲁人社规〔2023〕3号 第十七条",
    amount: "该笔金额",
  },
  {
    code: "F10",
    title: "指标过期后记账",
    rule: "补偿款到村满 1 年后仍记账",
    source: "鄞州 2023 通知",
    amount: "该笔金额",
  },
  {
    code: "F11",
    title: "超指标参保",
    rule: "村参保人数 > 核定参保指标",
    source: "鄞州 2023 通知",
    amount: "",
  },
  {
    code: "F12",
    title: "新办法低于旧办法",
    rule: "以地筹资金额 < 以人筹资金额",
    source: "粤人社 2022 答复",
    amount: "",
  },
];

/**
 * The twelve rule codes in order; they name columns of the outputs and the site.
 * @type {readonly ("F01"|"F02"|"F03"|"F04"|"F05"|"F06"|"F07"|"F08"|"F09"|"F10"|"F11"|"F12")[]}
 */
export const FINDING_CODES = /** @type {any} */ (RULES.map((r) => r.code));

/** Status colours of the county league table, with the reason each one is given. */
export const STATUS = {
  red: { label: "红", mark: "●", text: "需通报", colour: "#b2182b" },
  yellow: { label: "黄", mark: "▲", text: "需关注", colour: "#d6a21e" },
  green: { label: "绿", mark: "■", text: "正常", colour: "#1b7837" },
};

/** @type {Record<string, string>} */
export const STATUS_REASONS = {
  increment: "有新增欠缴 (批复后仍有缺口)",
  stock_behind: "存量化解不足一半",
  over_allocated: "超额分配",
  stock_open: "存量尚未化解完",
  shortfall: "仍有资金缺口",
  stale: "资金沉淀超过一年",
};
