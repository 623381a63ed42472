/**
 * The data contract (docs/data.md) as data: the five input tables, the two optional ones, their fields,
 * Chinese labels, types and the values their enumerations accept. Readers use it to map headers, the
 * validation SQL to know which columns exist, the sample generator to write files users could have exported
 * themselves.
 */
import { ANSWER_COLUMNS, FINDING_KEY_COLUMN, RECTIFICATION_STATUS } from "@xianbao/common/evidence.js";

export type FieldKind =
  "text" | "county_code" | "village_code" | "date" | "decimal" | "money" | "integer" | "enum" | "person_id";

export interface FieldSpec {
  /** English field name, also the warehouse column name. */
  name: string;
  /** Chinese label as docs/data.md writes it; exports use it as the header. */
  label: string;
  /** Other headers seen in provincial exports that mean the same field. */
  aliases?: readonly string[];
  kind: FieldKind;
  required: boolean;
  /** For enums: accepted spellings (English code or Chinese label) mapped to the code. */
  values?: Readonly<Record<string, string>>;
}

export interface TableSpec {
  name: SourceTable;
  label: string;
  /** Fields whose combination must be unique; later duplicates are rejected. Empty: rows may repeat. */
  key: readonly string[];
  fields: readonly FieldSpec[];
}

export type TableName = "projects" | "fund_flows" | "villages" | "project_villages" | "distributions";

/**
 * The five tables plus the optional `counties.csv` that overrides or extends GB/T 2260 names and the
 * optional rectification ledger.
 */
export type SourceTable = TableName | "counties" | "rectifications";

const methodValues = {
  per_person: "per_person",
  以人筹资: "per_person",
  per_land: "per_land",
  以地筹资: "per_land",
} as const;

const flowValues = {
  deposit: "deposit",
  到账: "deposit",
  transfer: "transfer",
  划入: "transfer",
  预存户划入社保专户: "transfer",
  划入社保专户: "transfer",
  refund: "refund",
  退回: "refund",
  原渠道退回: "refund",
} as const;

const fundAccountValues = {
  pre_deposit: "pre_deposit",
  征地费用预存账户: "pre_deposit",
  预存账户: "pre_deposit",
  special: "special",
  社保基金财政专户: "special",
  财政专户: "special",
  社保专户: "special",
} as const;

const personAccountValues = {
  individual: "individual",
  个人账户: "individual",
  pre_deposit: "pre_deposit",
  个人预存款账户: "pre_deposit",
  预存款账户: "pre_deposit",
} as const;

export const PROJECTS: TableSpec = {
  name: "projects",
  label: "征地批次",
  key: ["project_id"],
  fields: [
    {
      name: "project_id",
      label: "批次编号",
      aliases: ["批复文号", "批次号", "征地批次编号", "征地批次号"],
      kind: "text",
      required: true,
    },
    {
      name: "project_name",
      label: "项目名称",
      aliases: ["批次名称", "征地项目名称", "征地批次名称"],
      kind: "text",
      required: true,
    },
    {
      name: "county_code",
      label: "县区代码",
      aliases: ["县(区)代码", "行政区划代码", "区县代码", "县级行政区划代码"],
      kind: "county_code",
      required: true,
    },
    { name: "applied_on", label: "报批日期", kind: "date", required: false },
    { name: "approved_on", label: "批复日期", kind: "date", required: true },
    { name: "supplied_on", label: "供地日期", kind: "date", required: false },
    { name: "area_mu", label: "征收面积(亩)", kind: "decimal", required: true },
    { name: "farmland_mu", label: "农用地面积(亩)", kind: "decimal", required: true },
    {
      name: "zone_price",
      label: "区片综合地价(元/亩)",
      aliases: ["区片价(元/亩)"],
      kind: "decimal",
      required: true,
    },
    { name: "method", label: "筹资办法", kind: "enum", required: true, values: methodValues },
    {
      name: "required_yuan",
      label: "应筹补贴资金(元)",
      aliases: ["应筹资金(元)"],
      kind: "money",
      required: true,
    },
  ],
};

