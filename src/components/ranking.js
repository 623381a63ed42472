// 县区进展's ranking chart: the worst counties by one figure of the league table, coloured by status, each
// label with the status mark so it reads in black and white too.
import * as Plot from "@observablehq/plot";
import { plot } from "./plot.js";
import { html } from "htl";
import { shareText } from "@xianbao/common/policy.js";
import { STATUS } from "@xianbao/common/status.js";
import { moneyScale, percent, yuan } from "./format.js";

/** @typedef {Record<string, any>} Row */
/** @typedef {"red" | "yellow" | "green"} Status */

/** The rankings the chart offers: what is ranked, which end is worst, and how a value reads. */
export const RANKINGS = {
  stock_progress: {
    label: "存量化解进度 (最低的)",
    unit: "%",
    worstFirst: "asc",
    include: (/** @type {Row} */ r) => r.stock_baseline_fen > 0,
  },
  unallocated_over_365_fen: {
    label: "沉淀超过一年的资金 (最多的)",
    unit: "money",
    worstFirst: "desc",
    include: (/** @type {Row} */ r) => r.unallocated_over_365_fen > 0,
  },
  unallocated_fen: {
    label: "未分配资金 (最多的)",
    unit: "money",
    worstFirst: "desc",
    include: (/** @type {Row} */ r) => r.unallocated_fen > 0,
  },
  shortfall_fen: {
    label: "资金缺口 (最大的)",
    unit: "money",
    worstFirst: "desc",
    include: (/** @type {Row} */ r) => r.shortfall_fen > 0,
  },
  increment_open_fen: {
    label: "新增仍欠 (最多的)",
    unit: "money",
    worstFirst: "desc",
    include: (/** @type {Row} */ r) => r.increment_open_fen > 0,
  },
};

/**
 * The worst counties by one figure, as horizontal bars coloured by status; each label carries the status
 * mark so the ranking reads in black and white too.
 * @param {Row[]} rows
 * @param {{width?: number, metric?: keyof typeof RANKINGS, top?: number, redProgress?: number}} [options] redProgress: the
 *   stock progress under which a county is red (policy status_red_stock_progress), drawn as a rule
 */
export function rankChart(rows, { width = 640, metric = "stock_progress", top = 15, redProgress } = {}) {
  const m = RANKINGS[metric];
  const list = rows
    .filter(m.include)
    .sort(
      (a, b) =>
        (m.worstFirst === "asc" ? a[metric] - b[metric] : b[metric] - a[metric]) ||
        (a.code < b.code ? -1 : 1),
    )
    .slice(0, top);
  if (!list.length)
    return html`<p class="chart-note">
      所选县区中没有可排名的数据 (${m.label.replace(/ \(.*\)/, "")}均为 0 或无存量)。
    </p>`;
  const isRatio = m.unit === "%";
  const { unit, divisor } = isRatio
    ? { unit: "%", divisor: 0.01 }
    : moneyScale(Math.max(...list.map((r) => r[metric])));
  const data = list.map((r, i) => ({
    name: `${i + 1}. ${STATUS[/** @type {Status} */ (r.status)]?.mark ?? ""} ${r.name} · ${r.city_name}`,
    v: r[metric] / divisor,
    raw: r[metric],
    status: r.status,
  }));
  const text = (/** @type {any} */ d) => (isRatio ? percent(d.raw) : yuan(d.raw));
  return plot({
    width,
    height: data.length * 24 + 50,
    marginLeft: 190,
    marginRight: 90,
    x: {
      label: isRatio ? "化解进度 (%) →" : `金额 (${unit}) →`,
      grid: true,
      nice: true,
      domain: isRatio ? [0, 100] : undefined,
    },
    y: { label: null, domain: data.map((d) => d.name) },
    marks: [
      Plot.barX(data, {
        y: "name",
        x: "v",
        fill: (d) => STATUS[/** @type {Status} */ (d.status)]?.colour ?? "#888",
        title: (d) => `${d.name}: ${text(d)}`,
      }),
      Plot.text(data, { y: "name", x: "v", text, dx: 4, textAnchor: "start", fill: "#333" }),
      isRatio && redProgress !== undefined
        ? Plot.ruleX([redProgress * 100], { stroke: "#b2182b", strokeDasharray: "4,3" })
        : null,
      isRatio && redProgress !== undefined
        ? Plot.text([redProgress * 100], {
            x: (d) => d,
            frameAnchor: "top",
            text: () => `${shareText(redProgress)}: 低于此线为红色`,
            dy: -12,
            dx: 4,
            textAnchor: "start",
            fill: "#b2182b",
          })
        : null,
      Plot.ruleX([0]),
    ],
  });
}
