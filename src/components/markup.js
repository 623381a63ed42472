// HTML as text, built safely: the `markup` template escapes every value it is given (as htl does) but
// returns a string, not DOM nodes, so a table of many rows is one innerHTML assignment. Values that are
// markup already are inserted as they are; arrays are joined; null, undefined and false are nothing.
import { plainText } from "@xianbao/common/text.js";

/** Trusted HTML text, made only by `markup` (or `raw` for constants). */
export class Markup {
  /** @param {string} html */
  constructor(html) {
    this.html = html;
  }
  toString() {
    return this.html;
  }
}

/**
 * Text escaped for HTML (element content and quoted attribute values), bidi controls removed.
 * @param {unknown} value
 * @example esc('<a href="x">') === "&lt;a href=&quot;x&quot;&gt;"
 */
export function esc(value) {
  return plainText(value).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

/**
 * A value as HTML: markup as it is, arrays joined, numbers and strings escaped.
 * @param {unknown} value
 * @returns {string}
 */
export function htmlOf(value) {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof Markup) return value.html;
  if (Array.isArray(value)) return value.map(htmlOf).join("");
  return esc(value);
}

/**
 * The tagged template: markup`<a href=${href}>${name}</a>`. A value right after `=` is an attribute
 * value, quoted here (and the attribute left out when the value is null, undefined or false).
 * @param {TemplateStringsArray} strings
 * @param {...unknown} values
 * @returns {Markup}
 * @example String(markup`<b title=${"a&b"}>${"<x>"}</b>`) === '<b title="a&amp;b">&lt;x&gt;</b>'
 */
export function markup(strings, ...values) {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (/=$/.test(out)) {
      // An attribute whose value is null, undefined or false is left out, as htl does.
      if (value === null || value === undefined || value === false) out = out.replace(/\s[\w-]+=$/, "");
      else out += `"${esc(value)}"`;
    } else out += htmlOf(value);
    out += strings[i + 1];
  }
  return new Markup(out);
}

/** Markup of a constant string (no value of the data may reach it). @param {string} html */
export function raw(html) {
  return new Markup(html);
}

/**
 * Markup as DOM nodes, to place it inside an htl template.
 * @param {Markup | string} value
 * @returns {DocumentFragment}
 */
export function node(value) {
  const template = document.createElement("template");
  template.innerHTML = htmlOf(value);
  return template.content;
}