export const FUND_FLOWS: TableSpec = {
  name: "fund_flows",
  label: "资金流水",
  key: ["flow_id"],
  fields: [
    { name: "flow_id", label: "凭证号", aliases: ["凭证编号", "记账凭证号"], kind: "text", required: true },
    { name: "project_id", label: "批次编号", kind: "text", required: true },
    { name: "flow", label: "类型", aliases: ["流水类型"], kind: "enum", required: true, values: flowValues },
    { name: "account", label: "账户", kind: "enum", required: true, values: fundAccountValues },
    {
      name: "flow_on",
      label: "日期",
      aliases: ["到账日期", "流水日期", "交易日期", "记账日期"],
      kind: "date",
      required: true,
    },
    {
      name: "amount_yuan",
      label: "金额(元)",
      aliases: ["到账金额(元)", "发生额(元)", "交易金额(元)"],
      kind: "money",
      required: true,
    },
  ],
};

export const VILLAGES: TableSpec = {
  name: "villages",
  label: "被征地单位",
  key: ["village_code"],
  fields: [
    {
      name: "village_code",
      label: "村代码",
      aliases: ["被征地单位代码", "村(居)代码", "村(社区)代码", "村居代码"],
      kind: "village_code",
      required: true,
    },
    {
      name: "village_name",
      label: "村名",
      aliases: ["被征地单位名称", "村名称", "村(居)名称", "村(社区)名称", "村居名称"],
      kind: "text",
      required: true,
    },
    {
      name: "farmland_per_capita_mu",
      label: "2002年末人均农用地(亩)",
      aliases: ["人均农用地(亩)"],
      kind: "decimal",
      required: true,
    },
    { name: "adult_share", label: "16周岁以上人口比例", kind: "decimal", required: true },
  ],
};

export const PROJECT_VILLAGES: TableSpec = {
  name: "project_villages",
  label: "批次涉及村",
  key: ["project_id", "village_code"],
  fields: [
    { name: "project_id", label: "批次编号", kind: "text", required: true },
    { name: "village_code", label: "村代码", kind: "village_code", required: true },
    {
      name: "farmland_mu",
      label: "该村被征农用地(亩)",
      aliases: ["被征农用地(亩)"],
      kind: "decimal",
      required: true,
    },
    { name: "compensation_paid_on", label: "补偿款拨付至村日期", kind: "date", required: false },
    { name: "quota", label: "核定参保指标(人)", aliases: ["参保指标(人)"], kind: "integer", required: false },
  ],
};

export const DISTRIBUTIONS: TableSpec = {
  name: "distributions",
  label: "分配到人",
  key: ["record_id"],
  fields: [
    {
      name: "record_id",
      label: "记录号",
      aliases: ["记录编号", "业务流水号", "流水号"],
      kind: "text",
      required: true,
    },
    {
      name: "project_id",
      label: "批次编号",
      aliases: ["征地批次编号", "批次号"],
      kind: "text",
      required: true,
    },
    {
      name: "village_code",
      label: "村代码",
      aliases: ["被征地单位代码", "村(居)代码", "村(社区)代码", "村居代码"],
      kind: "village_code",
      required: true,
    },
    {
      name: "person_id",
      label: "公民身份号码",
      aliases: ["身份证号码", "身份证号", "证件号码", "公民身份证号码", "社会保障号码"],
      kind: "person_id",
      required: true,
    },
    {
      name: "amount_yuan",
      label: "金额(元)",
      aliases: ["发放金额(元)", "补贴金额(元)", "分配金额(元)", "记账金额(元)"],
      kind: "money",
      required: true,
    },
    {
      name: "credited_on",
      label: "记账日期",
      aliases: ["发放日期", "分配日期", "入账日期"],
      kind: "date",
      required: true,
    },
    {
      name: "account",
      label: "账户",
      aliases: ["账户类型"],
      kind: "enum",
      required: true,
      values: personAccountValues,
    },
  ],
};

