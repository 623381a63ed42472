// Charts of 新旧办法对比. Black-and-white safe: projects below the old level are triangles, the others
// circles; the policy's sawtooth is a solid line, a scenario's a dashed one; tier bounds are dashed rules.
import * as Plot from "@observablehq/plot";
import { plot } from "./plot.js";
import { axisFormat, decimal, yuan, yuanExact } from "./format.js";

const INK = "#333";

/** "5万" for 50,000. @param {number} price */
export function priceZh(price) {
  return price >= 1e4 ? `${decimal(price / 1e4, price % 1e4 ? 1 : 0)}万` : price.toLocaleString("zh-CN");
}

/**
 * Labels of the tiers: "≤ 5万元/亩", "5万–10万元/亩", ..., "20万元/亩以上".
 * @param {{max_price: number | null}[]} tiers
 */
export function tierLabels(tiers) {
  return tiers.map((t, i) => {
    const lower = i > 0 ? tiers[i - 1].max_price : null;
    if (t.max_price === null) return `${priceZh(/** @type {number} */ (lower))}元/亩以上`;
    return lower === null
      ? `≤ ${priceZh(t.max_price)}元/亩`
      : `${priceZh(lower)}–${priceZh(t.max_price)}元/亩`;
  });
}

/**
 * The sawtooth of yuan per mu against zone price for a set of ratios under tier bounds: one segment per tier.
 * @param {{max_price: number | null}[]} tiers
 * @param {number[]} ratios
 * @param {number} top the highest price to draw
 * @param {string} series
 */
export function sawtooth(tiers, ratios, top, series) {
  const out = [];
  let lower = 0;
  for (let i = 0; i < tiers.length; i++) {
    const upper = tiers[i].max_price ?? Math.max(top, lower * 1.2);
    out.push(
      { series, tier: i, price: lower, perMu: lower * ratios[i] },
      { series, tier: i, price: upper, perMu: upper * ratios[i] },
    );
    lower = upper;
  }
  return out;
}

/**
 * Yuan per mu (new method ÷ area) against zone price, one dot per project, on the policy's sawtooth with
 * the tier bounds drawn: a price just above a bound yields less per mu than one just below (the cliff).
 * @param {Record<string, any>[]} rows {project_id, zone_price, per_mu, below}
 * @param {{width?: number, tiers: {max_price: number | null, ratio: number}[], scenario?: number[] | null}} options
 */
