// Charts of 虚拟与实际人数. Black-and-white safe: flags are told apart by symbol shape, the bands by grey
// level and by their printed labels, the reference lines by dash pattern.
import * as Plot from "@observablehq/plot";
import { plot } from "./plot.js";
import { axisFormat, count, decimal, percent, yuanExact } from "./format.js";

const INK = "#333";

/** Symbol, colour and legend text of each flag. */
export const FLAGS = [
  { key: "F06", label: "稀释 (F06)", symbol: "triangle", colour: "#b2182b" },
  { key: "F07", label: "覆盖不足 (F07)", symbol: "square", colour: "#8a6300" },
  { key: "none", label: "未标记", symbol: "circle", colour: "#4a6a8a" },
];

/**
 * Projects that can sit on log axes (virtual > 0 and actual > 0), and counts of those that cannot.
 * @param {Record<string, any>[]} rows {virtual_people, actual_people, ...}
 */
export function splitForLog(rows) {
  const plotted = [];
  let virtualZero = 0;
  let actualZero = 0;
  let bothZero = 0;
  let actualZeroF07 = 0;
  for (const r of rows) {
    if (r.virtual_people > 0 && r.actual_people > 0) plotted.push(r);
    else if (r.virtual_people <= 0 && r.actual_people <= 0) bothZero++;
    else if (r.virtual_people <= 0) virtualZero++;
    else {
      actualZero++;
      if (r.flag === "F07") actualZeroF07++;
    }
  }
  return { plotted, virtualZero, actualZero, actualZeroF07, bothZero };
}

/**
 * Log-log scatter of virtual (x) vs actual (y) headcount per project, with the diagonal (actual = virtual),
 * the dilution band (actual >= dilution x virtual, F06) and the under-coverage band (actual < under x
 * virtual, F07), each drawn and labelled; projects of `focus` county drawn over the rest; `highlights`
 * ringed and named.
 * @param {Record<string, any>[]} rows plotted projects {project_id, county_code, virtual_people, actual_people, per_capita_fen, flag}
 * @param {{width?: number, dilution: number, under: number, divisor: number, countyName: (code: string) => string,
 *   focus?: string | null, highlights?: Record<string, any>[]}} options
 */
