// The findings list sent to the counties and the rectification ledger they return (docs/review.md): its
// columns, Chinese headers, the statuses a county may report and the verdicts on a claim. One definition,
// read by the CLI export, the site's downloads and the ledger's table contract. Keep it free of DOM and
// Node APIs.

/** The finding's stable key (docs/findings.md#finding-key), the first column of every findings list. */
export const FINDING_KEY_COLUMN = { key: "finding_key", label: "线索编号" };

/**
 * The three columns a county fills in, left empty in the list it is sent; their keys are the field names
 * of the rectifications table, their labels its Chinese headers.
 */
export const ANSWER_COLUMNS = [
  { key: "status", label: "整改状态" },
  { key: "reported_on", label: "报告日期" },
  { key: "note", label: "整改说明" },
];

/**
 * How a column's values are written: "yuan" exact money (#,##0.00), "count" whole numbers (#,##0),
 * "decimal" headcounts with decimals (#,##0.00), "ratio" (0.00), "date" a day (an Excel date, ISO text in
 * CSV), "text" as it is. Values arrive as the warehouse gives them: money and decimals as exact decimal
 * text, dates as YYYY-MM-DD.
 * @typedef {"yuan" | "count" | "decimal" | "ratio" | "date" | "text"} ColumnType
 */

/**
 * The figures that prove each rule (docs/findings.md#proof), computed in loaders/sql/metrics/proof.sql
 * (table m_finding_proof, the same keys): a compact set shared by the rules, each filled only for the
 * rules listed in `rules` and empty otherwise, so every findings list has the same columns.
 * @type {{key: string, label: string, type: ColumnType, rules: string[]}[]}
 */
export const PROOF_COLUMNS = [
  { key: "required_yuan", label: "应筹资金(元)", type: "yuan", rules: ["F01", "F02", "F03"] },
  { key: "received_yuan", label: "到账资金(元)", type: "yuan", rules: ["F01", "F02", "F05"] },
  { key: "in_special_yuan", label: "财政专户资金(元)", type: "yuan", rules: ["F03"] },
  { key: "distributed_yuan", label: "已分配资金(元)", type: "yuan", rules: ["F05"] },
  { key: "new_method_yuan", label: "以地筹资(元)", type: "yuan", rules: ["F12"] },
  { key: "old_method_yuan", label: "以人筹资(元)", type: "yuan", rules: ["F12"] },
  { key: "gap_yuan", label: "差额(元)", type: "yuan", rules: ["F01", "F02", "F03", "F05", "F12"] },
  { key: "approved_on", label: "批复日期", type: "date", rules: ["F01", "F03", "F04"] },
  { key: "supplied_on", label: "供地日期", type: "date", rules: ["F02"] },
  { key: "funded_on", label: "资金到位日期", type: "date", rules: ["F04"] },
  { key: "compensation_paid_on", label: "补偿款支付日期", type: "date", rules: ["F10"] },
  { key: "deadline_on", label: "期限日期", type: "date", rules: ["F03", "F04", "F10"] },
  { key: "first_credited_on", label: "首次记账日期", type: "date", rules: ["F04", "F08"] },
  { key: "actual_people", label: "实际人数(人)", type: "count", rules: ["F06", "F07", "F11"] },
  { key: "virtual_people", label: "虚拟人数(人)", type: "decimal", rules: ["F06", "F07"] },
  { key: "headcount_ratio", label: "实际/虚拟人数比", type: "ratio", rules: ["F06", "F07"] },
  { key: "threshold_ratio", label: "人数比阈值", type: "ratio", rules: ["F06", "F07"] },
  { key: "quota", label: "核定指标(人)", type: "count", rules: ["F11"] },
  { key: "credit_n", label: "第几次记账", type: "count", rules: ["F08"] },
  { key: "age_years", label: "记账日年龄(周岁)", type: "count", rules: ["F09"] },
  { key: "adult_age", label: "成年年龄(周岁)", type: "count", rules: ["F09"] },
];

/**
 * The findings list's columns in order: the key, the finding and its evidence, the proof figures, where
 * the record came from, then the answer columns.
 * @type {{key: string, label: string, type: ColumnType}[]}
 */
export const EVIDENCE_COLUMNS = [
  { ...FINDING_KEY_COLUMN, type: "text" },
  { key: "code", label: "规则", type: "text" },
  { key: "title", label: "线索", type: "text" },
  { key: "county_code", label: "县区代码", type: "text" },
  { key: "county_name", label: "县区", type: "text" },
  { key: "city_name", label: "地市", type: "text" },
  { key: "project_id", label: "批次编号", type: "text" },
  { key: "project_name", label: "项目名称", type: "text" },
  { key: "village_code", label: "村代码", type: "text" },
  { key: "village_name", label: "村名", type: "text" },
  { key: "person", label: "公民身份号码", type: "text" },
  { key: "record_id", label: "记录号", type: "text" },
  { key: "amount_yuan", label: "金额(元)", type: "yuan" },
  { key: "event_on", label: "日期", type: "date" },
  { key: "detail", label: "说明", type: "text" },
  ...PROOF_COLUMNS.map(({ key, label, type }) => ({ key, label, type })),
  { key: "source_file", label: "来源文件", type: "text" },
  { key: "source_row", label: "来源行号", type: "count" },
  ...ANSWER_COLUMNS.map((c) => ({ ...c, type: /** @type {ColumnType} */ ("text") })),
];

/**
 * What a county may report on a finding (整改状态): the code, its Chinese label, and other spellings a
 * clerk types for it.
 */
export const RECTIFICATION_STATUS = {
  rectified: { label: "已整改", aliases: ["整改完成", "已完成整改"] },
  in_progress: { label: "整改中", aliases: ["正在整改"] },
  explained: { label: "情况说明", aliases: ["已说明"] },
};

/** The verdict on a `rectified` claim at T (docs/review.md#verdict). */
export const VERDICTS = {
  confirmed: { label: "已核实", text: "数据显示该线索已解决或已不存在" },
  not_confirmed: { label: "整改不实", text: "报告已整改, 但数据显示该线索仍未解决" },
};

/**
 * The finding_key a finding's own fields imply (docs/findings.md#finding-key): rule, project, then its
 * record or village when it has one. The site's findings file stores a key only where it differs (a masked
 * record id, a `~n` suffix), so 100,000 findings do not carry 100,000 keys.
 * @param {string} code @param {string} projectId @param {string | null} villageCode @param {string | null} recordId
 * @example impliedFindingKey("F11", "P1", "440103001", null) === "F11:P1:440103001"
 */
export function impliedFindingKey(code, projectId, villageCode, recordId) {
  const tail = recordId ?? villageCode;
  return tail === null || tail === undefined ? `${code}:${projectId}` : `${code}:${projectId}:${tail}`;
}
