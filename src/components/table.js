// A plain, sortable HTML table: prints in full (no scroll box), renders the first rows and more on request.
import { html } from "htl";

/**
 * @typedef {{key: string, label: string, format?: (value: any, row: any) => any, align?: "left" | "right",
 *   sort?: (row: any) => any, title?: string, unit?: string}} Column
 */

/**
 * A sortable table of rows: click a header (or Enter / Space on it) to sort, again to reverse. Text sorts
 * in Chinese collation, missing values last in either direction, ties keep their order. Cells carry their
 * column's key as data-key.
 * @param {any[]} rows
 * @param {{columns: Column[], sort?: {key: string, desc?: boolean}, limit?: number, caption?: string,
 *   empty?: string, className?: string, rowId?: (row: any) => string, rowClass?: (row: any) => string}} options
 *   limit: rows shown before "show more" (Infinity: every row, complete on paper)
 * @returns {HTMLElement}
 */
export function dataTable(
  rows,
  { columns, sort, limit = 200, caption, empty = "无记录", className = "", rowId, rowClass },
) {
  let sortKey = sort?.key;
  let desc = sort?.desc ?? false;
  let shown = limit;
  const root = html`<div class=${`data-table ${className}`.trim()}></div>`;
  const valueOf = (/** @type {Column} */ c, /** @type {any} */ r) => (c.sort ? c.sort(r) : r[c.key]);
  const missing = (/** @type {any} */ v) => v === null || v === undefined;
  function sorted() {
    const column = columns.find((c) => c.key === sortKey);
    if (!column) return rows;
    return [...rows].sort((a, b) => {
      const x = valueOf(column, a);
      const y = valueOf(column, b);
      if (missing(x) || missing(y)) return missing(x) === missing(y) ? 0 : missing(x) ? 1 : -1;
      const order = typeof x === "string" ? x.localeCompare(y, "zh-CN") : x < y ? -1 : x > y ? 1 : 0;
      return desc ? -order : order;
    });
  }
  function render() {
    const list = sorted();
    const head = columns.map((c) => {
      const mark = c.key === sortKey ? (desc ? " ▼" : " ▲") : "";
      const th = html`<th
        class=${c.align === "right" ? "num" : ""}
        data-key=${c.key}
        title=${c.title ?? "点击排序"}
        tabindex="0"
        aria-sort=${c.key === sortKey ? (desc ? "descending" : "ascending") : "none"}
      >
        ${c.label}${mark}${c.unit ? html`<span class="unit">${c.unit}</span>` : ""}
      </th>`;
      const activate = () => {
        desc = c.key === sortKey ? !desc : c.align === "right";
        sortKey = c.key;
        render();
      };
      th.addEventListener("click", activate);
      th.addEventListener(
        "keydown",
        (/** @type {KeyboardEvent} */ e) =>
          (e.key === "Enter" || e.key === " ") && (e.preventDefault(), activate()),
      );
      return th;
    });
    const body = list.slice(0, shown).map(
      (r) =>
        html`<tr id=${rowId ? rowId(r) : null} class=${rowClass ? rowClass(r) || null : null}>
          ${columns.map(
            (c) =>
              html`<td class=${c.align === "right" ? "num" : ""} data-key=${c.key}>
                ${c.format ? c.format(r[c.key], r) : (r[c.key] ?? "—")}
              </td>`,
          )}
        </tr>`,
    );
    const more =
      list.length > shown
        ? html`<p class="table-more">
            显示前 ${shown.toLocaleString("zh-CN")} 行, 共 ${list.length.toLocaleString("zh-CN")} 行。
            <button type="button">
              再显示 ${Math.min(limit * 5, list.length - shown).toLocaleString("zh-CN")} 行
            </button>
            <button type="button">全部显示</button>
          </p>`
        : "";
    if (more) {
      const [next, all] = more.querySelectorAll("button");
      next.addEventListener("click", () => ((shown += limit * 5), render()));
      all.addEventListener("click", () => ((shown = list.length), render()));
    }
    root.replaceChildren(
      html`<table>
        ${
          caption
            ? html`<caption>
                ${caption}
              </caption>`
            : ""
        }
        <thead>
          <tr>
            ${head}
          </tr>
        </thead>
        <tbody>
          ${
            body.length
              ? body
              : html`<tr>
                  <td colspan=${columns.length} class="empty">${empty}</td>
                </tr>`
          }
        </tbody>
      </table>`,
      ...(more ? [more] : []),
    );
  }
  render();
  return root;
}