export function headcountScatter(
  rows,
  { width = 640, dilution, under, divisor, countyName, focus = null, highlights = [] },
) {
  const xs = rows.map((r) => r.virtual_people);
  const ys = rows.map((r) => r.actual_people);
  const lo = (/** @type {number[]} */ v) => 10 ** Math.floor(Math.log10(Math.min(...v, 1)));
  const hi = (/** @type {number[]} */ v) => 10 ** Math.ceil(Math.log10(Math.max(...v, 10)));
  const x0 = lo(xs);
  const x1 = hi(xs);
  const y0 = Math.min(lo(ys), x0);
  const y1 = Math.max(hi(ys), x1);
  const edge = [{ x: x0 }, { x: x1 }];
  const flagOf = (/** @type {any} */ r) => FLAGS.find((f) => f.key === (r.flag ?? "none")) ?? FLAGS[2];
  const tip = (/** @type {any} */ r) =>
    [
      `批次 ${r.project_id}`,
      `县区 ${countyName(r.county_code)}`,
      `虚拟人数 ${decimal(r.virtual_people)} 人 · 实际 ${count(r.actual_people)} 人`,
      `实际 / 虚拟 = ${decimal(r.actual_people / r.virtual_people)} 倍${r.flag ? ` · ${flagOf(r).label}` : ""}`,
      `人均分配 ${yuanExact(r.per_capita_fen)} 元 (每月 ${yuanExact(Math.round(r.per_capita_fen / divisor))} 元)`,
    ].join("\n");
  const focused = focus ? rows.filter((r) => r.county_code === focus) : rows;
  const background = focus ? rows.filter((r) => r.county_code !== focus) : [];
  const dots = (/** @type {any[]} */ data, /** @type {number} */ opacity) =>
    Plot.dot(data, {
      x: "virtual_people",
      y: "actual_people",
      symbol: (r) => flagOf(r).label,
      stroke: (r) => flagOf(r).label,
      r: 3.5,
      strokeWidth: 1.1,
      strokeOpacity: opacity,
    });
  return plot({
    width,
    height: Math.min(640, Math.max(420, width * 0.55)),
    marginLeft: 60,
    marginRight: 30,
    marginBottom: 45,
    clip: true,
    x: {
      type: "log",
      domain: [x0, x1],
      label: "虚拟人数 (人土比推算的应保障人数, 对数刻度) →",
      grid: true,
      tickFormat: axisFormat,
    },
    y: {
      type: "log",
      domain: [y0, y1],
      label: "↑ 实际记账人数 (不同身份证号, 对数刻度)",
      grid: true,
      tickFormat: axisFormat,
    },
    symbol: { domain: FLAGS.map((f) => f.label), range: FLAGS.map((f) => f.symbol), legend: true },
    color: { domain: FLAGS.map((f) => f.label), range: FLAGS.map((f) => f.colour) },
    marks: [
      Plot.areaY(edge, { x: "x", y1: (d) => dilution * d.x, y2: y1, fill: "#000", fillOpacity: 0.07 }),
      Plot.areaY(edge, { x: "x", y1: y0, y2: (d) => under * d.x, fill: "#000", fillOpacity: 0.16 }),
      Plot.line(edge, { x: "x", y: (d) => d.x, stroke: INK, strokeWidth: 1.5 }),
      Plot.line(edge, { x: "x", y: (d) => dilution * d.x, stroke: INK, strokeDasharray: "6,3" }),
      Plot.line(edge, { x: "x", y: (d) => under * d.x, stroke: INK, strokeDasharray: "2,2" }),
      Plot.text([{ x: x0 * 1.15, y: y1 / 1.4 }], {
        x: "x",
        y: "y",
        text: () => `稀释区: 实际 ≥ ${decimal(dilution, 1)} × 虚拟 (F06)`,
        textAnchor: "start",
        fill: INK,
        fontWeight: "bold",
        stroke: "white",
        strokeWidth: 3,
        paintOrder: "stroke",
      }),
      Plot.text([{ x: x1 / 1.15, y: y0 * 1.4 }], {
        x: "x",
        y: "y",
        text: () => `覆盖不足区: 实际 < ${decimal(under, 1)} × 虚拟 (F07, 须资金已到位)`,
        textAnchor: "end",
        fill: INK,
        fontWeight: "bold",
        stroke: "white",
        strokeWidth: 3,
        paintOrder: "stroke",
      }),
      Plot.text([{ x: x1 / 1.6 }], {
        x: "x",
        y: (d) => d.x,
        text: () => "实际 = 虚拟",
        dy: 12,
        dx: 6,
        textAnchor: "start",
        fill: INK,
        stroke: "white",
        strokeWidth: 3,
        paintOrder: "stroke",
      }),
      dots(background, 0.12),
      dots(focused, 0.75),
      Plot.dot(highlights, { x: "virtual_people", y: "actual_people", r: 11, stroke: INK, strokeWidth: 2 }),
      Plot.text(highlights, {
        x: "virtual_people",
        y: "actual_people",
        text: (d) =>
          `${shortName(d.project_name)}\n应保障 ${decimal(d.virtual_people)} 人, 实际分配 ${count(d.actual_people)} 人`,
        dx: 16,
        textAnchor: "start",
        lineAnchor: "middle",
        fill: INK,
        fontWeight: "bold",
        stroke: "white",
        strokeWidth: 4,
        paintOrder: "stroke",
      }),
      Plot.tip(focused, Plot.pointer({ x: "virtual_people", y: "actual_people", title: tip, maxRadius: 20 })),
    ],
  });
}

/** A project name without its approval number in brackets: "深茂铁路(阳西段)建设项目用地". @param {string} name */
export function shortName(name) {
  return String(name).replace(/[（(][^（()）]*〔[^）)]*[）)]\s*$/, "");
}

/**
 * Grouped bars: share of people in each amount band here vs seed 001's shares (Guangdong 2022).
 * @param {{band: string, label: string, share: number, seed: number}[]} bands
 * @param {{width?: number}} [options]
 */
export function bandBars(bands, { width = 640 } = {}) {
  const long = bands.flatMap((b) => [
    { band: b.label, source: "本数据", share: b.share },
    { band: b.label, source: "粤人社 2022 答复", share: b.seed },
  ]);
  return plot({
    width,
    height: 60 * bands.length + 50,
    marginLeft: 120,
    marginRight: 70,
    x: { label: "占被征地农民人数的比例 (%) →", percent: true, grid: true, domain: [0, 100] },
    y: { label: null, axis: null },
    fy: { label: null, domain: bands.map((b) => b.label) },
    color: { domain: ["本数据", "粤人社 2022 答复"], range: ["#4a6a8a", "#d9d9d9"], legend: true },
    marks: [
      Plot.barX(long, {
        fy: "band",
        y: "source",
        x: "share",
        fill: "source",
        stroke: INK,
        strokeWidth: 0.8,
        title: (d) => `${d.band} · ${d.source}: ${percent(d.share, 2)}`,
      }),
      Plot.text(long, {
        fy: "band",
        y: "source",
        x: "share",
        text: (d) => `${percent(d.share, 2)} ${d.source === "本数据" ? "" : "(答复)"}`,
        dx: 4,
        textAnchor: "start",
        fill: INK,
      }),
      Plot.ruleX([0]),
    ],
  });
}
