// The one table of the site: sortable columns (click, or Enter / Space on a header), an optional two-row
// header of column groups, group subtotal rows, a footer row, and "show more" for long lists. Rows are
// built as HTML text (markup.js) and set at once, so a filter over 100,000 findings redraws without a
// pause. It prints in full (no scroll box); cells carry their column's key as data-key.
import { html } from "htl";
import { htmlOf, markup } from "./markup.js";
import { count, text } from "./format.js";

/**
 * @typedef {import("./markup.js").Markup} Markup
 * @typedef {{key: string, label: string | Markup, unit?: string, group?: string, align?: "left" | "right",
 *   title?: string, className?: string, format?: (value: any, row: any) => Markup | string | number | null | (Markup | string)[],
 *   sort?: (row: any) => any, descFirst?: boolean}} Column
 *   the first click sorts a right-aligned column (a figure) largest first, others A to Z; descFirst overrides
 * @typedef {{key: (row: any) => string, total: (key: string, members: any[]) => any}} Groups
 *   rows are kept in groups in the order the groups first appear; each group's rows sort within it and
 *   are followed by its total row (class "subtotal")
 * @typedef {{columns: Column[], sort?: {key: string, desc?: boolean}, limit?: number, caption?: string | Markup,
 *   empty?: string, className?: string, rowId?: (row: any) => string | null, rowClass?: (row: any) => string,
 *   rowData?: (row: any) => Record<string, string | number | null>, groups?: Groups | null,
 *   footer?: ((rows: any[]) => any) | null, moreLabel?: string}} TableOptions
 */

/** @param {unknown} v */
const isMissing = (v) => v === null || v === undefined;

/**
 * Compares two sort values: missing last (in either direction), text in Chinese collation.
 * @param {any} x @param {any} y
 */
