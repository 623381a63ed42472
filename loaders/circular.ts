/**
 * The circular (通报) of a review period as a Word document (docs/review.md#circular): title and period, a
 * summary in sentences built from the figures of the comparison (m_changes, the roll-ups and the ledger
 * counted at T1), the counties with new increments or 整改不实 named, the county table with status and
 * change, and an annex of open findings by county and rule. It follows the layout of GB/T 9704-2012
 * (党政机关公文格式): A4, margins 37 / 35 / 28 / 26 mm, title in 小标宋 二号, body in 仿宋 三号 on a fixed
 * 28.95 pt line, headings in 黑体 and 楷体, page numbers "— 1 —" in 宋体 四号 at the foot (odd pages right,
 * even pages left). Fonts are named as offices install them, each with the system font that stands in for
 * it (docs/decisions.md R7). Amounts are in 万元 with two decimals, exact. Only counties and counts appear:
 * no person, no ID.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type ISectionOptions,
} from "docx";
import { RULES } from "@xianbao/common/rules.js";
import { STATUS } from "@xianbao/common/status.js";
import { writeFileAtomically } from "./atomic.ts";
import type { Warehouse } from "./warehouse.ts";

/** What `report --out` is, for messages. */
const CIRCULAR_OUT = { zh: "通报文件 (--out)", en: "the circular (--out)" };

/** The fonts of GB/T 9704 and the font each falls back to where it is not installed. */
export const CIRCULAR_FONTS = {
  title: { name: "方正小标宋简体", fallback: "宋体" },
  body: { name: "仿宋_GB2312", fallback: "仿宋" },
  heading1: { name: "黑体", fallback: "SimHei" },
  heading2: { name: "楷体_GB2312", fallback: "楷体" },
  pageNumber: { name: "宋体", fallback: "SimSun" },
} as const;

// Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 五号 10.5 pt, 小五 9 pt.
const SIZE = { title: 44, body: 32, pageNumber: 28, table: 21, tableSmall: 18 };
// 22 lines to the 225 mm text block of GB/T 9704: 28.95 pt a line (in twentieths of a point).
const LINE = 579;
// Twentieths of a point per millimetre, rounded as Word rounds A4 (11906 x 16838).
const twip = (mm: number) => Math.round((mm * 1440) / 25.4);
const MARGIN = { top: 37, bottom: 35, left: 28, right: 26 };
const A4 = { width: 210, height: 297 };

/** One row of m_changes (the comparison of T0 and T1) with the ledger counted at T1. */
export interface CircularRow {
  level: "all" | "city" | "county";
  code: string;
  name: string;
  city_name: string;
  status: keyof typeof STATUS | null;
  projects: number;
  required_yuan: string;
  received_yuan_then: string;
  received_yuan_now: string;
  distributed_yuan_then: string;
  distributed_yuan_now: string;
  unallocated_yuan_then: string;
  unallocated_yuan_now: string;
  shortfall_yuan_then: string;
  shortfall_yuan_now: string;
  stock_projects: number | null;
  stock_baseline_yuan: string | null;
  stock_remaining_yuan_then: string | null;
  stock_remaining_yuan_now: string | null;
  stock_cleared_yuan: string | null;
  increment_open_yuan_then: string;
  increment_open_yuan_now: string;
  new_increment_projects: number;
  findings_open_then: number;
  findings_open_now: number;
  findings_new: number;
  findings_resolved: number;
  rectified_confirmed: number;
  rectified_not_confirmed: number;
  in_progress: number;
  explained: number;
  unmatched_rectifications: number;
}

/** What the circular says: the two dates, the stock baseline, every row, open findings by county and rule. */
export interface CircularData {
  asOf: string;
  compareTo: string;
  stockBaseline: string;
  rows: CircularRow[];
  /** Open findings at T1 per county (code) and rule. */
  openByRule: { code: string; rule: string; open: number }[];
}

