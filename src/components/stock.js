// 减存量 遏增量: the stock burn-down since the baseline, progress by county, increments by approval quarter.
// Print-safe: one hue family, meaning carried by fill vs outline, dash patterns and direct labels.
import * as Plot from "@observablehq/plot";
import { narrowMargins, plot } from "./plot.js";
import { html } from "htl";
import { stockProgress } from "@xianbao/common/figures.js";
import { dateZh, moneyScale, monthZh, percent, yuan } from "./format.js";

const INK = "#333";
const DARK = "#1f3b57";
const STOCK = "#8b0000";
const UNDEFINED_FILL = "#e6e6e6";

/** @param {string} iso YYYY-MM-DD or YYYY-MM */
function utc(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d ?? 1));
}

/** The date a monthly figure stands for: the month's last day, or the as-of date in its month. */
function monthEnd(/** @type {string} */ month, /** @type {string} */ asOf) {
  const [y, m] = month.split("-").map(Number);
  const end = new Date(Date.UTC(y, m, 0));
  const t = utc(asOf);
  return end > t ? t : end;
}

/**
 * The stock burn-down: the stock projects' shortfall still open at each month end since the baseline,
 * starting at the baseline day with the baseline amount. The months before the baseline are shaded:
 * the stock does not exist there (decisions M7).
 * @param {{month: string, stock_remaining_fen: number | null}[]} rows monthly, from the baseline month
 * @param {{width?: number, baseline: string, baselineFen: number, asOf: string, height?: number}} options
 */
export function burnDown(rows, { width = 640, baseline, baselineFen, asOf, height = 340 }) {
  const points = [
    { date: utc(baseline), fen: baselineFen, label: `${dateZh(baseline)} (基准日)` },
    ...rows
      .filter((r) => r.stock_remaining_fen !== null && r.month >= baseline.slice(0, 7))
      .map((r) => ({
        date: monthEnd(r.month, asOf),
        fen: /** @type {number} */ (r.stock_remaining_fen),
        label: `${monthZh(r.month)}末`,
      }))
      .filter((p) => p.date >= utc(baseline)),
  ];
  const { unit, divisor } = moneyScale(Math.max(1, ...points.map((p) => p.fen)));
  const data = points.map((p) => ({
    ...p,
    v: p.fen / divisor,
    progress: stockProgress(baselineFen, p.fen),
  }));
  const start = utc(baseline);
  const before = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 6, 1));
  const end = utc(asOf);
  const last = data.at(-1);
  const top = Math.max(...data.map((d) => d.v)) * 1.12;
  return plot({
    width,
    height,
    marginLeft: 60,
    marginRight: 150,
    marginTop: 30,
    x: {
      type: "utc",
      domain: [before, end],
      label: null,
      tickFormat: (d) => (d.getUTCMonth() === 0 ? `${d.getUTCFullYear()}年` : ""),
    },
    y: { label: `尚未化解的存量欠缴 (${unit})`, grid: true, zero: true, domain: [0, top] },
    marks: [
      Plot.rectX([{ x1: before, x2: start }], { x1: "x1", x2: "x2", y1: 0, y2: top, fill: UNDEFINED_FILL }),
      Plot.text([{ x: before }], {
        x: "x",
        y: top * 0.5,
        text: () => "基准日前\n存量无定义\n(不画线)",
        textAnchor: "start",
        dx: 6,
        fill: "#555",
        lineHeight: 1.3,
      }),
      Plot.areaY(data, { x: "date", y: "v", fill: STOCK, fillOpacity: 0.08 }),
      Plot.line(data, { x: "date", y: "v", stroke: STOCK, strokeWidth: 2.2 }),
      Plot.dot(data.slice(0, 1), { x: "date", y: "v", fill: STOCK, r: 4 }),
      Plot.ruleX([start], { stroke: INK, strokeDasharray: "5,3" }),
      Plot.text([start], {
        x: (d) => d,
        y: top,
        text: () => `存量基准日 ${dateZh(baseline)}`,
        textAnchor: "start",
        dx: 6,
        dy: -10,
        fill: INK,
        fontWeight: 600,
      }),
      Plot.ruleY([baselineFen / divisor], { stroke: "#777", strokeDasharray: "2,3" }),
      Plot.text([baselineFen / divisor], {
        x: end,
        y: (d) => d,
        text: () => `基准日存量 ${yuan(baselineFen)}`,
        textAnchor: "start",
        dx: 6,
        fill: "#555",
      }),
      last
        ? Plot.text([last], {
            x: "date",
            y: "v",
            text: (d) => `截止日 ${yuan(d.fen)}\n已化解 ${percent(d.progress)}`,
            textAnchor: "start",
            dx: 8,
            fill: STOCK,
            fontWeight: 600,
            lineHeight: 1.3,
          })
        : null,
      Plot.ruleY([0]),
      Plot.tip(
        data,
        Plot.pointerX({
          x: "date",
          y: "v",
          title: (d) => `${d.label}\n尚未化解 ${yuan(d.fen)}\n化解进度 ${percent(d.progress)}`,
        }),
      ),
    ],
  });
}