/** Optional county names (docs/data.md#counties): overrides or extends GB/T 2260. */
export const COUNTIES: TableSpec = {
  name: "counties",
  label: "县区名称",
  key: ["county_code"],
  fields: [
    { name: "county_code", label: "县区代码", kind: "county_code", required: true },
    { name: "county_name", label: "县区名称", aliases: ["县区"], kind: "text", required: true },
    { name: "city_name", label: "地市名称", aliases: ["地市", "市"], kind: "text", required: true },
  ],
};

const answer = (key: string) => ANSWER_COLUMNS.find((c) => c.key === key)!.label;
const statusValues = Object.fromEntries(
  Object.entries(RECTIFICATION_STATUS).flatMap(([code, s]) =>
    [code, s.label, ...s.aliases].map((spelling) => [spelling, code]),
  ),
);

/**
 * The rectification ledger (整改台账, docs/data.md#rectifications): the findings list sent to a county,
 * returned with its answer columns filled in. The list's other columns are extra columns. A key may be
 * reported on many times, so nothing is a duplicate. A row whose answer columns are all empty is a finding
 * the county did not answer: not data, counted apart (validate/rectifications.sql, docs/decisions.md R2).
 */
export const RECTIFICATIONS: TableSpec = {
  name: "rectifications",
  label: "整改台账",
  key: [],
  fields: [
    { name: "finding_key", label: FINDING_KEY_COLUMN.label, kind: "text", required: true },
    { name: "status", label: answer("status"), kind: "enum", required: true, values: statusValues },
    { name: "reported_on", label: answer("reported_on"), kind: "date", required: true },
    { name: "note", label: answer("note"), kind: "text", required: false },
  ],
};

/** The five tables in load order: every table comes after the tables it refers to. */
export const TABLES: readonly TableSpec[] = [PROJECTS, VILLAGES, PROJECT_VILLAGES, FUND_FLOWS, DISTRIBUTIONS];

/** The tables a data directory may leave out. */
export const OPTIONAL_TABLES: readonly TableSpec[] = [COUNTIES, RECTIFICATIONS];

/**
 * Every table in load order: county names first (they decide which counties are known), then the five,
 * then the ledger (its keys name projects).
 */
export const LOAD_ORDER: readonly SourceTable[] = [
  "counties",
  ...TABLES.map((t) => t.name),
  "rectifications",
];

/**
 * The keys of every checked row (loaded or rejected) of a table, kept for the tables loaded after it: a
 * credit naming a project that was rejected says so ("project_rejected") rather than "unknown".
 */
export const SEEN_KEYS: Partial<Record<SourceTable, { table: string; column: string }>> = {
  projects: { table: "seen_projects", column: "project_id" },
  villages: { table: "seen_villages", column: "village_code" },
};

/** The table spec for a name. */
export function tableSpec(name: SourceTable): TableSpec {
  const spec = [...TABLES, ...OPTIONAL_TABLES].find((t) => t.name === name);
  if (!spec) throw new Error(`unknown table ${name}`);
  return spec;
}

/**
 * Normalises a header or enum spelling for matching: NFKC (full-width brackets and letters to ASCII),
 * no spaces of any width, lower case.
 * @example normalizeLabel(" 征收面积（亩） ") === "征收面积(亩)"
 */
export function normalizeLabel(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\s\u3000\ufeff]+/g, "")
    .toLowerCase();
}

/** Every normalised header that names the field: its English name, its label, aliases, and labels without the unit. */
export function headerSpellings(field: FieldSpec): string[] {
  const names = [field.name, field.label, ...(field.aliases ?? [])];
  const withoutUnit = names.map((n) => n.replace(/[(（][^)）]*[)）]$/, ""));
  return [...new Set([...names, ...withoutUnit].map(normalizeLabel))];
}
