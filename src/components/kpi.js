// Headline figure cards: a label (its definition on hover), the value, a note.
import { html } from "htl";

/**
 * One card.
 * @param {string} label
 * @param {any} value
 * @param {string} definition shown on hover
 * @param {any} [note]
 */
export function kpi(label, value, definition, note = "") {
  return html`<div class="kpi" title=${definition}>
    <div class="label defined">${label}</div>
    <div class="value">${value}</div>
    <div class="kpi-note">${note}</div>
  </div>`;
}

/**
 * A row of cards.
 * @param {...HTMLElement} cards
 */
export function kpis(...cards) {
  return html`<div class="kpis">${cards}</div>`;
}