export function compareValues(x, y) {
  if (isMissing(x) || isMissing(y)) return isMissing(x) === isMissing(y) ? 0 : isMissing(x) ? 1 : -1;
  if (typeof x === "string" && typeof y === "string") return x.localeCompare(y, "zh-CN");
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Rows sorted by a column, ties in their given order, missing values last both ways.
 * @param {any[]} rows @param {Column | undefined} column @param {boolean} desc
 * @example sortRows([{a: 2}, {a: null}, {a: 1}], {key: "a", label: "a"}, true).map((r) => r.a) // [2, 1, null]
 */
export function sortRows(rows, column, desc) {
  if (!column) return rows;
  const value = (/** @type {any} */ r) => (column.sort ? column.sort(r) : r[column.key]);
  return rows
    .map((r, i) => ({ r, i, v: value(r) }))
    .sort((a, b) => {
      const missing = isMissing(a.v) || isMissing(b.v);
      const order = compareValues(a.v, b.v);
      return (missing || !desc ? order : -order) || a.i - b.i;
    })
    .map((x) => x.r);
}

/** The HTML of one cell. @param {Column} c @param {any} row */
function cellHtml(c, row) {
  const value = row[c.key];
  const content = c.format ? c.format(value, row) : isMissing(value) ? null : text(value);
  const cls = [c.align === "right" ? "num" : "", c.className ?? ""].filter(Boolean).join(" ");
  return `<td${cls ? ` class="${cls}"` : ""} data-key="${c.key}">${isMissing(content) ? "—" : htmlOf(content)}</td>`;
}

/**
 * The HTML of one row.
 * @param {any} row @param {Column[]} columns @param {TableOptions} options @param {string} [cls]
 */
function rowHtml(row, columns, options, cls) {
  const classes = [cls, options.rowClass?.(row)].filter(Boolean).join(" ");
  const id = options.rowId?.(row);
  const data = options.rowData?.(row) ?? {};
  const attrs = [
    id ? ` id="${htmlOf(id)}"` : "",
    classes ? ` class="${htmlOf(classes)}"` : "",
    ...Object.entries(data)
      .filter(([, v]) => !isMissing(v))
      .map(([k, v]) => ` data-${k}="${htmlOf(v)}"`),
  ].join("");
  return `<tr${attrs}>${columns.map((c) => cellHtml(c, row)).join("")}</tr>`;
}

/**
 * A table of rows. Returns its element, with `update({rows, columns, groups})` to show other rows, columns
 * or grouping (sort kept) and `visibleRows()`, the rows in the order shown (without totals).
 * @param {any[]} rows
 * @param {TableOptions} options limit: rows shown before "show more" (Infinity: every row, complete on paper)
 * @returns {HTMLElement & {update: (next: {rows?: any[], columns?: Column[], groups?: Groups | null}) => void,
 *   visibleRows: () => any[]}}
 */
export function dataTable(rows, options) {
  const { limit = 200, caption, empty = "无记录", className = "", footer = null } = options;
  let columns = options.columns;
  let groups = options.groups ?? null;
  let list = rows;
  let sortKey = options.sort?.key ?? null;
  let desc = options.sort?.desc ?? false;
  let shown = limit;
  const root = /** @type {any} */ (html`<div class=${`data-table ${className}`.trim()}></div>`);

  const sorted = () =>
    sortRows(
      list,
      columns.find((c) => c.key === sortKey),
      desc,
    );

  function head() {
    const grouped = columns.some((c) => c.group);
    /** @type {{group: string, n: number}[]} */
    const spans = [];
    for (const c of columns) {
      const last = spans.at(-1);
      if (last && last.group === (c.group ?? "")) last.n++;
      else spans.push({ group: c.group ?? "", n: 1 });
    }
    const top = grouped
      ? `<tr class="group-row">${spans
          .map((s) => `<th colspan="${s.n}"${s.group ? ` class="group"` : ""}>${htmlOf(s.group)}</th>`)
          .join("")}</tr>`
      : "";
    const cells = columns.map((c) => {
      const active = c.key === sortKey;
      const cls = [c.align === "right" ? "num" : "", c.className ?? ""].filter(Boolean).join(" ");
      return String(
        markup`<th class=${cls || null} data-key=${c.key} title=${c.title ? `${c.title} (点击排序)` : "点击排序"} tabindex="0" aria-sort=${active ? (desc ? "descending" : "ascending") : "none"}>${c.label}${active ? (desc ? " ▼" : " ▲") : ""}${c.unit ? markup`<span class="unit">${c.unit}</span>` : ""}</th>`,
      );
    });
    return `<thead>${top}<tr>${cells.join("")}</tr></thead>`;
  }

  function body() {
    const all = sorted();
    if (!all.length)
      return {
        html: `<tr><td colspan="${columns.length}" class="empty">${htmlOf(empty)}</td></tr>`,
        total: 0,
      };
    if (groups) {
      /** @type {Map<string, any[]>} */
      const byGroup = new Map();
      for (const r of list) if (!byGroup.has(groups.key(r))) byGroup.set(groups.key(r), []);
      for (const r of all) byGroup.get(groups.key(r))?.push(r);
      const parts = [];
      for (const [key, members] of byGroup) {
        for (const r of members) parts.push(rowHtml(r, columns, options));
        const total = groups.total(key, members);
        if (total) parts.push(rowHtml(total, columns, options, "subtotal"));
      }
      return { html: parts.join(""), total: all.length };
    }
    return {
      html: all
        .slice(0, shown)
        .map((r) => rowHtml(r, columns, options))
        .join(""),
      total: all.length,
    };
  }

  function render() {
    const focused = root.contains(document.activeElement)
      ? /** @type {HTMLElement} */ (document.activeElement).getAttribute("data-key")
      : null;
    const { html: rowsHtml, total } = body();
    const foot = footer ? footer(list) : null;
    const more = !groups && total > shown;
    const step = Math.min(limit * 5, total - shown);
    root.innerHTML = `<p class="scroll-cue" aria-live="polite" hidden></p><table>${caption ? `<caption>${htmlOf(caption)}</caption>` : ""}${head()}<tbody>${rowsHtml}</tbody>${
      foot ? `<tfoot>${rowHtml(foot, columns, options, "total")}</tfoot>` : ""
    }</table>${
      more
        ? `<p class="table-more">显示前 ${count(shown)} 行, 共 ${count(total)} 行${htmlOf(options.moreLabel ?? "")}。
           <button type="button" data-more="${step}">再显示 ${count(step)} 行</button>
           <button type="button" data-more="all">全部显示</button></p>`
        : ""
    }`;
    // Sorting from the keyboard must not lose the place: focus returns to the header just used.
    if (focused) root.querySelector(`th[data-key="${focused}"]`)?.focus();
    if (typeof requestAnimationFrame === "function") requestAnimationFrame(scrollCue);
  }

  // A table wider than its box scrolls sideways; the columns out of view are then named by a note that
  // stays at the box's left edge, so no column is hidden without a cue.
  function scrollCue() {
    const note = /** @type {HTMLElement | null} */ (root.querySelector(".scroll-cue"));
    if (!note) return;
    const box = root.getBoundingClientRect();
    const heads = [...root.querySelectorAll("thead tr:last-child th")];
    const right = heads.filter((th) => th.getBoundingClientRect().right > box.right + 1).length;
    const left = heads.filter(
      (th) => !th.classList.contains("sticky") && th.getBoundingClientRect().left < box.left - 1,
    ).length;
    root.classList.toggle("scrolls", right + left > 0);
    note.hidden = right + left === 0;
    note.textContent = [
      left ? `← 左侧 ${left} 列已滚出` : "",
      right ? `右侧还有 ${right} 列, 请向右滚动 (或按住 Shift 滚动鼠标滚轮) →` : "",
    ]
      .filter(Boolean)
      .join(" · ");
  }
  root.addEventListener("scroll", scrollCue, { passive: true });
  if (typeof window !== "undefined") window.addEventListener("resize", scrollCue, { passive: true });

  /** @param {string} key */
  function sortBy(key) {
    const column = columns.find((c) => c.key === key);
    desc = key === sortKey ? !desc : (column?.descFirst ?? column?.align === "right");
    sortKey = key;
    render();
  }

  root.addEventListener("click", (/** @type {MouseEvent} */ e) => {
    const target = /** @type {HTMLElement} */ (e.target);
    const th = target.closest("th[data-key]");
    if (th && root.contains(th)) return sortBy(/** @type {string} */ (th.getAttribute("data-key")));
    const more = target.closest("[data-more]");
    if (more && root.contains(more)) {
      const n = more.getAttribute("data-more");
      shown = n === "all" ? Infinity : shown + Number(n);
      render();
    }
  });
  root.addEventListener("keydown", (/** @type {KeyboardEvent} */ e) => {
    const th = /** @type {HTMLElement} */ (e.target).closest("th[data-key]");
    if (!th || (e.key !== "Enter" && e.key !== " ")) return;
    e.preventDefault();
    sortBy(/** @type {string} */ (th.getAttribute("data-key")));
  });
  root.update = (/** @type {{rows?: any[], columns?: Column[], groups?: Groups | null}} */ next) => {
    if (next.rows) list = next.rows;
    if (next.columns) columns = next.columns;
    if (next.groups !== undefined) groups = next.groups;
    shown = limit;
    render();
  };
  root.visibleRows = () => sorted();
  render();
  return root;
}
