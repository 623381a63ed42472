// Every county table of the site with the same two controls: a city filter and city subtotals. A city's
// subtotal is its own roll-up row (loaders/sql/site/rollups.sql), not a sum made here: the filter picks
// whole cities, so each subtotal shown is a whole city and its figures (ratios too) are the SQL's.
import { html } from "htl";
import { count } from "./format.js";
import { cityHref } from "./links.js";
import { markup } from "./markup.js";
import { dataTable } from "./table.js";
import { downloadButtons } from "./download.js";

/** @typedef {Record<string, any>} Row */
/** @typedef {import("./table.js").Column} Column */

/**
 * Groups for dataTable: counties kept together by city, each city followed by its roll-up row (or by what
 * `total` makes of its members, for figures computed in the browser such as a scenario's).
 * @param {Row[]} cities roll-up rows of the cities {code, name, ...}
 * @param {{total?: (members: Row[], city: Row) => Row}} [options]
 * @returns {import("./table.js").Groups}
 */
export function cityGroups(cities, { total } = {}) {
  const byCode = new Map(cities.map((c) => [c.code, c]));
  return {
    key: (r) => r.city_code,
    total: (code, members) => {
      const city = byCode.get(code) ?? { code, name: members[0]?.city_name ?? code };
      return {
        ...(total ? total(members, city) : city),
        code,
        city_code: code,
        name: city.name,
        subtotal: true,
        members: members.length,
      };
    },
  };
}

/**
 * The first column made to show a subtotal row as "<city>小计 (n 个县区)", the city linking to its page.
 * @param {Column} column
 * @param {string} root the way to the site's root
 * @returns {Column}
 */
export function withSubtotalName(column, root = ".") {
  const format = column.format;
  return {
    ...column,
    format: (v, r) =>
      r.subtotal
        ? markup`<a href=${cityHref(r.code, root)}>${r.name}</a>小计 <span class="sub">(${count(r.members)} 个县区)</span>`
        : format
          ? format(v, r)
          : v,
  };
}

/**
 * A county table with a city filter and city subtotals (on by default), and downloads of the rows shown.
 * @param {Row[]} rows counties, each with city_code and city_name
 * @param {import("./table.js").TableOptions & {cities: Row[], root?: string, subtotals?: boolean,
 *   total?: (members: Row[], city: Row) => Row,
 *   download?: {columns: import("@xianbao/common/csv.js").DownloadColumn[], name: () => string}}} options
 * @returns {HTMLElement & {table: ReturnType<typeof dataTable>, city: () => string}}
 */
export function countyTable(rows, options) {
  const { cities, root = ".", subtotals = true, total, download, ...tableOptions } = options;
  const present = cities.filter((c) => rows.some((r) => r.city_code === c.code));
  const groups = cityGroups(present, { total });
  const [first, ...rest] = tableOptions.columns;
  const columns = [withSubtotalName(first, root), ...rest];
  const table = dataTable(rows, {
    ...tableOptions,
    columns,
    limit: Infinity,
    groups: subtotals ? groups : null,
  });
  const select = /** @type {HTMLSelectElement} */ (
    html`<select name="city">
      <option value="">全部 (${count(present.length)} 个市)</option>
      ${present.map(
        (c) =>
          html`<option value=${c.code}>
            ${c.name} (${count(rows.filter((r) => r.city_code === c.code).length)})
          </option>`,
      )}
    </select>`
  );
  const box = /** @type {HTMLInputElement} */ (html`<input type="checkbox" name="subtotals" />`);
  box.checked = subtotals;
  const update = () => {
    const code = select.value;
    table.update({
      rows: code ? rows.filter((r) => r.city_code === code) : rows,
      columns,
      groups: box.checked ? groups : null,
    });
  };
  select.addEventListener("input", update);
  box.addEventListener("input", update);
  const root_ = /** @type {any} */ (
    html`<div class="county-table">
      <div class="filters table-controls">
        <label>市 ${select}</label>
        <label>${box} 按市小计</label>
        ${download ? downloadButtons(() => table.visibleRows(), download.columns, download.name) : ""}
      </div>
      ${table}
    </div>`
  );
  root_.table = table;
  root_.city = () => select.value;
  return root_;
}
