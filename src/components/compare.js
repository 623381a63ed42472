// 两期对比 (src/compare.md): the county table's columns and downloads, and the chart of each county's stock
// then vs now. Every figure is a column of the roll-up rows (loaders/sql/site/rollups.sql, from m_changes);
// nothing is computed here but the chart's scale.
import * as Plot from "@observablehq/plot";
import { STATUS } from "@xianbao/common/status.js";
import { plot } from "./plot.js";
import { changeCountCell, changeWanCell, countCell, countyName, wanCell } from "./cells.js";
import { count, dateZh, moneyScale, yuan } from "./format.js";
import { markup } from "./markup.js";
import { statusMarkup } from "./status.js";

/** @typedef {Record<string, any>} Row */
/** @typedef {import("./table.js").Column} Column */

/**
 * @param {string} key @param {string} label @param {string} group @param {string} title
 * @param {(v: any) => any} format
 * @returns {Column}
 */
const col = (key, label, group, title, format, unit = "万元") => ({
  key,
  label,
  group,
  title,
  unit: unit || undefined,
  align: "right",
  format,
});

/**
 * The county table's columns; `then` and `now` name the two dates in the titles.
 * @param {{then: string, now: string}} dates
 * @returns {Column[]}
 */
export function compareColumns({ then, now }) {
  const t = dateZh(then);
  const n = dateZh(now);
  return [
    {
      key: "name",
      label: "县区",
      group: "",
      title: "县区名称 (所属市); 点击打开该县区的报告",
      className: "sticky name",
      sort: (r) => r.code,
      format: (_, r) => (r.total ? `全省合计 (${count(r.members)} 个县区)` : countyName(r)),
    },
    {
      key: "status",
      label: "状态\n上期 → 本期",
      group: "",
      title: `${t} 与 ${n} 的红 / 黄 / 绿状态`,
      sort: (r) => r.status,
      format: (v, r) =>
        markup`<span class="status-pair">${statusMarkup(r.status_then, { short: true })} → ${statusMarkup(v, { short: true })}</span>`,
    },
    col("stock_remaining_then_fen", "上期", "存量尚未化解", `${t}存量批次的缺口之和`, wanCell),
    col("stock_remaining_fen", "本期", "存量尚未化解", `${n}存量批次的缺口之和`, wanCell),
    col("stock_cleared_fen", "本期化解", "存量尚未化解", "上期 − 本期; 上期早于存量基准日时为 —", wanCell),
    col("shortfall_then_fen", "上期", "缺口", `${t}各批次 max(0, 应筹 − 已到账) 之和`, wanCell),
    col("shortfall_fen", "本期", "缺口", `${n}各批次 max(0, 应筹 − 已到账) 之和`, wanCell),
    col("shortfall_change_fen", "变化", "缺口", "本期 − 上期; 负数为缺口减少", changeWanCell),
    col(
      "new_increment_projects",
      "新增增量\n批次",
      "遏增量",
      `批复日在${t}之后、批复时资金未足额到位的批次数`,
      changeCountCell,
      "",
    ),
    col("increment_open_change_fen", "增量欠缴\n变化", "遏增量", "增量批次欠缴: 本期 − 上期", changeWanCell),
    col("findings_open_then", "上期\n未解决", "审计线索 (条)", `${t}仍未解决的线索`, countCell, ""),
    col("findings_open", "本期\n未解决", "审计线索 (条)", `${n}仍未解决的线索`, countCell, ""),
    col("findings_new", "新增", "审计线索 (条)", "本期有、上期没有的线索", countCell, ""),
    col(
      "findings_resolved",
      "已解决",
      "审计线索 (条)",
      "上期未解决、本期已解决或已不存在的线索",
      countCell,
      "",
    ),
    col(
      "rectified_not_confirmed",
      "整改\n不实",
      "审计线索 (条)",
      "县区报告已整改, 但数据显示本期仍未解决",
      countCell,
      "",
    ),
  ];
}

