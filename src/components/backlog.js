// 资金沉淀: unallocated money by age. Five age buckets in one sequential blue ramp, dark = old, whose
// lightness steps stay apart in black-and-white print; every segment has a thin outline. The charts, the
// long-held projects' column specs and their download columns.
import * as Plot from "@observablehq/plot";
import { narrowMargins, plot } from "./plot.js";
import { html } from "htl";
import { count, moneyScale, percent, yuan } from "./format.js";
import { dateCell, projectCell, wanCell } from "./cells.js";
import { countyHref } from "./links.js";
import { markup } from "./markup.js";

/** The age buckets, oldest first (days from the deposit to the as-of date, docs/metrics.md#ageing). */
export const BUCKETS = [
  { key: "unallocated_over_1095_fen", label: "超过3年", days: "1095天以上", fill: "#08306b", ink: "#fff" },
  { key: "unallocated_731_1095_fen", label: "2–3年", days: "731–1095天", fill: "#2f6eab", ink: "#fff" },
  { key: "unallocated_366_730_fen", label: "1–2年", days: "366–730天", fill: "#6fa8d6", ink: "#000" },
  { key: "unallocated_181_365_fen", label: "半年–1年", days: "181–365天", fill: "#bcd7ec", ink: "#000" },
  { key: "unallocated_0_180_fen", label: "半年以内", days: "0–180天", fill: "#f4f8fc", ink: "#000" },
];

/** A bordered colour box (visible even when nearly white) and its text, for HTML legends. */
export function bucketLegend() {
  return html`<span class="bucket-legend"
    >${BUCKETS.map(
      (b) =>
        html`<span class="swatch"
          ><span class="box" style=${`background:${b.fill}`}></span>${b.label}
          <small>(${b.days})</small></span
        >`,
    )}</span
  >`;
}

/**
 * Counties' unallocated money as stacked horizontal bars, oldest money at the left, the largest (by
 * total or by money older than a year) at the top.
 * @param {Record<string, any>[]} counties with name, city_name, unallocated_fen and the bucket keys
 * @param {{width?: number, top?: number | null, sortBy?: "total" | "old"}} [options]
 */
export function ageingBars(counties, { width = 640, top = 20, sortBy = "total" } = {}) {
  const key = (/** @type {any} */ r) => (sortBy === "old" ? r.unallocated_over_365_fen : r.unallocated_fen);
  const rows = counties
    .filter((r) => r.unallocated_fen > 0)
    .sort((a, b) => key(b) - key(a) || a.code.localeCompare(b.code))
    .slice(0, top ?? undefined)
    .map((r) => /** @type {Record<string, any>} */ ({ ...r, label: `${r.city_name} ${r.name}` }));
  const { unit, divisor } = moneyScale(Math.max(1, ...rows.map((r) => r.unallocated_fen)));
  const long = rows.flatMap((r) =>
    BUCKETS.map((b) => ({
      label: r.label,
      bucket: b.label,
      fen: r[b.key] ?? 0,
      v: (r[b.key] ?? 0) / divisor,
      total: r.unallocated_fen,
    })),
  );
  return plot({
    width,
    height: Math.max(140, rows.length * 20 + 60),
    marginLeft: narrowMargins(width).left,
    marginRight: narrowMargins(width, 200).right,
    marginTop: 34,
    x: { label: `未分配金额 (${unit}) →`, grid: true, nice: true, axis: "top" },
    y: { label: null, domain: rows.map((r) => r.label), tickSize: 0 },
    color: { domain: BUCKETS.map((b) => b.label), range: BUCKETS.map((b) => b.fill) },
    marks: [
      Plot.barX(long, {
        y: "label",
        x: "v",
        fill: "bucket",
        stroke: "#333",
        strokeWidth: 0.4,
        inset: 1.5,
        order: BUCKETS.map((b) => b.label),
        title: (d) => `${d.label}\n${d.bucket}: ${yuan(d.fen)} (占 ${percent(d.fen / d.total)})`,
      }),
      Plot.text(rows, {
        y: "label",
        x: (r) => r.unallocated_fen / divisor,
        dx: 6,
        textAnchor: "start",
        fill: "#333",
        text: (r) =>
          `${yuan(r.unallocated_fen)} · 一年以上 ${percent(r.unallocated_over_365_fen / r.unallocated_fen, 0)}`,
      }),
      Plot.ruleX([0]),
    ],
  });
}

/**
 * The province's unallocated money as one bar of the five buckets with their shares.
 * @param {Record<string, any>} t province totals
 * @param {{width?: number}} [options]
 */
