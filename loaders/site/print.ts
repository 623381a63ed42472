/**
 * What every printed page carries in its margins (docs/outputs.md#print): the page's title at the top,
 * the day it was printed and "第 N 页 / 共 M 页" at the foot. The margin boxes are in src/style.css
 * (`@page`); they read two custom properties that this classic script sets on <html>, at load and again
 * on `beforeprint`, so the date is the day of printing (a page left open overnight, a PDF printed by
 * `xianbao report --annexes`), never the day the site was built. Printing without JavaScript still gives
 * the page numbers.
 */

/** The words before the printing day in the foot of every printed page. */
export const PRINTED_ON = "打印日期";

/** The print date's words, as JavaScript the browser runs before any module (and Node below). */
const PRINT_DATE_JS = `function(d){return "${PRINTED_ON} "+d.getFullYear()+"年"+(d.getMonth()+1)+"月"+d.getDate()+"日"}`;

/**
 * The print date as the margin shows it, in the reader's local calendar.
 * @example printDate(new Date(2026, 11, 2)) === "打印日期 2026年12月2日"
 */
export const printDate = new Function(`return ${PRINT_DATE_JS}`)() as (day: Date) => string;

/** The page numbers as the margin shows them (`@page` in src/style.css writes these words). */
export const PAGE_NUMBER = /第\s*(\d+)\s*页\s*\/\s*共\s*(\d+)\s*页/;

// The site's name after the last "|" is dropped from the title: the top right margin names the site.
const SCRIPT =
  `(function(){var r=document.documentElement,f=${PRINT_DATE_JS};function s(){` +
  'r.style.setProperty("--print-date",JSON.stringify(f(new Date())));' +
  'r.style.setProperty("--print-title",JSON.stringify(document.title.replace(/\\s*\\|[^|]*$/,"")));}' +
  's();addEventListener("DOMContentLoaded",s);addEventListener("load",s);addEventListener("beforeprint",s);})();';

/** Into every page's <head> (through observablehq.config.ts). */
export const PRINT_HEAD = `<script>${SCRIPT}</script>`;
