// Headline figure cards: a label (its definition on hover), the value, a note.
import { html } from "htl";
import { Markup, node } from "./markup.js";

/** @param {any} v */
const content = (v) => (v instanceof Markup ? node(v) : v);

/**
 * One card.
 * @param {string} label
 * @param {any} value text, a node or markup (e.g. moneyCell, which carries the exact fen)
 * @param {string} definition shown on hover
 * @param {any} [note]
 */
export function kpi(label, value, definition, note = "") {
  return html`<div class="kpi" title=${definition}>
    <div class="label defined">${label}</div>
    <div class="value">${content(value)}</div>
    <div class="kpi-note">${content(note)}</div>
  </div>`;
}

/**
 * A row of cards.
 * @param {...HTMLElement} cards
 */
export function kpis(...cards) {
  return html`<div class="kpis">${cards}</div>`;
}