/** @typedef {{code: string, name: string, city_name: string, stock_projects: number, stock_baseline_fen: number,
 *   stock_remaining_fen: number, stock_progress: number | null, increment_projects: number, increment_open_fen: number}} CountyStock */

/**
 * The ranking's rows: counties with stock, worst first (lowest progress, or most remaining); with
 * `extremes`, only the `extremes` worst and best with a gap row between them.
 * @param {CountyStock[]} counties
 * @param {{metric?: "progress" | "remaining", extremes?: number | null}} [options]
 * @returns {{rows: (CountyStock & {label: string})[], hidden: number}}
 */
export function rankRows(counties, { metric = "progress", extremes = null } = {}) {
  const withStock = counties.filter((c) => c.stock_baseline_fen > 0);
  const sorted = [...withStock].sort((a, b) =>
    metric === "progress"
      ? /** @type {number} */ (a.stock_progress) - /** @type {number} */ (b.stock_progress) ||
        b.stock_remaining_fen - a.stock_remaining_fen ||
        a.code.localeCompare(b.code)
      : b.stock_remaining_fen - a.stock_remaining_fen || a.code.localeCompare(b.code),
  );
  const labelled = sorted.map((c) => ({ ...c, label: `${c.city_name} ${c.name}` }));
  if (!extremes || labelled.length <= 2 * extremes + 2) return { rows: labelled, hidden: 0 };
  if (metric === "remaining")
    return { rows: labelled.slice(0, 2 * extremes), hidden: labelled.length - 2 * extremes };
  return {
    rows: [...labelled.slice(0, extremes), ...labelled.slice(-extremes)],
    hidden: labelled.length - 2 * extremes,
  };
}

/**
 * Progress by county as horizontal bars against a 100% track, or the money still open against the
 * baseline (outline), with the province's progress as a reference line. Worst at the top.
 * @param {CountyStock[]} counties
 * @param {{width?: number, metric?: "progress" | "remaining", extremes?: number | null, provinceProgress?: number | null}} [options]
 */
export function progressChart(
  counties,
  { width = 640, metric = "progress", extremes = null, provinceProgress = null } = {},
) {
  const { rows, hidden } = rankRows(counties, { metric, extremes });
  const gap = hidden && metric === "progress" ? `⋯ 中间 ${hidden} 个县区略 ⋯` : null;
  const domain = gap
    ? [
        ...rows.slice(0, rows.length / 2).map((r) => r.label),
        gap,
        ...rows.slice(rows.length / 2).map((r) => r.label),
      ]
    : rows.map((r) => r.label);
  const height = Math.max(140, domain.length * 19 + 60);
  const y = {
    label: null,
    domain,
    tickSize: 0,
    tickFormat: (/** @type {string} */ d) => (d === gap ? "" : d),
  };
  if (metric === "progress") {
    const low = Math.min(0, ...rows.map((r) => (r.stock_progress ?? 0) * 100));
    return plot({
      width,
      height,
      marginLeft: narrowMargins(width).left,
      marginRight: narrowMargins(width).right,
      marginTop: 34,
      x: { label: "存量化解进度 (%) →", domain: [low, 100], grid: true, axis: "top" },
      y,
      marks: [
        Plot.barX(rows, {
          y: "label",
          x1: low,
          x2: 100,
          fill: "#fff",
          stroke: "#999",
          strokeWidth: 0.6,
          inset: 2,
        }),
        Plot.barX(rows, { y: "label", x: (r) => (r.stock_progress ?? 0) * 100, fill: DARK, inset: 2 }),
        Plot.text(rows, {
          y: "label",
          x: 100,
          dx: 6,
          textAnchor: "start",
          fill: INK,
          text: (r) =>
            `${percent(r.stock_progress)} · ${r.stock_remaining_fen > 0 ? `剩 ${yuan(r.stock_remaining_fen, { unit: "万元" })}` : "已全部化解"}`,
        }),
        gap ? Plot.text([gap], { y: (d) => d, x: 50, text: (d) => d, fill: "#666" }) : null,
        provinceProgress !== null
          ? Plot.ruleX([provinceProgress * 100], { stroke: STOCK, strokeWidth: 1.5, strokeDasharray: "6,3" })
          : null,
        provinceProgress !== null
          ? Plot.text([provinceProgress * 100], {
              x: (d) => d,
              frameAnchor: "bottom",
              dy: 14,
              text: () => `全省 ${percent(provinceProgress)}`,
              fill: STOCK,
              fontWeight: 600,
            })
          : null,
        Plot.tip(
          rows,
          Plot.pointerY({
            y: "label",
            x: (r) => (r.stock_progress ?? 0) * 100,
            title: (r) =>
              `${r.label}\n存量批次 ${r.stock_projects} 个\n基准日存量 ${yuan(r.stock_baseline_fen)}\n尚未化解 ${yuan(r.stock_remaining_fen)}\n化解进度 ${percent(r.stock_progress)}`,
          }),
        ),
      ],
    });
  }
  const { unit, divisor } = moneyScale(Math.max(1, ...rows.map((r) => r.stock_baseline_fen)));
  return plot({
    width,
    height,
    marginLeft: narrowMargins(width).left,
    marginRight: narrowMargins(width).right,
    marginTop: 34,
    x: { label: `金额 (${unit}) →`, grid: true, axis: "top", nice: true },
    y,
    marks: [
      Plot.barX(rows, {
        y: "label",
        x: (r) => r.stock_baseline_fen / divisor,
        fill: "#fff",
        stroke: INK,
        strokeWidth: 0.8,
        inset: 2,
      }),
      Plot.barX(rows, { y: "label", x: (r) => r.stock_remaining_fen / divisor, fill: STOCK, inset: 2 }),
      Plot.text(rows, {
        y: "label",
        x: (r) => r.stock_baseline_fen / divisor,
        dx: 6,
        textAnchor: "start",
        fill: INK,
        text: (r) =>
          `剩 ${yuan(r.stock_remaining_fen, { unit: "万元" })} / ${yuan(r.stock_baseline_fen, { unit: "万元" })}`,
      }),
      Plot.ruleX([0]),
      Plot.tip(
        rows,
        Plot.pointerY({
          y: "label",
          x: (r) => r.stock_remaining_fen / divisor,
          title: (r) =>
            `${r.label}\n基准日存量 ${yuan(r.stock_baseline_fen)}\n尚未化解 ${yuan(r.stock_remaining_fen)}\n化解进度 ${percent(r.stock_progress)}`,
        }),
      ),
    ],
  });
}

