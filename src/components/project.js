// The project page (批次页, project.html?id=<id>): loading one project's shard (loaders/site/pages/projects.ts
// writes them, common/shard.js says which holds an id), its ledger chart, and the column specs of its
// tables. Every amount is a figure of a named site query (loaders/sql/site/project_*.sql), in fen.
import * as Plot from "@observablehq/plot";
import { plot } from "./plot.js";
import { fetchShard } from "./shards.js";
import { RULES, ruleText } from "@xianbao/common/rules.js";
import { CREDIT_ACCOUNT_LABELS, FLOW_LABELS, FUND_ACCOUNT_LABELS, labelOf } from "@xianbao/common/flows.js";
import { countCell, dateCell, exactCell, rectificationCell, textCell } from "./cells.js";
import { count, dateZh, decimal, moneyScale, percent, text, yuan } from "./format.js";
import { markup } from "./markup.js";
import { rowsOf } from "./data.js";

/** @typedef {Record<string, any>} Row */
/** @typedef {import("./table.js").Column} Column */

/**
 * One project's data, or null when the build has no project of that id.
 * @param {{shards: number, folder: string, version: string}} index project-index.json
 * @param {string} id
 * @param {string} [root] the way from the page to the site's root
 * @returns {Promise<Row | null>}
 */
export async function loadProject(index, id, root = ".") {
  const shard = await fetchShard(index, id, root);
  return Object.hasOwn(shard.projects, id) ? shard.projects[id] : null;
}

const INK = "#333";
const LEDGER_SERIES = [
  { key: "required_fen", label: "应筹", stroke: "#555", dash: "2,3" },
  { key: "received_fen", label: "已到账", stroke: "#1f4e79", dash: null },
  { key: "in_special_fen", label: "财政专户", stroke: "#6a3d9a", dash: "8,3" },
  { key: "distributed_fen", label: "已分配到人", stroke: "#2f7d32", dash: "6,3" },
  { key: "unallocated_fen", label: "未分配", stroke: "#b35900", dash: "2,2" },
];

/**
 * The ledger over time as steps: each series keeps its value until the next day money moved; the lines
 * differ by dash as well as colour (black-and-white print) and are labelled at their end.
 * @param {Row[]} rows project_ledger.sql rows {day, required_fen, received_fen, ...}
 * @param {{width?: number, height?: number}} [options]
 */
export function ledgerChart(rows, { width = 640, height = 300 } = {}) {
  const max = Math.max(1, ...rows.flatMap((r) => LEDGER_SERIES.map((s) => r[s.key] ?? 0)));
  const { unit, divisor } = moneyScale(max);
  const long = rows.flatMap((r) =>
    LEDGER_SERIES.map((s) => ({
      date: new Date(`${r.day}T00:00:00`),
      day: r.day,
      series: s.label,
      value: (r[s.key] ?? 0) / divisor,
      fen: r[s.key] ?? 0,
    })),
  );
  // Series that end at the same amount share one label ("应筹 = 已到账"), so no label hides another.
  const ends = new Map();
  for (const d of long.slice(-LEDGER_SERIES.length)) {
    const same = ends.get(d.fen);
    if (same) same.series = `${same.series} = ${d.series}`;
    else ends.set(d.fen, { ...d });
  }
  const last = [...ends.values()];
  return plot({
    width,
    height,
    marginLeft: 60,
    marginRight: 150,
    x: { label: null, type: "utc" },
    y: { label: `↑ ${unit}`, grid: true, nice: true, zero: true },
    color: { domain: LEDGER_SERIES.map((s) => s.label), range: LEDGER_SERIES.map((s) => s.stroke) },
    marks: [
      ...LEDGER_SERIES.map((s) =>
        Plot.line(
          long.filter((d) => d.series === s.label),
          {
            x: "date",
            y: "value",
            stroke: s.stroke,
            strokeWidth: 2,
            strokeDasharray: s.dash ?? undefined,
            curve: "step-after",
          },
        ),
      ),
      Plot.dot(long, { x: "date", y: "value", fill: "series", r: 2 }),
      Plot.text(last, { x: "date", y: "value", text: "series", dx: 6, textAnchor: "start", fill: INK }),
      Plot.tip(
        long,
        Plot.pointer({ x: "date", y: "value", title: (d) => `${dateZh(d.day)} ${d.series}: ${yuan(d.fen)}` }),
      ),
    ],
  });
}

