/**
 * How each table is spelled in each output format. `mixed` imitates what provinces really send: an XLSX
 * with Chinese headers, a GBK CSV from Excel with slashed dates and thousands separators, a UTF-8 CSV with
 * BOM, Chinese dates, and an extra 姓名 column. `csv` is plain UTF-8 with English headers and ISO dates.
 */
import { chineseOf, isoOf, slashOf } from "./dates.ts";
import { fenText, groupedFenText, scaledText } from "./decimal.ts";
import type { TextEncodingName } from "./sink.ts";
import type {
  DistributionRecord,
  FlowRecord,
  ProjectRecord,
  ProjectVillageRecord,
  VillageRecord,
} from "./records.ts";

export type SampleFormat = "mixed" | "csv";
export type Cell = string | number;

export interface TableLayout<T> {
  /** File name (without folder) and kind. */
  file: string;
  kind: "xlsx" | "csv";
  encoding: TextEncodingName;
  header: readonly string[];
  /** Field name of each column (null for an extra column). */
  fields: readonly (string | null)[];
  cells(record: T): Cell[];
  /** How a workbook frames the table the way provincial systems export it (xlsx only). */
  form?: SheetForm;
}

/**
 * A table framed as government exports are (docs/data.md#rows): rows above the header, columns
 * merged down over equal values, a 合计 row and a signature row under the data. The reader must read the
 * table with the same figures as the bare one.
 */
export interface SheetForm {
  /** Rows above the header, each one cell merged across the table's columns. */
  title: readonly string[];
  /** Columns whose equal consecutive values are merged down, as clerks merge a county over its projects. */
  mergeDown: readonly number[];
  /** Columns summed, exactly, in the 合计 row below the data (their numeric cells). */
  totals: readonly number[];
  /** The signature row below the totals. */
  footer: string;
}

const text = (value: number | null, f: (n: number) => string) => (value === null ? "" : f(value));
const mu = (units: number) => scaledText(units, 4);

const METHOD_ZH = { per_person: "以人筹资", per_land: "以地筹资" } as const;
const FLOW_ZH = { deposit: "到账", transfer: "划入社保专户", refund: "原渠道退回" } as const;
const FUND_ACCOUNT_ZH = { pre_deposit: "征地费用预存账户", special: "社保基金财政专户" } as const;

const PROJECT_FIELDS = [
  "project_id",
  "project_name",
  "county_code",
  "applied_on",
  "approved_on",
  "supplied_on",
  "area_mu",
  "farmland_mu",
  "zone_price",
  "method",
  "required_yuan",
];
const FLOW_FIELDS = ["flow_id", "project_id", "flow", "account", "flow_on", "amount_yuan"];
const VILLAGE_FIELDS = ["village_code", "village_name", "farmland_per_capita_mu", "adult_share"];
const PV_FIELDS = ["project_id", "village_code", "farmland_mu", "compensation_paid_on", "quota"];
const DISTRIBUTION_FIELDS = [
  "record_id",
  "project_id",
  "village_code",
  "person_id",
  "amount_yuan",
  "credited_on",
  "account",
];

export interface Layouts {
  projects: TableLayout<ProjectRecord>;
  fund_flows: TableLayout<FlowRecord>;
  villages: TableLayout<VillageRecord>;
  project_villages: TableLayout<ProjectVillageRecord>;
  distributions: TableLayout<DistributionRecord>;
}

/** The layouts of every table for a format; `clean` drops the extra 姓名 column. */
export function layouts(format: SampleFormat, clean: boolean): Layouts {
  return format === "mixed" ? mixedLayouts(clean) : csvLayouts();
}

function csvLayouts(): Layouts {
  const plain = <T>(file: string, fields: string[], cells: (r: T) => Cell[]): TableLayout<T> => ({
    file,
    kind: "csv",
    encoding: "utf-8",
    header: fields,
    fields,
    cells,
  });
  return {
    projects: plain("projects.csv", PROJECT_FIELDS, (p: ProjectRecord) => [
      p.project_id,
      p.project_name,
      p.county_code,
      text(p.applied_on, isoOf),
      isoOf(p.approved_on),
      text(p.supplied_on, isoOf),
      mu(p.area),
      mu(p.farmland),
      fenText(p.zone_price),
      p.method,
      fenText(p.required),
    ]),
    fund_flows: plain("fund_flows.csv", FLOW_FIELDS, (f: FlowRecord) => [
      f.flow_id,
      f.project_id,
      f.flow,
      f.account,
      isoOf(f.flow_on),
      fenText(f.amount),
    ]),
    villages: plain("villages.csv", VILLAGE_FIELDS, (v: VillageRecord) => [
      v.village_code,
      v.village_name,
      mu(v.per_capita),
      scaledText(v.adult_share, 4),
    ]),
    project_villages: plain("project_villages.csv", PV_FIELDS, (pv: ProjectVillageRecord) => [
      pv.project_id,
      pv.village_code,
      mu(pv.farmland),
      text(pv.compensation_paid_on, isoOf),
      text(pv.quota, String),
    ]),
    distributions: plain("", DISTRIBUTION_FIELDS, (d: DistributionRecord) => [
      d.record_id,
      d.project_id,
      d.village_code,
      d.person_id,
      fenText(d.amount),
      isoOf(d.credited_on),
      d.account,
    ]),
  };
}

