// A plain, sortable HTML table: prints in full (no scroll box), renders the first rows and more on request.
import { html } from "htl";

/**
 * @typedef {{key: string, label: string, format?: (value: any, row: any) => any, align?: "left" | "right",
 *   sort?: (row: any) => any, title?: string}} Column
 */

/**
 * A sortable table of rows: click a header to sort, again to reverse.
 * @param {any[]} rows
 * @param {{columns: Column[], sort?: {key: string, desc?: boolean}, limit?: number, caption?: string,
 *   empty?: string}} options
 * @returns {HTMLElement}
 */
export function dataTable(rows, { columns, sort, limit = 200, caption, empty = "无记录" }) {
  let sortKey = sort?.key;
  let desc = sort?.desc ?? false;
  let shown = limit;
  const root = html`<div class="data-table"></div>`;
  const valueOf = (/** @type {Column} */ c, /** @type {any} */ r) => (c.sort ? c.sort(r) : r[c.key]);
  function sorted() {
    const column = columns.find((c) => c.key === sortKey);
    if (!column) return rows;
    return [...rows].sort((a, b) => {
      const x = valueOf(column, a);
      const y = valueOf(column, b);
      const order =
        x === y ? 0 : x === null || x === undefined ? 1 : y === null || y === undefined ? -1 : x < y ? -1 : 1;
      return desc && x !== null && y !== null && x !== undefined && y !== undefined ? -order : order;
    });
  }
  function render() {
    const list = sorted();
    const head = columns.map((c) => {
      const mark = c.key === sortKey ? (desc ? " ▼" : " ▲") : "";
      const th = html`<th
        class=${c.align === "right" ? "num" : ""}
        title=${c.title ?? "点击排序"}
        tabindex="0"
      >
        ${c.label}${mark}
      </th>`;
      const activate = () => {
        desc = c.key === sortKey ? !desc : c.align === "right";
        sortKey = c.key;
        render();
      };
      th.addEventListener("click", activate);
      th.addEventListener("keydown", (/** @type {KeyboardEvent} */ e) => e.key === "Enter" && activate());
      return th;
    });
    const body = list.slice(0, shown).map(
      (r) =>
        html`<tr>
          ${columns.map((c) => html`<td class=${c.align === "right" ? "num" : ""}>${c.format ? c.format(r[c.key], r) : (r[c.key] ?? "—")}</td>`)}
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