/**
 * Increment projects by the quarter of their approval, split into those still short now and those made
 * good since: whether 遏增量 holds shows as empty quarters.
 * @param {{approved_on: string, shortfall_fen: number}[]} rows
 * @param {{width?: number, baseline: string, asOf: string}} options
 */
export function incrementQuarters(rows, { width = 640, baseline, asOf }) {
  const quarterOf = (/** @type {string} */ iso) => {
    const d = utc(iso);
    return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
  };
  const counts = new Map();
  for (const r of rows) {
    const key = `${quarterOf(r.approved_on)}|${r.shortfall_fen > 0 ? "仍欠" : "已补足"}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const data = [...counts].map(([key, n]) => {
    const [q, status] = key.split("|");
    const x1 = new Date(Number(q));
    return { x1, x2: new Date(Date.UTC(x1.getUTCFullYear(), x1.getUTCMonth() + 3, 1)), status, n };
  });
  const start = new Date(quarterOf(baseline));
  const end = new Date(Date.UTC(utc(asOf).getUTCFullYear(), utc(asOf).getUTCMonth() + 1, 1));
  return plot({
    width,
    height: 220,
    marginLeft: 50,
    x: {
      type: "utc",
      domain: [start, end],
      label: "批复季度",
      tickFormat: (d) => (d.getUTCMonth() === 0 ? `${d.getUTCFullYear()}年` : ""),
    },
    y: { label: "批次 (个)", grid: true, tickFormat: "d", nice: true },
    color: { domain: ["仍欠", "已补足"], range: [STOCK, "#fff"] },
    marks: [
      Plot.rectY(data, {
        x1: "x1",
        x2: "x2",
        y: "n",
        fill: "status",
        stroke: INK,
        strokeWidth: 0.8,
        insetLeft: 2,
        insetRight: 2,
        order: ["仍欠", "已补足"],
        title: (d) =>
          `${d.x1.getUTCFullYear()}年第${d.x1.getUTCMonth() / 3 + 1}季度批复, ${d.status}: ${d.n} 个`,
      }),
      Plot.ruleX([utc(baseline)], { stroke: INK, strokeDasharray: "5,3" }),
      Plot.ruleY([0]),
    ],
  });
}

/**
 * A legend entry: a bordered swatch (visible even when white) and its text.
 * @param {string} fill
 * @param {string} text
 */
export function swatch(fill, text) {
  return html`<span class="swatch"><span class="box" style=${`background:${fill}`}></span>${text}</span>`;
}

/** Colours of the stock charts, for their HTML legends. */
export const STOCK_COLOURS = { stock: STOCK, dark: DARK };