/** Reads what the circular needs from a warehouse after comparePeriods. */
export async function circularData(db: Warehouse): Promise<CircularData> {
  const meta = await db.rows<{ key: string; value: string }>(
    `SELECT key, value FROM meta WHERE key IN ('as_of', 'compare_to')`,
  );
  const value = (key: string) => meta.find((m) => m.key === key)?.value;
  const asOf = value("as_of");
  const compareTo = value("compare_to");
  if (!asOf || !compareTo) throw new Error("circularData needs comparePeriods to have run");
  const rows = await db.rows<CircularRow>(
    `SELECT c.level, c.code, c.name, coalesce(c.city_name, '') AS city_name, s.status, r.projects, r.required_yuan,
       c.received_yuan_then, c.received_yuan_now, c.distributed_yuan_then, c.distributed_yuan_now,
       c.unallocated_yuan_then, c.unallocated_yuan_now, c.shortfall_yuan_then, c.shortfall_yuan_now,
       r.stock_projects, r.stock_baseline_yuan, c.stock_remaining_yuan_then, c.stock_remaining_yuan_now,
       c.stock_cleared_yuan, c.increment_open_yuan_then, c.increment_open_yuan_now, c.new_increment_projects,
       c.findings_open_then, c.findings_open_now, c.findings_new, c.findings_resolved,
       r.rectified_confirmed, r.rectified_not_confirmed, r.in_progress, r.explained, r.unmatched_rectifications
     FROM m_changes c
     JOIN m_rollups r USING (level, code)
     LEFT JOIN m_status s USING (level, code)
     ORDER BY CASE c.level WHEN 'all' THEN 0 WHEN 'city' THEN 1 ELSE 2 END, c.code`,
  );
  const openByRule = await db.rows<{ code: string; rule: string; open: number }>(
    `SELECT code, rule, open FROM m_rule_counts WHERE level = 'county' AND open > 0 ORDER BY code, rule`,
  );
  const stockBaseline = await db.value<string>(
    `SELECT policy ->> 'stock_baseline' FROM policy_scopes WHERE scope = '*'`,
  );
  return { asOf, compareTo, stockBaseline: stockBaseline ?? "", rows, openByRule };
}

/**
 * Yuan (decimal text with 2 decimals, exact) as 万元 with two decimals, rounded half away from zero.
 * @example wan("12345678.90") === "1234.57"; wan("-50.00") === "-0.01"
 */
export function wan(yuan: string): string {
  const negative = yuan.startsWith("-");
  const [whole, frac = ""] = yuan.replace("-", "").split(".");
  const fen = BigInt(whole) * 100n + BigInt((frac + "00").slice(0, 2));
  const hundredYuan = (fen + 5000n) / 10000n; // 万元 to 2 decimals = units of 100 yuan = 10,000 fen
  const text = `${hundredYuan / 100n}.${String(hundredYuan % 100n).padStart(2, "0")}`;
  return negative && hundredYuan > 0n ? `-${text}` : text;
}

