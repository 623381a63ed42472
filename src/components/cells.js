// Table cells as markup (markup.js): each figure with its exact value where a test or a reader needs it:
// money carries its fen as data-fen and the exact yuan on hover, a ratio its value as data-value.
import { count, dateZh, percent, text, wan, yuan, yuanExact } from "./format.js";
import { markup } from "./markup.js";
import { RECTIFICATION_STATUS, VERDICTS } from "@xianbao/common/evidence.js";
import { cityHref, countyHref, projectHref } from "./links.js";

/**
 * Money in 元/万元/亿元 (by size), exact yuan on hover, the fen as data-fen.
 * @param {number | null | undefined} fen
 * @example String(moneyCell(123456)) === '<span class="money" title="1,234.56 元" data-fen="123456">1,234.56元</span>'
 */
export function moneyCell(fen) {
  if (fen === null || fen === undefined) return markup`<span class="muted">—</span>`;
  return markup`<span class="money" title=${`${yuanExact(fen)} 元`} data-fen=${fen}>${yuan(fen)}</span>`;
}

/**
 * Money in a column headed 万元: the number without its unit (wan), exact yuan on hover, the fen as
 * data-fen, zero faint.
 * @param {number | null | undefined} fen
 * @example String(wanCell(0)) === '<span class="money zero" title="0.00 元" data-fen="0">0.00</span>'
 */
export function wanCell(fen) {
  if (fen === null || fen === undefined) return markup`<span class="muted">—</span>`;
  return markup`<span class=${fen === 0 ? "money zero" : "money"} title=${`${yuanExact(fen)} 元`} data-fen=${fen}>${wan(fen)}</span>`;
}

/**
 * Exact yuan (evidence), the fen as data-fen.
 * @param {number | null | undefined} fen
 * @example String(exactCell(150)) === '<span class="money nowrap" data-fen="150">1.50</span>'
 */
export function exactCell(fen) {
  if (fen === null || fen === undefined) return markup`<span class="muted">—</span>`;
  return markup`<span class="money nowrap" data-fen=${fen}>${yuanExact(fen)}</span>`;
}

/**
 * A change (now − then) in a column headed 万元: signed, "+" for a rise and "−" for a fall, exact yuan on
 * hover, the fen as data-fen; no change reads 0.00; no figure then (before the stock baseline) reads —.
 * @param {number | null | undefined} fen
 * @example String(changeWanCell(-1500000)) === '<span class="money change down" title="-15,000.00 元" data-fen="-1500000">−1.50</span>'
 */
export function changeWanCell(fen) {
  if (fen === null || fen === undefined) return markup`<span class="muted">—</span>`;
  const cls = fen > 0 ? "money change up" : fen < 0 ? "money change down" : "money change zero";
  const text = fen > 0 ? `+${wan(fen)}` : fen < 0 ? `−${wan(-fen)}` : wan(0);
  return markup`<span class=${cls} title=${`${yuanExact(fen)} 元`} data-fen=${fen}>${text}</span>`;
}

/**
 * A change (now − then) in 元/万元/亿元 by size, signed like changeWanCell.
 * @param {number | null | undefined} fen
 * @example String(changeMoneyCell(250)) === '<span class="money change up" title="2.50 元" data-fen="250">+2.50元</span>'
 */
export function changeMoneyCell(fen) {
  if (fen === null || fen === undefined) return markup`<span class="muted">—</span>`;
  const cls = fen > 0 ? "money change up" : fen < 0 ? "money change down" : "money change zero";
  const text = fen > 0 ? `+${yuan(fen)}` : fen < 0 ? `−${yuan(-fen)}` : yuan(0);
  return markup`<span class=${cls} title=${`${yuanExact(fen)} 元`} data-fen=${fen}>${text}</span>`;
}

/**
 * A change of a count, signed ("+3", "−2", "0"), its value as data-value.
 * @param {number | null | undefined} n
 * @example String(changeCountCell(-2)) === '<span class="change down" data-value="-2">−2</span>'
 */
export function changeCountCell(n) {
  if (n === null || n === undefined) return markup`<span class="muted">—</span>`;
  const cls = n > 0 ? "change up" : n < 0 ? "change down" : "change zero";
  return markup`<span class=${cls} data-value=${n}>${n > 0 ? `+${count(n)}` : n < 0 ? `−${count(-n)}` : "0"}</span>`;
}

/** A count, zero faint. @param {number | null | undefined} n @example String(countCell(0)) === '<span class="zero">0</span>' */
export function countCell(n) {
  return markup`<span class=${n === 0 ? "zero" : null}>${count(n)}</span>`;
}

/**
 * A ratio as a percentage, its value as data-value.
 * @param {number | null | undefined} ratio @param {number} [digits]
 * @example String(percentCell(0.5)) === '<span data-value="0.5">50.0%</span>'
 */
export function percentCell(ratio, digits = 1) {
  if (ratio === null || ratio === undefined) return markup`<span class="muted">—</span>`;
  return markup`<span data-value=${ratio}>${percent(ratio, digits)}</span>`;
}

/** A date in Chinese, on one line. @param {string | null | undefined} iso @example String(dateCell("2024-03-05")) === '<span class="nowrap">2024年3月5日</span>' */
export function dateCell(iso) {
  return iso ? markup`<span class="nowrap">${dateZh(iso)}</span>` : markup`<span class="muted">—</span>`;
}

/** Text of the data. @param {unknown} value @example String(textCell("<b>")) === "&lt;b&gt;" */
export function textCell(value) {
  return markup`${text(value)}`;
}

/**
 * A project id linking to the project's page.
 * @param {string} projectId @param {string} [root] the way to the site's root ("..": from county/<code>)
 * @example String(projectCell("P1")) === '<a class="pid" href="./project.html?id=P1">P1</a>'
 */
export function projectCell(projectId, root = ".") {
  return markup`<a class="pid" href=${projectHref(projectId, root)}>${text(projectId)}</a>`;
}

/**
 * A county's name linking to its page, its city below linking to the city's.
 * @param {Record<string, any>} r a roll-up row @param {string} [root]
 */
export function countyName(r, root = ".") {
  return markup`<a href=${countyHref(r.code, root)}>${r.name}</a><a class="city" href=${cityHref(r.city_code, root)}>${r.city_name}</a>`;
}

/**
 * Whether the finding is open at T, and the rectification counted at T with its verdict: 整改不实 stands out.
 * @param {{open: boolean | number, rectification?: string | null, reported_on?: string | null, verdict?: string | null, note?: string | null}} r a finding (the findings page's and the project page's rows)
 */
export function rectificationCell(r) {
  const state = r.open
    ? markup`<span class="finding-open">未解决</span>`
    : markup`<span class="finding-resolved">已解决</span>`;
  const status = r.rectification
    ? (RECTIFICATION_STATUS[/** @type {"rectified"} */ (r.rectification)]?.label ?? r.rectification)
    : null;
  const verdict = r.verdict ? VERDICTS[/** @type {"confirmed"} */ (r.verdict)] : null;
  return markup`${state}${
    status
      ? markup`<div class="sub">报告: ${status}${r.reported_on ? ` (${dateZh(r.reported_on)})` : ""}</div>`
      : ""
  }${verdict ? markup`<div class=${`verdict v-${r.verdict}`} title=${verdict.text}>${verdict.label}</div>` : ""}${
    r.note ? markup`<div class="sub rect-note">${text(r.note)}</div>` : ""
  }`;
}