/**
 * @param {string} key @param {string} label @param {string} [title]
 * @returns {Column}
 */
const money = (key, label, title) => ({
  key,
  label,
  unit: "元",
  align: "right",
  title,
  format: (v) => exactCell(v),
});

/** The ledger table: one row per day money moved, the approval day and the as-of day. @type {Column[]} */
export const LEDGER_COLUMNS = [
  {
    key: "day",
    label: "日期",
    format: (v, r) => markup`${dateCell(v)}${r.note ? markup`<span class="sub">${r.note}</span>` : ""}`,
  },
  money("required_fen", "应筹"),
  money("received_fen", "已到账", "截至当日的到账减原渠道退回"),
  money("in_special_fen", "财政专户", "截至当日进入社保基金财政专户的资金"),
  money("distributed_fen", "已分配到人", "截至当日记入个人账户或个人预存款账户的金额"),
  money("shortfall_fen", "缺口", "max(0, 应筹 − 已到账)"),
  money("unallocated_fen", "未分配", "max(0, 已到账 − 已分配)"),
];

/** The fund flows table. @type {Column[]} */
export const FLOW_COLUMNS = [
  { key: "flow_on", label: "日期", format: (v) => dateCell(v) },
  { key: "flow_id", label: "流水号", format: (v) => markup`<span class="mono">${text(v)}</span>` },
  {
    key: "flow",
    label: "类型",
    format: (v, r) =>
      markup`${labelOf(FLOW_LABELS, v)}<span class="sub">${labelOf(FUND_ACCOUNT_LABELS, r.account)}</span>`,
  },
  money("amount_fen", "金额"),
  money("received_delta_fen", "计入到账", "到账为正, 退回为负, 划入不改变到账"),
  money("special_delta_fen", "计入专户", "进入财政专户为正, 从专户退回为负"),
];

/**
 * The villages table.
 * @param {Row} policy the project's (the per-person amount of the old method)
 * @returns {Column[]}
 */
export function villageColumns(policy) {
  return [
    {
      key: "village_name",
      label: "村",
      format: (v, r) => markup`${text(v)}<span class="sub mono">${r.village_code}</span>`,
    },
    { key: "farmland_mu", label: "被征农用地 (亩)", align: "right", format: (v) => decimal(v, 4) },
    {
      key: "farmland_per_capita_mu",
      label: "2002 年末人均农用地 (亩)",
      align: "right",
      format: (v) => decimal(v, 4),
    },
    { key: "adult_share", label: "16 周岁以上比例", align: "right", format: (v) => percent(v, 2) },
    {
      key: "virtual_people",
      label: "虚拟人数",
      align: "right",
      title: `被征农用地 ÷ 人均农用地 × 16 周岁以上比例 (人土比); 以人筹资按每人 ${yuan(policy.per_person_fen, { unit: "元" })}`,
      format: (v) => decimal(v, 2),
    },
    {
      key: "actual_people",
      label: "实际参保人数",
      align: "right",
      title: "在本村为本批次记过账的不同身份证号",
      format: (v) => countCell(v),
    },
    {
      key: "quota",
      label: "核定指标",
      align: "right",
      title: "参保人数指标; 空为未核定",
      format: (v, r) =>
        v === null || v === undefined
          ? null
          : markup`<span class=${r.actual_people > v ? "over" : null}>${count(v)}</span>`,
    },
    { key: "compensation_paid_on", label: "补偿款到村", format: (v) => dateCell(v) },
  ];
}

