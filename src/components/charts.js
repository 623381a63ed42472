// Charts for the pages: each takes data and {width} and returns a Plot figure. Colours are chosen to
// survive black-and-white printing: series differ by dash pattern and carry direct labels, not only hue.
import * as Plot from "@observablehq/plot";
import { plot } from "./plot.js";
import { moneyScale, monthZh, yuan } from "./format.js";

const INK = "#333";
const SERIES = [
  { key: "received_fen", label: "到账", stroke: "#1f4e79", dash: null },
  { key: "distributed_fen", label: "已分配到人", stroke: "#2f7d32", dash: "6,3" },
  { key: "unallocated_fen", label: "未分配 (沉淀)", stroke: "#b35900", dash: "2,2" },
  { key: "stock_remaining_fen", label: "存量欠缴", stroke: "#8b0000", dash: "10,3,2,3" },
];

/**
 * The funding waterfall: required -> received -> in the special account -> distributed, with the gaps
 * (shortfall, not yet transferred, unallocated) as floating bars.
 * @param {Record<string, number>} t province or county totals in fen
 * @param {{width?: number}} [options]
 */
export function waterfall(t, { width = 640 } = {}) {
  const { unit, divisor } = moneyScale(t.required_fen || t.received_fen || 1);
  const steps = [
    { step: "应筹资金", from: 0, to: t.required_fen, kind: "level" },
    { step: "资金缺口", from: t.received_fen, to: t.received_fen + t.shortfall_fen, kind: "gap" },
    { step: "已到账", from: 0, to: t.received_fen, kind: "level" },
    {
      step: "尚未划入专户",
      from: Math.min(t.in_special_fen, t.received_fen),
      to: t.received_fen,
      kind: "gap",
    },
    { step: "财政专户", from: 0, to: t.in_special_fen, kind: "level" },
    { step: "已分配到人", from: 0, to: t.distributed_fen, kind: "level" },
    {
      step: "未分配 (沉淀)",
      from: t.distributed_fen,
      to: t.distributed_fen + t.unallocated_fen,
      kind: "gap",
    },
  ].map((d) => ({ ...d, x1: d.from / divisor, x2: d.to / divisor, amount: d.to - d.from }));
  return plot({
    width,
    height: 300,
    marginLeft: 100,
    marginRight: 110,
    x: { label: `金额 (${unit}) →`, grid: true, nice: true },
    y: { label: null, domain: steps.map((d) => d.step) },
    marks: [
      Plot.barX(
        steps.filter((d) => d.kind === "level"),
        {
          y: "step",
          x1: "x1",
          x2: "x2",
          fill: "#4a6a8a",
          title: (/** @type {any} */ d) => `${d.step}: ${yuan(d.amount)}`,
        },
      ),
      Plot.barX(
        steps.filter((d) => d.kind === "gap"),
        {
          y: "step",
          x1: "x1",
          x2: "x2",
          fill: "#fff",
          stroke: INK,
          strokeDasharray: "4,2",
          title: (/** @type {any} */ d) => `${d.step}: ${yuan(d.amount)}`,
        },
      ),
      Plot.text(steps, {
        y: "step",
        x: "x2",
        text: (d) => yuan(d.amount),
        dx: 6,
        textAnchor: "start",
        fill: INK,
      }),
      Plot.ruleX([0]),
    ],
  });
}

/**
 * Monthly series: received, distributed, unallocated and (from the baseline) stock still missing.
 * @param {Record<string, any>[]} rows {month, received_fen, distributed_fen, unallocated_fen, stock_remaining_fen}
 * @param {{width?: number, keys?: string[], height?: number}} [options]
 */
export function monthlyChart(rows, { width = 640, keys = SERIES.map((s) => s.key), height = 320 } = {}) {
  const series = SERIES.filter((s) => keys.includes(s.key));
  const max = Math.max(1, ...rows.flatMap((r) => series.map((s) => r[s.key] ?? 0)));
  const { unit, divisor } = moneyScale(max);
  const long = series.flatMap((s) =>
    rows
      .filter((r) => r[s.key] !== null && r[s.key] !== undefined)
      .map((r) => ({
        series: s.label,
        date: new Date(`${r.month}-01T00:00:00`),
        month: r.month,
        value: r[s.key] / divisor,
        fen: r[s.key],
      })),
  );
  const last = series
    .map((s) => long.filter((d) => d.series === s.label).at(-1))
    .filter((d) => d !== undefined);
  return plot({
    width,
    height,
    marginRight: 100,
    x: { label: null, type: "utc", tickFormat: (d) => `${d.getUTCFullYear()}年` },
    y: { label: `金额 (${unit})`, grid: true, nice: true, zero: true },
    color: { domain: series.map((s) => s.label), range: series.map((s) => s.stroke), legend: true },
    marks: [
      ...series.map((s) =>
        Plot.line(
          long.filter((d) => d.series === s.label),
          { x: "date", y: "value", stroke: "series", strokeWidth: 2, strokeDasharray: s.dash ?? undefined },
        ),
      ),
      Plot.text(last, { x: "date", y: "value", text: "series", dx: 6, textAnchor: "start", fill: "series" }),
      Plot.tip(
        long,
        Plot.pointerX({
          x: "date",
          y: "value",
          title: (d) => `${monthZh(d.month)} ${d.series}: ${yuan(d.fen)}`,
        }),
      ),
    ],
  });
}

/**
 * Horizontal bars of a money figure by county (or project), largest first, with value labels.
 * @param {Record<string, any>[]} rows
 * @param {{width?: number, value: string, label: (row: any) => string, title?: string}} options
 */
export function moneyBars(rows, { width = 640, value, label }) {
  const max = Math.max(1, ...rows.map((r) => r[value] ?? 0));
  const { unit, divisor } = moneyScale(max);
  const data = rows.map((r) => ({ name: label(r), v: (r[value] ?? 0) / divisor, fen: r[value] ?? 0 }));
  return plot({
    width,
    height: Math.max(120, data.length * 24 + 40),
    marginLeft: 150,
    marginRight: 100,
    x: { label: `${unit} →`, grid: true, nice: true },
    y: { label: null, domain: data.map((d) => d.name) },
    marks: [
      Plot.barX(data, { y: "name", x: "v", fill: "#4a6a8a", title: (d) => `${d.name}: ${yuan(d.fen)}` }),
      Plot.text(data, { y: "name", x: "v", text: (d) => yuan(d.fen), dx: 4, textAnchor: "start", fill: INK }),
      Plot.ruleX([0]),
    ],
  });
}