function mixedLayouts(clean: boolean): Layouts {
  const number = (t: string) => Number(t);
  return {
    projects: {
      file: "projects.xlsx",
      kind: "xlsx",
      encoding: "utf-8",
      // Full-width brackets, as Chinese spreadsheets type them; the contract normalises them.
      header: [
        "批次编号",
        "项目名称",
        "县区代码",
        "报批日期",
        "批复日期",
        "供地日期",
        "征收面积（亩）",
        "农用地面积（亩）",
        "区片综合地价（元/亩）",
        "筹资办法",
        "应筹补贴资金（元）",
      ],
      fields: PROJECT_FIELDS,
      // 县区代码 merged over each county's projects; 征收面积, 农用地面积 and 应筹补贴资金 totalled.
      form: {
        title: [
          "广东省被征地农民养老保险补贴批次台账",
          "填报单位：广东省人力资源和社会保障厅　　单位：亩、元",
        ],
        mergeDown: [2],
        totals: [6, 7, 10],
        footer: "填表人：　　　　审核人：　　　　填报日期：",
      },
      cells: (p) => [
        p.project_id,
        p.project_name,
        p.county_code,
        text(p.applied_on, isoOf),
        isoOf(p.approved_on),
        text(p.supplied_on, isoOf),
        number(mu(p.area)),
        number(mu(p.farmland)),
        number(fenText(p.zone_price)),
        METHOD_ZH[p.method],
        number(fenText(p.required)),
      ],
    },
    fund_flows: {
      file: "fund_flows.csv",
      kind: "csv",
      encoding: "gbk",
      header: ["凭证号", "批次编号", "类型", "账户", "日期", "金额(元)"],
      fields: FLOW_FIELDS,
      cells: (f) => [
        f.flow_id,
        f.project_id,
        FLOW_ZH[f.flow],
        FUND_ACCOUNT_ZH[f.account],
        slashOf(f.flow_on),
        groupedFenText(f.amount),
      ],
    },
    villages: {
      file: "villages.csv",
      kind: "csv",
      encoding: "utf-8-bom",
      header: ["村代码", "村名", "2002年末人均农用地(亩)", "16周岁以上人口比例"],
      fields: VILLAGE_FIELDS,
      cells: (v) => [v.village_code, v.village_name, mu(v.per_capita), scaledText(v.adult_share, 4)],
    },
    project_villages: {
      file: "project_villages.csv",
      kind: "csv",
      encoding: "utf-8",
      header: PV_FIELDS,
      fields: PV_FIELDS,
      cells: (pv) => [
        pv.project_id,
        pv.village_code,
        mu(pv.farmland),
        text(pv.compensation_paid_on, chineseOf),
        text(pv.quota, String),
      ],
    },
    distributions: {
      file: "",
      kind: "csv",
      encoding: "utf-8",
      header: clean ? DISTRIBUTION_FIELDS : [...DISTRIBUTION_FIELDS, "姓名"],
      fields: clean ? DISTRIBUTION_FIELDS : [...DISTRIBUTION_FIELDS, null],
      cells: (d) => {
        const cells: Cell[] = [
          d.record_id,
          d.project_id,
          d.village_code,
          d.person_id,
          fenText(d.amount),
          isoOf(d.credited_on),
          d.account,
        ];
        if (!clean) cells.push(d.name);
        return cells;
      },
    },
  };
}

/** The column of a field in a layout; throws when the layout has no such field. */
export function columnOf(layout: TableLayout<unknown>, field: string): number {
  const index = layout.fields.indexOf(field);
  if (index < 0) throw new Error(`no column ${field} in ${layout.file || "distributions"}`);
  return index;
}