/**
 * The download of the county table: codes, names, the status words and every figure in exact yuan.
 * @param {Column[]} columns compareColumns()
 * @returns {import("@xianbao/common/csv.js").DownloadColumn[]}
 */
export function compareDownloadColumns(columns) {
  const statusWord = (/** @type {string} */ s) => STATUS[/** @type {"red"} */ (s)]?.label ?? "";
  return [
    { key: "code", label: "县区代码" },
    { key: "name", label: "县区" },
    { key: "city_name", label: "所属市" },
    { key: "status_then", label: "上期状态", value: (r) => statusWord(r.status_then) },
    { key: "status", label: "本期状态", value: (r) => statusWord(r.status) },
    ...columns.slice(2).map((c) => {
      const label = `${c.group?.replace(" (条)", "") ?? ""}${String(c.label).replace("\n", "")}`;
      return c.unit === "万元"
        ? { key: c.key, label: `${label}(元)`, kind: /** @type {const} */ ("money") }
        : { key: c.key, label };
    }),
  ];
}

/**
 * Each county's stock not yet cleared, then (hollow circle) and now (filled dot), joined by a line: one row
 * per county with stock at either date, largest first, the amount cleared (in the axis unit) at the right. Rows are
 * 16 px apart, so 124 counties stay legible (the figure grows instead of crowding).
 * @param {Row[]} rows counties
 * @param {{width?: number, then: string, now: string}} options
 */
export function stockThenNow(rows, { width = 640, then, now }) {
  const data = rows
    .filter((r) => (r.stock_remaining_then_fen ?? 0) > 0 || (r.stock_remaining_fen ?? 0) > 0)
    .sort(
      (a, b) =>
        (b.stock_remaining_then_fen ?? 0) - (a.stock_remaining_then_fen ?? 0) ||
        b.stock_remaining_fen - a.stock_remaining_fen,
    );
  const max = Math.max(1, ...data.flatMap((r) => [r.stock_remaining_then_fen ?? 0, r.stock_remaining_fen]));
  const { unit, divisor } = moneyScale(max);
  const label = (/** @type {Row} */ r) => `${r.city_name} ${r.name}`;
  const points = data.map((r) => ({
    name: label(r),
    then: (r.stock_remaining_then_fen ?? 0) / divisor,
    now: r.stock_remaining_fen / divisor,
    row: r,
  }));
  const narrow = width < 560;
  return plot({
    width,
    height: Math.max(120, data.length * 16 + 50),
    marginLeft: narrow ? 110 : 150,
    marginRight: narrow ? 64 : 90,
    style: { fontSize: "11px" },
    x: { label: `尚未化解的存量 (${unit}) →`, grid: true, nice: true, zero: true, axis: "top" },
    y: { label: null, domain: points.map((p) => p.name), tickSize: 0 },
    marks: [
      Plot.link(points, { x1: "then", x2: "now", y: "name", stroke: "#888", strokeWidth: 1.5 }),
      // then: a ring drawn larger than now's dot, so an unchanged county shows both
      Plot.dot(points, { x: "then", y: "name", r: 5.5, stroke: "#1f3a5f", fill: "white", strokeWidth: 1.5 }),
      Plot.dot(points, { x: "now", y: "name", r: 3.5, fill: "#1f3a5f" }),
      Plot.text(points, {
        x: () => max / divisor,
        y: "name",
        dx: 8,
        textAnchor: "start",
        frameAnchor: "right",
        fill: "#333",
        text: (p) =>
          p.row.stock_cleared_fen === null || p.row.stock_cleared_fen === undefined
            ? "—"
            : yuan(p.row.stock_cleared_fen, { unit: /** @type {any} */ (unit) }).replace(unit, ""),
      }),
      Plot.tip(
        points,
        Plot.pointerY({
          x: "now",
          y: "name",
          title: (p) =>
            `${p.name}\n${dateZh(then)}: ${yuan(p.row.stock_remaining_then_fen)}\n${dateZh(now)}: ${yuan(p.row.stock_remaining_fen)}\n本期化解: ${yuan(p.row.stock_cleared_fen)}`,
        }),
      ),
    ],
  });
}