/** The credits table (people masked). @type {Column[]} */
export const CREDIT_COLUMNS = [
  { key: "credited_on", label: "记账日", format: (v) => dateCell(v) },
  { key: "record_id", label: "记录号", format: (v) => markup`<span class="mono">${text(v)}</span>` },
  { key: "village_code", label: "村代码", format: (v) => markup`<span class="mono">${text(v)}</span>` },
  {
    key: "person",
    label: "身份证号 (脱敏)",
    title: "只显示前 6 位与后 4 位",
    format: (v) => markup`<span class="mono">${text(v)}</span>`,
  },
  {
    key: "account",
    label: "账户",
    format: (v) => labelOf(CREDIT_ACCOUNT_LABELS, v),
  },
  money("amount_fen", "金额"),
];

/**
 * The project's findings as rows. The shard leaves a project's rectification lists null when none of its
 * findings has a report (loaders/sql/site/project_shard_json.sql), so those columns are then absent.
 * @param {Record<string, any[] | null> | null | undefined} findings
 */
export function findingRows(findings) {
  /** @type {Record<string, any[]>} */
  const lists = {};
  for (const [key, list] of Object.entries(findings ?? {})) if (Array.isArray(list)) lists[key] = list;
  return rowsOf(lists);
}

/**
 * The project's findings with their evidence, whether each is open at T and the rectification reported
 * on it with its verdict (已核实 / 整改不实), as the 审计线索 page shows them.
 * @param {Row} policy the project's policy (rule texts on hover)
 * @returns {Column[]}
 */
export function findingColumns(policy) {
  return [
    {
      key: "code",
      label: "规则",
      sort: (r) => r.code,
      format: (v) => {
        const rule = RULES.find((x) => x.code === v);
        return markup`<strong>${v}</strong> ${rule?.title ?? ""}<span class="sub">${rule ? ruleText(rule, policy) : ""}</span>`;
      },
    },
    {
      key: "village_code",
      label: "村 / 人员 / 记录号",
      format: (_, r) => {
        const parts = [
          r.village_code
            ? markup`<div>${text(r.village_name)} <span class="sub mono">${r.village_code}</span></div>`
            : "",
          r.person ? markup`<div class="mono">${r.person}</div>` : "",
          r.record_id ? markup`<div class="sub">记录号 <span class="mono">${r.record_id}</span></div>` : "",
        ].filter(Boolean);
        return parts.length ? parts : null;
      },
    },
    { key: "event_on", label: "日期", format: (v) => (v ? dateCell(v) : null) },
    {
      key: "amount_fen",
      label: "金额",
      unit: "元",
      align: "right",
      format: (v, r) => {
        if (v === null || v === undefined) return null;
        const rule = RULES.find((x) => x.code === r.code);
        return markup`${exactCell(v)}<span class="sub">${rule?.amount ?? ""}</span>`;
      },
    },
    { key: "detail", label: "证据", format: (v) => textCell(v) },
    {
      key: "open",
      label: "解决 / 整改",
      // 整改不实 first, then open, then resolved: what needs following up comes first
      sort: (r) => (r.verdict === "not_confirmed" ? 0 : r.open ? 1 : 2),
      format: (_, r) => rectificationCell(r),
    },
  ];
}

/**
 * The ledger's rows with what each special day is (approval, supply, transfer deadline, funded, T).
 * @param {Row[]} rows
 * @param {Row} head
 * @param {string} asOf
 */
export function ledgerRows(rows, head, asOf) {
  const notes = new Map();
  const add = (/** @type {string | null} */ day, /** @type {string} */ note) =>
    day && notes.set(day, [...(notes.get(day) ?? []), note]);
  add(head.approved_on, "批复日");
  add(head.supplied_on, "供地日");
  add(head.transfer_deadline_on, `批复后 ${head.transfer_deadline_days} 日 (划入专户期限)`);
  add(head.funded_on, "资金到位日");
  add(asOf, "截止日");
  return rows.map((r) => ({ ...r, note: (notes.get(r.day) ?? []).join("、") }));
}

/** A count with its unit, or "—". @param {number | null | undefined} n @param {string} unit */
export function countOf(n, unit) {
  return n === null || n === undefined ? "—" : `${count(n)} ${unit}`;
}