export function ageingStrip(t, { width = 640 } = {}) {
  const total = t.unallocated_fen || 1;
  let at = 0;
  const segs = BUCKETS.map((b) => {
    const share = (t[b.key] ?? 0) / total;
    const seg = { ...b, x1: at, x2: at + share, share, fen: t[b.key] ?? 0 };
    at += share;
    return seg;
  });
  return plot({
    width,
    height: 70,
    marginLeft: 10,
    marginRight: 10,
    marginTop: 6,
    marginBottom: 24,
    x: { domain: [0, 1], tickFormat: (d) => `${Math.round(d * 100)}%`, label: null, ticks: 5 },
    y: { axis: null },
    marks: [
      Plot.rectX(segs, {
        x1: "x1",
        x2: "x2",
        y1: 0,
        y2: 1,
        fill: "fill",
        stroke: "#333",
        strokeWidth: 0.5,
        title: (d) => `${d.label} (${d.days}): ${yuan(d.fen)}, 占 ${percent(d.share)}`,
      }),
      Plot.text(
        segs.filter((d) => d.share >= 0.07),
        {
          x: (d) => (d.x1 + d.x2) / 2,
          y: 0.5,
          fill: "ink",
          text: (d) => `${d.label} ${percent(d.share)}`,
        },
      ),
    ],
  });
}

/** Days from an ISO date to another. @param {string} from @param {string} to @example daysBetween("2024-02-28", "2024-03-01") === 2 */
export function daysBetween(from, to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
}

/** Columns of the long-held downloads: exact yuan, Chinese headers. */
export const HELD_DOWNLOAD = /** @type {import("@xianbao/common/csv.js").DownloadColumn[]} */ ([
  { key: "project_id", label: "批次编号" },
  { key: "project_name", label: "项目名称" },
  { key: "city_name", label: "市" },
  { key: "county_code", label: "县区代码" },
  { key: "county_name", label: "县区" },
  { key: "approved_on", label: "批复日期" },
  { key: "received_fen", label: "已到账(元)", kind: "money" },
  { key: "distributed_fen", label: "已分配到人(元)", kind: "money" },
  { key: "unallocated_fen", label: "未分配(元)", kind: "money" },
  { key: "unallocated_over_365_fen", label: "其中超过一年(元)", kind: "money" },
  { key: "unallocated_366_730_fen", label: "1-2年 366-730天(元)", kind: "money" },
  { key: "unallocated_731_1095_fen", label: "2-3年 731-1095天(元)", kind: "money" },
  { key: "unallocated_over_1095_fen", label: "超过3年 1095天以上(元)", kind: "money" },
  { key: "oldest_unallocated_on", label: "最早一笔未分配资金到账日期" },
]);

/**
 * Long-held rows with their county and city names.
 * @param {Record<string, any[]>} held columns
 * @param {Record<string, [string, string]>} names county code -> [county, city]
 * @example heldRows({project_id: ["P1"], county_code: ["441721"]}, {"441721": ["阳西县", "阳江市"]})[0].city_name === "阳江市"
 */
export function heldRows(held, names) {
  const keys = Object.keys(held);
  const n = keys.length ? held[keys[0]].length : 0;
  const rows = [];
  for (let i = 0; i < n; i++) {
    /** @type {Record<string, any>} */
    const r = {};
    for (const k of keys) r[k] = held[k][i];
    r.county_name = names[r.county_code]?.[0] ?? r.county_code;
    r.city_name = names[r.county_code]?.[1] ?? "";
    rows.push(r);
  }
  return rows;
}

/**
 * The long-held table's columns.
 * @param {string} asOf
 * @returns {import("./table.js").Column[]}
 */
export function heldColumns(asOf) {
  return [
    {
      key: "project_name",
      label: "批次 (项目名称 / 批次编号)",
      sort: (r) => r.project_id,
      format: (v, r) => markup`<span class="pname">${v}</span><br />${projectCell(r.project_id)}`,
    },
    {
      key: "county_name",
      label: "县区",
      sort: (r) => r.county_code,
      format: (v, r) =>
        markup`<a class="nowrap" href=${countyHref(r.county_code)}><span class="city">${r.city_name}</span> ${v}</a>`,
    },
    { key: "approved_on", label: "批复日期", format: (v) => dateCell(v) },
    {
      key: "received_fen",
      label: "已到账",
      align: "right",
      format: (v) => wanCell(v),
      title: "到账减原渠道退回; 已分配到人 = 已到账 − 未分配 (见下载文件)",
    },
    {
      key: "unallocated_fen",
      label: "未分配",
      align: "right",
      format: (v) => wanCell(v),
      title: "max(0, 已到账 − 已分配到人)",
    },
    {
      key: "unallocated_over_365_fen",
      label: "超过一年合计",
      align: "right",
      format: (v) => wanCell(v),
      title: "到账已满 366 天仍未分配的部分",
    },
    ...BUCKETS.slice(0, 3)
      .reverse()
      .map((b) => ({
        key: b.key,
        label: b.label,
        align: /** @type {const} */ ("right"),
        format: (/** @type {number} */ v) => wanCell(v),
        title: `到账 ${b.days}`,
      })),
    {
      key: "oldest_unallocated_on",
      label: "最早一笔到账",
      title: "仍未分配的资金中最早一笔的到账日期, 及距截止日的天数",
      format: (v) =>
        v
          ? markup`${dateCell(v)}<br /><small class="muted">距截止日 ${count(daysBetween(v, asOf))} 天</small>`
          : null,
    },
  ];
}
