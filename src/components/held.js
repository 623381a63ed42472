// 资金沉淀's explorer of the projects holding money unallocated for over a year: city, county and text
// filters, the table, downloads. It starts with the first rows shipped in backlog.json; the full list is
// fetched once, when a filter, "load all", a sort or a download needs it.
import { html } from "htl";
import { HELD_DOWNLOAD, heldColumns } from "./backlog.js";
import { moneyCell } from "./cells.js";
import { downloadButtons } from "./download.js";
import { count } from "./format.js";
import { markup, node } from "./markup.js";
import { dataTable } from "./table.js";

/**
 * @param {{first: Record<string, any>[], total: number, load: () => Promise<Record<string, any>[]>,
 *   counties: {code: string, name: string, city_name: string}[], asOf: string}} options
 */
export function heldExplorer({ first, total, load, counties, asOf }) {
  let rows = first;
  let full = first.length >= total;
  /** @type {Promise<void> | null} */
  let loading = null;
  const ensureFull = () =>
    (loading ??= load().then((all) => {
      rows = all;
      full = true;
    }));
  const cities = [...new Set(counties.map((c) => c.city_name))].sort();
  const citySelect = /** @type {HTMLSelectElement} */ (
    html`<select name="city">
      <option value="">全部 (${cities.length} 个市)</option>
      ${cities.map((c) => html`<option value=${c}>${c}</option>`)}
    </select>`
  );
  const countySelect = /** @type {HTMLSelectElement} */ (html`<select name="county"></select>`);
  const fillCounties = () => {
    const list = counties
      .filter((c) => !citySelect.value || c.city_name === citySelect.value)
      .sort((a, b) => a.code.localeCompare(b.code));
    countySelect.replaceChildren(
      html`<option value="">全部 (${list.length} 个县区)</option>`,
      ...list.map(
        (c) => html`<option value=${c.code}>${citySelect.value ? "" : `${c.city_name} `}${c.name}</option>`,
      ),
    );
  };
  fillCounties();
  const text = /** @type {HTMLInputElement} */ (
    html`<input
      type="search"
      name="q"
      placeholder="批次编号或项目名称的一部分"
      autocomplete="off"
      size="24"
    />`
  );
  const status = html`<p class="table-count"></p>`;
  const more = html`<button type="button">载入全部 ${count(total)} 个批次</button>`;
  const table = dataTable(first, {
    sort: { key: "unallocated_over_365_fen", desc: true },
    limit: 100,
    empty: "没有符合条件的批次",
    columns: heldColumns(asOf),
    caption: markup`金额单位: 万元<span class="screen-only"> (鼠标停在金额上显示精确到分的元数)</span>`,
  });
  const filtered = () => {
    const city = citySelect.value;
    const county = countySelect.value;
    const q = text.value.trim().toLowerCase();
    return rows.filter(
      (r) =>
        (!city || r.city_name === city) &&
        (!county || r.county_code === county) &&
        (!q || r.project_id.toLowerCase().includes(q) || r.project_name.toLowerCase().includes(q)),
    );
  };
  const render = () => {
    const list = filtered();
    const sum = list.reduce((a, r) => a + r.unallocated_over_365_fen, 0);
    status.replaceChildren(
      full
        ? html`<span
            >显示 ${count(list.length)} 个批次, 共 ${count(total)} 个; 所显示批次超过一年的未分配合计
            ${node(moneyCell(sum))}</span
          >`
        : html`<span
            >先显示超过一年的未分配金额最大的 ${count(rows.length)} 个批次 (共 ${count(total)} 个);
            筛选、排序或下载时载入全部。
          </span>`,
      full ? "" : more,
    );
    table.update({ rows: list });
  };
  const update = async () => {
    if (!full) {
      status.textContent = "正在载入全部批次…";
      await ensureFull();
    }
    render();
  };
  citySelect.addEventListener("change", () => (fillCounties(), update()));
  countySelect.addEventListener("change", update);
  text.addEventListener("input", update);
  more.addEventListener("click", update);
  // A header clicked before the full list is there: the table sorts what it has, then the full list arrives
  // and keeps that order.
  table.addEventListener("click", (e) => {
    if (!full && /** @type {HTMLElement} */ (e.target).closest("th")) update();
  });
  render();
  return html`<div class="held">
    <div class="filters held-filters">
      <label>市 ${citySelect}</label><label>县区 ${countySelect}</label><label>查找 ${text}</label>
      ${downloadButtons(async () => (await ensureFull(), filtered()), HELD_DOWNLOAD, `资金沉淀_超过一年_${asOf}`)}
    </div>
    ${status}${table}
  </div>`;
}
