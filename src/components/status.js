// Status badges (colour + mark + word, so they read in black-and-white print too), the legend of the
// status rules with the thresholds in force, and a county's reasons with the figures behind them. The
// rules and their words are common/status.js's; the judgement is loaders/sql/metrics/status.sql's.
import { html } from "htl";
import { STATUS, STATUS_REASONS, reasonOf } from "@xianbao/common/status.js";
import { count, percent, yuan } from "./format.js";
import { markup, node } from "./markup.js";

/** @typedef {import("@xianbao/common/status.js").Status} Status */
/** @typedef {Record<string, any>} Row */

/**
 * A status badge as markup, with its reasons in small text when given.
 * @param {string | null | undefined} status
 * @param {{reasons?: string[] | null, policy?: Row, short?: boolean}} [options]
 */
export function statusMarkup(status, { reasons, policy, short = false } = {}) {
  const s = STATUS[/** @type {Status} */ (status)];
  if (!s) return markup`<span class="status">—</span>`;
  const list = (reasons ?? []).map((r) => reasonOf(r)).filter((r) => r !== undefined);
  const why = policy ? list.map((r) => r.text(policy)) : [];
  const badge = markup`<span class=${`status-badge s-${status}`} title=${why.length ? `${s.text}: ${why.join("; ")}` : s.text}><span class="mark" aria-hidden="true">${s.mark}</span> ${s.label}${short ? "" : ` ${s.text}`}</span>`;
  if (!list.length || !policy) return badge;
  return markup`<span class="status-cell">${badge}<span class="reasons">${list.map(
    (r, i) => markup`${i ? "、" : ""}<span class="reason">${r.short(policy)}</span>`,
  )}</span></span>`;
}

/**
 * A status badge as an element.
 * @param {string | null | undefined} status
 * @param {{reasons?: string[], policy?: Row, short?: boolean}} [options]
 */
export function statusBadge(status, options = {}) {
  return node(statusMarkup(status, options));
}

/**
 * The legend of the three colours: the exact rule behind each, with this data set's thresholds, and how
 * many of the given rows have each colour.
 * @param {Row[]} rows
 * @param {{policy: Row, overrides?: {scope: string, changed: Row}[]}} options
 */
export function statusLegend(rows, { policy, overrides = [] }) {
  const n = (/** @type {string} */ s) => rows.filter((r) => r.status === s).length;
  const rules = (/** @type {string} */ status) =>
    STATUS_REASONS.filter((r) => r.status === status).map(
      (r, i) => html`${i ? "; " : ""}<b class="reason-tag">${r.short(policy)}</b>: ${r.rule(policy)}`,
    );
  return html`<div class="status-legend" role="note">
    <div class="legend-item s-red">
      ${statusBadge("red")} <strong>${count(n("red"))}</strong> 个 — 满足任一即为红色: ${rules("red")}。
    </div>
    <div class="legend-item s-yellow">
      ${statusBadge("yellow")} <strong>${count(n("yellow"))}</strong> 个 — 不属红色, 但满足任一:
      ${rules("yellow")}。
    </div>
    <div class="legend-item s-green">
      ${statusBadge("green")} <strong>${count(n("green"))}</strong> 个 — 以上都没有。
    </div>
    <div class="legend-note">
      状态栏中小字为该县区亮灯的原因 (上面加粗的词)。阈值为本数据集的政策参数,
      可在数据目录的参数文件中按市县另定${
        overrides.length
          ? html`; 另定了阈值的地方按其自身阈值判断: ${overrides.map((o) => o.scope).join("、")}`
          : ""
      }。
    </div>
  </div>`;
}

/**
 * Why a county has its colour, each reason with the figure behind it.
 * @param {Row} c the county's roll-up row
 * @param {Row} policy the county's policy
 * @returns {string[]}
 */
export function reasonsWithFigures(c, policy) {
  /** @type {Record<string, () => string>} */
  const figure = {
    increment: () =>
      `${count(c.increment_open_projects)} 个新增欠缴批次仍欠 ${yuan(c.increment_open_fen)} (应筹 ${yuan(c.required_fen)})`,
    stock_behind: () => `化解进度 ${percent(c.stock_progress)}, 尚未化解 ${yuan(c.stock_remaining_fen)}`,
    over_allocated: () => `超出到账 ${yuan(c.over_allocated_fen)} (线索 F05)`,
    stock_slow: () => `化解进度 ${percent(c.stock_progress)}, 尚未化解 ${yuan(c.stock_remaining_fen)}`,
    shortfall: () => `缺口 ${yuan(c.shortfall_fen)} (应筹 ${yuan(c.required_fen)})`,
    stale: () => `${yuan(c.unallocated_over_365_fen)} (已到账 ${yuan(c.received_fen)})`,
  };
  return (c.reasons ?? []).map((/** @type {string} */ code) => {
    const r = reasonOf(code);
    return r ? `${r.text(policy)}: ${figure[code]?.() ?? ""}` : code;
  });
}
