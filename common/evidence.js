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
 * The findings list's columns in order: the key, the finding and its evidence, then the answer columns.
 * @type {{key: string, label: string}[]}
 */
export const EVIDENCE_COLUMNS = [
  FINDING_KEY_COLUMN,
  { key: "code", label: "规则" },
  { key: "title", label: "线索" },
  { key: "county_code", label: "县区代码" },
  { key: "county_name", label: "县区" },
  { key: "city_name", label: "地市" },
  { key: "project_id", label: "批次编号" },
  { key: "project_name", label: "项目名称" },
  { key: "village_code", label: "村代码" },
  { key: "village_name", label: "村名" },
  { key: "person", label: "公民身份号码" },
  { key: "record_id", label: "记录号" },
  { key: "amount_yuan", label: "金额(元)" },
  { key: "event_on", label: "日期" },
  { key: "detail", label: "说明" },
  { key: "source_file", label: "来源文件" },
  { key: "source_row", label: "来源行号" },
  ...ANSWER_COLUMNS,
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