/** now - then in yuan text (exact). */
function minus(now: string, then: string): string {
  const fen = (t: string) => {
    const negative = t.startsWith("-");
    const [w, f = ""] = t.replace("-", "").split(".");
    const v = BigInt(w) * 100n + BigInt((f + "00").slice(0, 2));
    return negative ? -v : v;
  };
  const d = fen(now) - fen(then);
  const abs = d < 0n ? -d : d;
  return `${d < 0n ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

/** A signed change in 万元 for a table ("+1.20", "-3.40", "0.00"). */
function signedWan(yuan: string): string {
  const text = wan(yuan);
  return text.startsWith("-") || text === "0.00" ? text : `+${text}`;
}

/** "增加 1.20 万元" / "减少 3.40 万元" / "持平" for a sentence. */
function changeText(yuan: string): string {
  const text = wan(yuan);
  if (text === "0.00") return "持平";
  return text.startsWith("-") ? `减少${text.slice(1)}万元` : `增加${text}万元`;
}

function signedCount(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** YYYY-MM-DD as 2026年9月30日. */
export function dateZh(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/** The period's name: 2026年上半年 / 下半年 when T0 and T1 are the ends of one half-year, else the two dates. */
export function periodName(compareTo: string, asOf: string): string {
  const year = Number(asOf.slice(0, 4));
  if (asOf === `${year}-06-30` && compareTo === `${year - 1}-12-31`) return `${year}年上半年`;
  if (asOf === `${year}-12-31` && compareTo === `${year}-06-30`) return `${year}年下半年`;
  return `${dateZh(compareTo)}至${dateZh(asOf)}`;
}

/** Names with a count: 越秀区（2个）、江城区（1个）. */
function named(rows: CircularRow[], count: (r: CircularRow) => number, unit: string): string {
  return rows
    .filter((r) => count(r) > 0)
    .map((r) => `${r.city_name}${r.name}（${count(r)}${unit}）`)
    .join("、");
}

/** The sentences of the circular, paragraph by paragraph, built from the figures. */
export function circularText(data: CircularData): {
  title: string;
  subtitle: string;
  addressee: string;
  opening: string;
  sections: { heading: string; paragraphs: { lead?: string; text: string }[] }[];
  annexes: string[];
} {
  const all = data.rows.find((r) => r.level === "all")!;
  const counties = data.rows.filter((r) => r.level === "county");
  const province = all.name || "全省";
  const where = all.name ? "全省" : "全部地区";
  const period = periodName(data.compareTo, data.asOf);
  const then = dateZh(data.compareTo);
  const now = dateZh(data.asOf);
  const stock: { lead?: string; text: string }[] = [];
  if (all.stock_remaining_yuan_now === null)
    stock.push({
      text: `截至${now}尚未到存量基准日（${dateZh(data.stockBaseline)}），存量指标不予计算。`,
    });
  else {
    const progress =
      all.stock_baseline_yuan && wan(all.stock_baseline_yuan) !== "0.00"
        ? `，化解进度${percentOf(all.stock_baseline_yuan, all.stock_remaining_yuan_now)}`
        : "";
    const cleared =
      all.stock_cleared_yuan === null
        ? `上期截止日（${then}）早于存量基准日，本期化解额不予计算`
        : `本期化解存量${wan(all.stock_cleared_yuan)}万元`;
    stock.push({
      lead: "（一）减存量。",
      text: `2016年以来批复、至存量基准日（${dateZh(data.stockBaseline)}）资金未足额到位的存量批次${all.stock_projects ?? 0}个，基准日缺口${wan(all.stock_baseline_yuan ?? "0.00")}万元；${cleared}，尚余${wan(all.stock_remaining_yuan_now)}万元${progress}。`,
    });
    const newIncrement = named(counties, (r) => r.new_increment_projects, "个");
    stock.push({
      lead: "（二）遏增量。",
      text:
        all.new_increment_projects > 0
          ? `本期新批复资金未足额到位的增量批次${all.new_increment_projects}个，分别是：${newIncrement}。增量欠缴余额${wan(all.increment_open_yuan_now)}万元，上期为${wan(all.increment_open_yuan_then)}万元。`
          : `本期未新增资金未足额到位的增量批次。增量欠缴余额${wan(all.increment_open_yuan_now)}万元，上期为${wan(all.increment_open_yuan_then)}万元。`,
    });
  }
  const notConfirmed = named(counties, (r) => r.rectified_not_confirmed, "条");
  const claimed = all.rectified_confirmed + all.rectified_not_confirmed;
  const reported = claimed + all.in_progress + all.explained;
  const ledger =
    reported === 0
      ? `截至${now}，未收到各地报送的整改情况。`
      : `截至${now}，各地报送整改情况${reported}条。其中报告已整改${claimed}条，经数据核实已解决或已不存在的${all.rectified_confirmed}条，` +
        (all.rectified_not_confirmed > 0
          ? `数据显示仍未解决、整改不实的${all.rectified_not_confirmed}条，分别是：${notConfirmed}；`
          : `未发现整改不实；`) +
        `整改中${all.in_progress}条，情况说明${all.explained}条。` +
        (all.unmatched_rectifications > 0
          ? `另有${all.unmatched_rectifications}条报告所列线索编号在${now}已无对应线索。`
          : "");
  const increments = counties
    .filter((r) => r.new_increment_projects > 0)
    .map((r) => `${r.city_name}${r.name}`);
  const untrue = counties.filter((r) => r.rectified_not_confirmed > 0).length;
  const toAct = [
    ...(increments.length ? [`本期新增增量欠缴的${increments.join("、")}`] : []),
    ...(untrue ? [`存在整改不实问题的${untrue}个县（市、区）（见附件1）`] : []),
  ];
  return {
    title: `关于${province}被征地农民养老保险补贴资金督查情况的通报`,
    subtitle: `（${period}）`,
    addressee: "各市、县（市、区）人力资源社会保障部门：",
    opening: `按照被征地农民养老保险工作每半年报送、通报的要求，现将${where}截至${now}被征地农民养老保险补贴资金筹集、分配和审计整改情况（与${then}比较）通报如下。`,
    sections: [
      {
        heading: "一、资金总体情况",
        paragraphs: [
          {
            text: `截至${now}，${where}共有征地批次${all.projects}个，应筹补贴资金${wan(all.required_yuan)}万元。已到账${wan(all.received_yuan_now)}万元，较${then}${changeText(minus(all.received_yuan_now, all.received_yuan_then))}；已分配到人${wan(all.distributed_yuan_now)}万元，较上期${changeText(minus(all.distributed_yuan_now, all.distributed_yuan_then))}；到账未分配到人${wan(all.unallocated_yuan_now)}万元，较上期${changeText(minus(all.unallocated_yuan_now, all.unallocated_yuan_then))}；资金缺口${wan(all.shortfall_yuan_now)}万元，较上期${changeText(minus(all.shortfall_yuan_now, all.shortfall_yuan_then))}。`,
          },
        ],
      },
      { heading: "二、减存量、遏增量情况", paragraphs: stock },
      {
        heading: "三、审计线索及整改情况",
        paragraphs: [
          {
            lead: "（一）审计线索。",
            text: `截至${now}，${where}未解决的审计线索${all.findings_open_now}条，上期为${all.findings_open_then}条；本期新增${all.findings_new}条，解决或已不存在的${all.findings_resolved}条。各县（市、区）分规则统计见附件2。`,
          },
          { lead: "（二）整改核实。", text: ledger },
        ],
      },
      {
        heading: "四、有关要求",
        paragraphs: [
          {
            text:
              (toAct.length
                ? `请${toAct.join("和")}逐条核实有关问题，`
                : "请各地对照附件逐条核实未解决的审计线索，") +
              "在下次半年报送时一并报告整改落实情况；整改情况请在下发的线索清单中逐条填写整改状态、报告日期和整改说明后报送。",
          },
        ],
      },
    ],
    annexes: ["各县（市、区）情况表", "未解决审计线索分县区分规则统计表"],
  };
}

function percentOf(baseline: string, remaining: string): string {
  const fen = (t: string) => BigInt(t.replace(".", ""));
  const b = fen(baseline);
  const tenths = ((b - fen(remaining)) * 1000n * 2n + b) / (2n * b); // per mille, half up
  return `${tenths / 10n}.${tenths % 10n}%`;
}

// ---------------------------------------------------------------------------------------------------
// Layout

const run = (text: string, font: { name: string }, size: number, bold = false) =>
  new TextRun({ text, font: font.name, size, bold });

function bodyParagraph(text: string, lead?: string): Paragraph {
  return new Paragraph({
    indent: { firstLine: 2 * 320 },
    alignment: AlignmentType.JUSTIFIED,
    spacing: { line: LINE, lineRule: LineRuleType.EXACT },
    children: [
      ...(lead ? [run(lead, CIRCULAR_FONTS.heading2, SIZE.body)] : []),
      run(text, CIRCULAR_FONTS.body, SIZE.body),
    ],
  });
}

function heading1(text: string): Paragraph {
  return new Paragraph({
    indent: { firstLine: 2 * 320 },
    keepNext: true,
    spacing: { line: LINE, lineRule: LineRuleType.EXACT },
    children: [run(text, CIRCULAR_FONTS.heading1, SIZE.body)],
  });
}

function blank(): Paragraph {
  return new Paragraph({ spacing: { line: LINE, lineRule: LineRuleType.EXACT }, children: [] });
}

function pageFooter(odd: boolean): Footer {
  // GB/T 9704 7.5: odd page numbers one character in from the right edge, even ones from the left.
  return new Footer({
    children: [
      new Paragraph({
        alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: odd ? { right: 280 } : { left: 280 },
        children: [
          new TextRun({
            children: ["— ", PageNumber.CURRENT, " —"],
            font: CIRCULAR_FONTS.pageNumber.name,
            size: SIZE.pageNumber,
          }),
        ],
      }),
    ],
  });
}

const border = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
const borders = { top: border, bottom: border, left: border, right: border };

function cell(text: string, width: number, options: { header?: boolean; align?: "left" | "right" } = {}) {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    borders,
    verticalAlign: VerticalAlign.CENTER,
    margins: { left: 60, right: 60, top: 20, bottom: 20 },
    children: text.split("\n").map(
      (line) =>
        new Paragraph({
          spacing: { line: 260, lineRule: LineRuleType.EXACT },
          alignment: options.header
            ? AlignmentType.CENTER
            : options.align === "right"
              ? AlignmentType.RIGHT
              : AlignmentType.LEFT,
          children: [
            run(
              line,
              options.header ? CIRCULAR_FONTS.heading1 : CIRCULAR_FONTS.body,
              options.header ? SIZE.tableSmall : SIZE.table,
            ),
          ],
        }),
    ),
  });
}

/** A table over the text width: a header row repeated on every page, then the rows. */
function table(columns: { header: string; mm: number; align?: "left" | "right" }[], rows: string[][]): Table {
  const twips = columns.map((c) => twip(c.mm));
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: twips.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: twips,
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: columns.map((c, i) => cell(c.header, twips[i], { header: true })),
      }),
      ...rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            children: r.map((text, i) => cell(text, twips[i], { align: columns[i].align })),
          }),
      ),
    ],
  });
}

function annexTitle(number: number, title: string): Paragraph[] {
  return [
    new Paragraph({
      spacing: { line: LINE, lineRule: LineRuleType.EXACT },
      children: [run(`附件${number}`, CIRCULAR_FONTS.heading1, SIZE.body)],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 120, after: 240 },
      children: [run(title, CIRCULAR_FONTS.title, SIZE.title - 8)],
    }),
  ];
}

const statusText = (s: CircularRow["status"]) => (s ? `${STATUS[s].label}·${STATUS[s].text}` : "");

/** The county table (附件1): status and the change of each figure. */
function countyTable(data: CircularData, width: number): Table {
  const rows = data.rows.filter((r) => r.level === "county");
  const all = data.rows.find((r) => r.level === "all")!;
  const columns = [
    { header: "地市", mm: 20 },
    { header: "县（市、区）", mm: 30 },
    { header: "状态", mm: 17 },
    { header: "资金缺口\n（万元）", mm: 21, align: "right" as const },
    { header: "缺口\n较上期", mm: 19, align: "right" as const },
    { header: "存量余额\n（万元）", mm: 21, align: "right" as const },
    { header: "本期化解\n存量", mm: 19, align: "right" as const },
    { header: "增量欠缴\n（万元）", mm: 19, align: "right" as const },
    { header: "新增增量\n批次", mm: 15, align: "right" as const },
    { header: "未解决\n线索", mm: 15, align: "right" as const },
    { header: "线索\n较上期", mm: 15, align: "right" as const },
    { header: "整改\n不实", mm: 13, align: "right" as const },
  ];
  const scale = width / columns.reduce((a, c) => a + c.mm, 0);
  const line = (r: CircularRow, city: string, name: string) => [
    city,
    name,
    statusText(r.status),
    wan(r.shortfall_yuan_now),
    signedWan(minus(r.shortfall_yuan_now, r.shortfall_yuan_then)),
    r.stock_remaining_yuan_now === null ? "" : wan(r.stock_remaining_yuan_now),
    r.stock_cleared_yuan === null ? "" : wan(r.stock_cleared_yuan),
    wan(r.increment_open_yuan_now),
    String(r.new_increment_projects),
    String(r.findings_open_now),
    signedCount(r.findings_open_now - r.findings_open_then),
    String(r.rectified_not_confirmed),
  ];
  return table(
    columns.map((c) => ({ ...c, mm: c.mm * scale })),
    [...rows.map((r) => line(r, r.city_name, r.name)), line(all, "合计", "")],
  );
}

/** Open findings by county and rule (附件2). */
function ruleTable(data: CircularData, width: number): Table {
  const counties = data.rows.filter((r) => r.level === "county" && r.findings_open_now > 0);
  const open = new Map(data.openByRule.map((o) => [`${o.code}|${o.rule}`, o.open]));
  const columns = [
    { header: "地市", mm: 18 },
    { header: "县（市、区）", mm: 28 },
    ...RULES.map((r) => ({ header: `${r.code}\n${r.title}`, mm: 15, align: "right" as const })),
    { header: "合计", mm: 13, align: "right" as const },
  ];
  const scale = width / columns.reduce((a, c) => a + c.mm, 0);
  const totals = RULES.map((r) => counties.reduce((a, c) => a + (open.get(`${c.code}|${r.code}`) ?? 0), 0));
  return table(
    columns.map((c) => ({ ...c, mm: c.mm * scale })),
    [
      ...counties.map((c) => [
        c.city_name,
        c.name,
        ...RULES.map((r) => String(open.get(`${c.code}|${r.code}`) ?? "")),
        String(c.findings_open_now),
      ]),
      ["合计", "", ...totals.map(String), String(totals.reduce((a, b) => a + b, 0))],
    ],
  );
}

function section(
  orientation: "portrait" | "landscape",
  children: ISectionOptions["children"],
): ISectionOptions {
  return {
    properties: {
      page: {
        size: {
          width: twip(A4.width),
          height: twip(A4.height),
          orientation: orientation === "portrait" ? PageOrientation.PORTRAIT : PageOrientation.LANDSCAPE,
        },
        margin: {
          top: twip(MARGIN.top),
          bottom: twip(MARGIN.bottom),
          left: twip(MARGIN.left),
          right: twip(MARGIN.right),
          footer: twip(MARGIN.bottom - 7),
        },
      },
    },
    footers: { default: pageFooter(true), even: pageFooter(false) },
    children,
  };
}

/** The circular as a docx Document. */
export function circularDocument(data: CircularData): Document {
  const text = circularText(data);
  const landscapeWidth = A4.height - MARGIN.left - MARGIN.right;
  const body = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT, after: 0 },
      // GB/T 9704 7.3.3: a long title breaks where the meaning allows, here before 督查.
      children: text.title
        .replace("资金督查", "资金\n督查")
        .split("\n")
        .map(
          (line, i) =>
            new TextRun({
              text: line,
              font: CIRCULAR_FONTS.title.name,
              size: SIZE.title,
              break: i > 0 ? 1 : 0,
            }),
        ),
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: LINE, lineRule: LineRuleType.EXACT },
      children: [run(text.subtitle, CIRCULAR_FONTS.heading2, SIZE.body)],
    }),
    blank(),
    new Paragraph({
      spacing: { line: LINE, lineRule: LineRuleType.EXACT },
      children: [run(text.addressee, CIRCULAR_FONTS.body, SIZE.body)],
    }),
    bodyParagraph(text.opening),
    ...text.sections.flatMap((s) => [
      heading1(s.heading),
      ...s.paragraphs.map((p) => bodyParagraph(p.text, p.lead)),
    ]),
    blank(),
    ...text.annexes.map(
      (a, i) =>
        new Paragraph({
          indent: i === 0 ? { left: 2 * 320 } : { left: 2 * 320 + 3 * 320 },
          spacing: { line: LINE, lineRule: LineRuleType.EXACT },
          children: [
            run(i === 0 ? `附件：${i + 1}. ${a}` : `${i + 1}. ${a}`, CIRCULAR_FONTS.body, SIZE.body),
          ],
        }),
    ),
  ];
  return new Document({
    creator: "xianbao",
    title: text.title,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: { run: { font: CIRCULAR_FONTS.body.name, size: SIZE.body } },
      },
    },
    sections: [
      section("portrait", body),
      section("landscape", [
        ...annexTitle(1, text.annexes[0]),
        countyTable(data, landscapeWidth),
        new Paragraph({
          spacing: { before: 120 },
          children: [
            run(
              `说明：金额单位为万元；“较上期”为${dateZh(data.asOf)}与${dateZh(data.compareTo)}之差；状态：${Object.values(
                STATUS,
              )
                .map((s) => `${s.label}·${s.text}`)
                .join("、")}。`,
              CIRCULAR_FONTS.body,
              SIZE.tableSmall,
            ),
          ],
        }),
      ]),
      section("landscape", [...annexTitle(2, text.annexes[1]), ruleTable(data, landscapeWidth)]),
    ],
  });
}

/** word/fontTable.xml naming each font of the circular with its stand-in (w:altName). */
function fontTable(): string {
  const fonts = Object.values(CIRCULAR_FONTS)
    .map(
      (f) =>
        `<w:font w:name="${f.name}"><w:altName w:val="${f.fallback}"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts}</w:fonts>`;
}

/** The circular's bytes (.docx). */
export async function circularBytes(data: CircularData): Promise<Buffer> {
  return Packer.toBuffer(circularDocument(data), false, [{ path: "word/fontTable.xml", data: fontTable() }]);
}

/**
 * Writes the circular to `file` complete or not at all (written beside, flushed, renamed: atomic.ts).
 */
export async function writeCircular(db: Warehouse, file: string): Promise<CircularData> {
  const data = await circularData(db);
  await writeFileAtomically(file, await circularBytes(data), CIRCULAR_OUT);
  return data;
}