export function cliffChart(rows, { width = 640, tiers, scenario = null }) {
  const lastBound = Math.max(...tiers.map((t) => t.max_price ?? 0));
  const top = Math.max(...rows.map((r) => r.zone_price * 1.04), lastBound * 1.25);
  const policy = sawtooth(
    tiers,
    tiers.map((t) => t.ratio),
    top,
    "现行政策",
  );
  const scenarioLine = scenario ? sawtooth(tiers, scenario, top, "方案") : [];
  const lines = [...policy, ...scenarioLine];
  const shown = scenario ?? tiers.map((t) => t.ratio);
  const pct = (/** @type {number} */ r) => `${decimal(r * 100, Math.round(r * 1e4) % 100 ? 2 : 0)}%`;
  const bounds = tiers.slice(0, -1).map((t, i) => ({
    price: /** @type {number} */ (t.max_price),
    drop: /** @type {number} */ (t.max_price) * (shown[i] - shown[i + 1]),
    below: /** @type {number} */ (t.max_price) * shown[i],
  }));
  const labels = tiers.map((t, i) => {
    const lower = i > 0 ? /** @type {number} */ (tiers[i - 1].max_price) : 0;
    const upper = t.max_price ?? top;
    return {
      price: (lower + upper) / 2,
      text: scenario && shown[i] !== t.ratio ? `${pct(t.ratio)} → ${pct(shown[i])}` : pct(t.ratio),
    };
  });
  const yTop = Math.max(...lines.map((d) => d.perMu), ...rows.map((r) => r.per_mu)) * 1.08;
  return plot({
    width,
    height: 420,
    marginLeft: 70,
    marginRight: 20,
    x: { label: "区片综合地价 (元/亩) →", domain: [0, top], tickFormat: (d) => priceZh(d), grid: true },
    y: {
      label: "↑ 每亩计提的征地社保费 (元/亩) = 以地筹资金额 ÷ 征收面积",
      domain: [0, yTop],
      grid: true,
      tickFormat: (d) => d.toLocaleString("zh-CN"),
    },
    symbol: {
      domain: ["低于旧办法 (F12)", "不低于旧办法"],
      range: ["triangle", "circle"],
      legend: rows.length > 0,
    },
    color: { domain: ["低于旧办法 (F12)", "不低于旧办法"], range: ["#b2182b", "#4a6a8a"] },
    marks: [
      Plot.ruleX(bounds, { x: "price", stroke: INK, strokeDasharray: "3,3", strokeOpacity: 0.7 }),
      Plot.text(bounds, {
        x: "price",
        y: yTop,
        text: (d) => `${priceZh(d.price)}`,
        dy: 8,
        dx: 3,
        textAnchor: "start",
        fill: INK,
      }),
      Plot.text(bounds, {
        x: "price",
        y: "below",
        text: (d) =>
          d.drop >= 0 ? `↓ 每亩少 ${decimal(d.drop, 0)} 元` : `↑ 每亩多 ${decimal(-d.drop, 0)} 元`,
        dx: 4,
        dy: -14,
        textAnchor: "start",
        fill: INK,
        stroke: "white",
        strokeWidth: 3,
        paintOrder: "stroke",
        fontWeight: "bold",
      }),
      Plot.text(labels, { x: "price", y: 0, text: "text", dy: -10, fill: INK, fontWeight: "bold" }),
      Plot.dot(rows, {
        x: "zone_price",
        y: "per_mu",
        symbol: (r) => (r.below ? "低于旧办法 (F12)" : "不低于旧办法"),
        stroke: (r) => (r.below ? "低于旧办法 (F12)" : "不低于旧办法"),
        r: 3,
        strokeOpacity: 0.6,
      }),
      Plot.line(policy, { x: "price", y: "perMu", z: "tier", stroke: INK, strokeWidth: 1.5 }),
      Plot.line(scenarioLine, {
        x: "price",
        y: "perMu",
        z: "tier",
        stroke: INK,
        strokeWidth: 2,
        strokeDasharray: "6,3",
      }),
      Plot.tip(
        rows,
        Plot.pointer({
          x: "zone_price",
          y: "per_mu",
          maxRadius: 20,
          title: (r) =>
            `批次 ${r.project_id}\n区片价 ${r.zone_price.toLocaleString("zh-CN")} 元/亩 · 比例 ${decimal(r.ratio * 100, 1)}%\n每亩 ${decimal(r.per_mu, 2)} 元 · 面积 ${decimal(r.area_mu, 4)} 亩\n以地筹资 ${yuanExact(r.new_fen)} 元 · 以人筹资 ${yuanExact(r.old_fen)} 元`,
        }),
      ),
    ],
  });
}

/**
 * Old method (x) against new method (y) per project, log scales in 万元, with the line new = old: the
 * projects under it are below the old level (F12).
 * @param {Record<string, any>[]} rows {project_id, county, old_fen, new_fen, below}
 * @param {{width?: number}} [options]
 */
export function oldNewScatter(rows, { width = 640 } = {}) {
  const values = rows.flatMap((r) => [r.old_fen / 1e6, r.new_fen / 1e6]);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...values)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...values)));
  const edge = [{ v: lo }, { v: hi }];
  return plot({
    width,
    height: Math.min(560, Math.max(380, width * 0.5)),
    marginLeft: 60,
    x: {
      type: "log",
      domain: [lo, hi],
      label: "以人筹资 (旧办法: 虚拟人数 × 每人标准, 万元, 对数刻度) →",
      grid: true,
      tickFormat: axisFormat,
    },
    y: {
      type: "log",
      domain: [lo, hi],
      label: "↑ 以地筹资 (新办法: 面积 × 区片价 × 比例, 万元, 对数刻度)",
      grid: true,
      tickFormat: axisFormat,
    },
    symbol: { domain: ["低于旧办法 (F12)", "不低于旧办法"], range: ["triangle", "circle"], legend: true },
    color: { domain: ["低于旧办法 (F12)", "不低于旧办法"], range: ["#b2182b", "#4a6a8a"] },
    marks: [
      Plot.areaY(edge, { x: "v", y1: lo, y2: "v", fill: "#000", fillOpacity: 0.07 }),
      Plot.line(edge, { x: "v", y: "v", stroke: INK, strokeWidth: 1.5 }),
      Plot.text([{ v: hi / 3 }], {
        x: "v",
        y: "v",
        text: () => "新 = 旧",
        dx: 8,
        dy: 14,
        textAnchor: "start",
        fill: INK,
      }),
      Plot.text([{ v: hi / 1.3 }], {
        x: "v",
        y: lo * 1.6,
        text: () => "此区域: 新办法低于旧办法",
        textAnchor: "end",
        fill: INK,
        fontWeight: "bold",
      }),
      Plot.dot(rows, {
        x: (r) => r.old_fen / 1e6,
        y: (r) => r.new_fen / 1e6,
        symbol: (r) => (r.below ? "低于旧办法 (F12)" : "不低于旧办法"),
        stroke: (r) => (r.below ? "低于旧办法 (F12)" : "不低于旧办法"),
        r: 3,
        strokeOpacity: 0.6,
      }),
      Plot.tip(
        rows,
        Plot.pointer({
          x: (r) => r.old_fen / 1e6,
          y: (r) => r.new_fen / 1e6,
          maxRadius: 20,
          title: (r) =>
            `批次 ${r.project_id} · ${r.county}\n以人筹资 ${yuan(r.old_fen)} · 以地筹资 ${yuan(r.new_fen)}\n新 − 旧 = ${yuan(r.new_fen - r.old_fen)}`,
        }),
      ),
    ],
  });
}

/**
 * The county comparison's download (the table of 各县区: 旧办法与新办法), amounts in exact yuan.
 * @type {import("@xianbao/common/csv.js").DownloadColumn[]}
 */
export const COMPARISON_DOWNLOAD = [
  { key: "code", label: "县区代码" },
  { key: "city_name", label: "市" },
  { key: "name", label: "县区" },
  { key: "projects", label: "批次", kind: "number" },
  { key: "old_method_fen", label: "以人筹资(元)", kind: "money" },
  { key: "new_method_fen", label: "以地筹资(元)", kind: "money" },
  { key: "method_gap_fen", label: "新−旧(元)", kind: "money" },
  { key: "new_old_share", label: "新/旧", kind: "number" },
  { key: "F12", label: "新办法低于旧办法的批次(F12)", kind: "number" },
];

/**
 * The F12 projects' download.
 * @type {import("@xianbao/common/csv.js").DownloadColumn[]}
 */
export const F12_DOWNLOAD = [
  { key: "project_id", label: "批次编号" },
  { key: "name", label: "项目名称" },
  { key: "county_code", label: "县区代码" },
  { key: "county", label: "县区" },
  { key: "area_mu", label: "征收面积(亩)", kind: "number" },
  { key: "zone_price", label: "区片价(元/亩)", kind: "number" },
  { key: "ratio", label: "计提比例", kind: "number" },
  { key: "virtual_people", label: "虚拟人数", kind: "number", value: (r) => Number(r.virtual_pico) / 1e12 },
  { key: "per_person_fen", label: "每人标准(元)", kind: "money" },
  { key: "old_fen", label: "以人筹资(元)", kind: "money" },
  { key: "new_fen", label: "以地筹资(元)", kind: "money" },
  { key: "gap", label: "新−旧(元)", kind: "money" },
];

/**
 * A scenario's result by county, with the scenario's settings as columns of every row (so the file says
 * what it was computed under).
 * @param {import("@xianbao/common/scenario.js").Settings} settings
 * @returns {import("@xianbao/common/csv.js").DownloadColumn[]}
 */
export function SCENARIO_DOWNLOAD(settings) {
  return [
    { key: "code", label: "县区代码" },
    { key: "city_name", label: "市" },
    { key: "name", label: "县区" },
    { key: "projects", label: "批次", kind: "number" },
    { key: "old_fen", label: "方案以人筹资(元)", kind: "money" },
    { key: "new_fen", label: "方案以地筹资(元)", kind: "money" },
    { key: "gap", label: "新−旧(元)", kind: "money" },
    { key: "below", label: "方案低于旧办法的批次", kind: "number" },
    { key: "F12", label: "现行F12", kind: "number" },
    { key: "change", label: "变化", kind: "number" },
    {
      key: "settings",
      label: "方案",
      value: () =>
        `比例 ${settings.ratios.map((r) => `${Math.round(r * 1e6) / 1e4}%`).join(" / ")}; 每人标准 ${settings.perPersonYuan} 元; ${settings.keepOverrides === false ? "不保持" : "保持"}各市县自定标准`,
    },
  ];
}
