// 资金沉淀: unallocated money by age. Five age buckets in one sequential blue ramp, dark = old, whose
// lightness steps stay apart in black-and-white print; every segment has a thin outline.
import * as Plot from "@observablehq/plot";
import { html } from "htl";
import { count, dateZh, moneyScale, percent, yuan } from "./format.js";
import { toCsv, toSheet } from "./download.js";
import { writeXlsx } from "./xlsx.js";
import { dataTable } from "./table.js";
import { moneyCell, wanCell } from "./stock.js";

/** The age buckets, oldest first (DOMAIN section 3: days from the deposit to the as-of date). */
export const BUCKETS = [
  { key: "unallocated_over_1095_fen", label: "超过3年", days: "1095天以上", fill: "#08306b", ink: "#fff" },
  { key: "unallocated_731_1095_fen", label: "2–3年", days: "731–1095天", fill: "#2f6eab", ink: "#fff" },
  { key: "unallocated_366_730_fen", label: "1–2年", days: "366–730天", fill: "#6fa8d6", ink: "#000" },
  { key: "unallocated_181_365_fen", label: "半年–1年", days: "181–365天", fill: "#bcd7ec", ink: "#000" },
  { key: "unallocated_0_180_fen", label: "半年以内", days: "0–180天", fill: "#f4f8fc", ink: "#000" },
];

/** The buckets of money held for more than a year. */
export const OLD_KEYS = BUCKETS.slice(0, 3).map((b) => b.key);

/** @param {Record<string, any>} r @returns {number} fen unallocated for more than a year */
export function overYear(r) {
  return OLD_KEYS.reduce((a, k) => a + (r[k] ?? 0), 0);
}

/** A bordered colour box (visible even when nearly white) and its text, for HTML legends. */
export function bucketLegend() {
  return html`<span class="bucket-legend"
    >${BUCKETS.map(
      (b) =>
        html`<span class="swatch"
          ><span class="box" style=${`background:${b.fill}`}></span>${b.label}
          <small>(${b.days})</small></span
        >`,
    )}</span
  >`;
}

/**
 * Counties' unallocated money as stacked horizontal bars, oldest money at the left, the largest (by
 * total or by money older than a year) at the top.
 * @param {Record<string, any>[]} counties with name, city_name, unallocated_fen and the bucket keys
 * @param {{width?: number, top?: number | null, sortBy?: "total" | "old"}} [options]
 */
export function ageingBars(counties, { width = 640, top = 20, sortBy = "total" } = {}) {
  const key = sortBy === "old" ? overYear : (/** @type {any} */ r) => r.unallocated_fen;
  const rows = counties
    .filter((r) => r.unallocated_fen > 0)
    .sort((a, b) => key(b) - key(a) || a.code.localeCompare(b.code))
    .slice(0, top ?? undefined)
    .map((r) => /** @type {Record<string, any>} */ ({ ...r, label: `${r.city_name} ${r.name}` }));
  const { unit, divisor } = moneyScale(Math.max(1, ...rows.map((r) => r.unallocated_fen)));
  const long = rows.flatMap((r) =>
    BUCKETS.map((b) => ({
      label: r.label,
      bucket: b.label,
      fen: r[b.key] ?? 0,
      v: (r[b.key] ?? 0) / divisor,
      total: r.unallocated_fen,
    })),
  );
  return Plot.plot({
    width,
    height: Math.max(140, rows.length * 20 + 60),
    marginLeft: 150,
    marginRight: 200,
    marginTop: 34,
    x: { label: `未分配金额 (${unit}) →`, grid: true, nice: true, axis: "top" },
    y: { label: null, domain: rows.map((r) => r.label), tickSize: 0 },
    color: { domain: BUCKETS.map((b) => b.label), range: BUCKETS.map((b) => b.fill) },
    marks: [
      Plot.barX(long, {
        y: "label",
        x: "v",
        fill: "bucket",
        stroke: "#333",
        strokeWidth: 0.4,
        inset: 1.5,
        order: BUCKETS.map((b) => b.label),
        title: (d) => `${d.label}\n${d.bucket}: ${yuan(d.fen)} (占 ${percent(d.fen / d.total)})`,
      }),
      Plot.text(rows, {
        y: "label",
        x: (r) => r.unallocated_fen / divisor,
        dx: 6,
        textAnchor: "start",
        fill: "#333",
        text: (r) => `${yuan(r.unallocated_fen)} · 一年以上 ${percent(overYear(r) / r.unallocated_fen, 0)}`,
      }),
      Plot.ruleX([0]),
    ],
  });
}

/**
 * The province's unallocated money as one bar of the five buckets with their shares.
 * @param {Record<string, any>} t province totals
 * @param {{width?: number}} [options]
 */
export function ageingStrip(t, { width = 640 } = {}) {
  const total = t.unallocated_fen || 1;
  let at = 0;
  const segs = BUCKETS.map((b) => {
    const share = (t[b.key] ?? 0) / total;
    const seg = { ...b, x1: at, x2: at + share, share, fen: t[b.key] ?? 0 };
    at += share;
    return seg;
  });
  return Plot.plot({
    width,
    height: 70,
    marginLeft: 10,
    marginRight: 10,
    marginTop: 6,
    marginBottom: 24,
    x: { domain: [0, 1], tickFormat: (d) => `${Math.round(d * 100)}%`, label: null, ticks: 5 },
    y: { axis: null },
    marks: [
      Plot.rectX(segs, {
        x1: "x1",
        x2: "x2",
        y1: 0,
        y2: 1,
        fill: "fill",
        stroke: "#333",
        strokeWidth: 0.5,
        title: (d) => `${d.label} (${d.days}): ${yuan(d.fen)}, 占 ${percent(d.share)}`,
      }),
      Plot.text(
        segs.filter((d) => d.share >= 0.07),
        {
          x: (d) => (d.x1 + d.x2) / 2,
          y: 0.5,
          fill: "ink",
          text: (d) => `${d.label} ${percent(d.share)}`,
        },
      ),
    ],
  });
}

/** @param {Blob} blob @param {string} name */
function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * CSV and XLSX buttons whose rows may first have to be fetched (the full long-held list).
 * @param {() => Promise<Record<string, any>[]>} getRows
 * @param {{key: string, label: string, value?: (row: any) => any}[]} columns
 * @param {string} filename without extension
 */
export function asyncDownloadButtons(getRows, columns, filename) {
  const csv = html`<button type="button" class="download">下载 CSV</button>`;
  const xlsx = html`<button type="button" class="download">下载 Excel (XLSX)</button>`;
  csv.addEventListener("click", async () =>
    save(new Blob([toCsv(await getRows(), columns)], { type: "text/csv;charset=utf-8" }), `${filename}.csv`),
  );
  xlsx.addEventListener("click", async () => {
    const bytes = await writeXlsx(toSheet(await getRows(), columns), { sheetName: filename.slice(0, 31) });
    save(
      new Blob([/** @type {BlobPart} */ (/** @type {unknown} */ (bytes))], {
        type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      }),
      `${filename}.xlsx`,
    );
  });
  return html`<span class="downloads">${csv} ${xlsx}</span>`;
}

/** Days from an ISO date to another. */
export function daysBetween(/** @type {string} */ from, /** @type {string} */ to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
}

/** Columns of the long-held downloads: exact yuan, Chinese headers. */
export const HELD_DOWNLOAD = [
  { key: "project_id", label: "批次编号" },
  { key: "project_name", label: "项目名称" },
  { key: "city_name", label: "市" },
  { key: "county_code", label: "县区代码" },
  { key: "county_name", label: "县区" },
  { key: "approved_on", label: "批复日期" },
  { key: "received_fen", label: "已到账(元)", value: (/** @type {any} */ r) => r.received_fen / 100 },
  {
    key: "distributed_fen",
    label: "已分配到人(元)",
    value: (/** @type {any} */ r) => r.distributed_fen / 100,
  },
  { key: "unallocated_fen", label: "未分配(元)", value: (/** @type {any} */ r) => r.unallocated_fen / 100 },
  { key: "over_year_fen", label: "其中超过一年(元)", value: (/** @type {any} */ r) => r.over_year_fen / 100 },
  {
    key: "unallocated_366_730_fen",
    label: "1-2年 366-730天(元)",
    value: (/** @type {any} */ r) => r.unallocated_366_730_fen / 100,
  },
  {
    key: "unallocated_731_1095_fen",
    label: "2-3年 731-1095天(元)",
    value: (/** @type {any} */ r) => r.unallocated_731_1095_fen / 100,
  },
  {
    key: "unallocated_over_1095_fen",
    label: "超过3年 1095天以上(元)",
    value: (/** @type {any} */ r) => r.unallocated_over_1095_fen / 100,
  },
  { key: "oldest_unallocated_on", label: "最早一笔未分配资金到账日期" },
];

/**
 * Long-held rows with their county and city names and the total over a year.
 * @param {Record<string, any[]>} held columns
 * @param {Record<string, [string, string]>} names county code -> [county, city]
 */
export function heldRows(held, names) {
  const keys = Object.keys(held);
  const n = keys.length ? held[keys[0]].length : 0;
  const rows = [];
  for (let i = 0; i < n; i++) {
    /** @type {Record<string, any>} */
    const r = {};
    for (const k of keys) r[k] = held[k][i];
    r.county_name = names[r.county_code]?.[0] ?? r.county_code;
    r.city_name = names[r.county_code]?.[1] ?? "";
    r.over_year_fen = overYear(r);
    rows.push(r);
  }
  return rows;
}

/**
 * The long-held projects: city / county / text filters, a sortable table, downloads. Starts with the
 * first rows shipped in backlog.json; the full list is fetched once, when a filter, "load all" or a
 * download needs it.
 * @param {{first: Record<string, any>[], total: number, load: () => Promise<Record<string, any>[]>,
 *   counties: {code: string, name: string, city_name: string}[], asOf: string}} options
 */
export function heldExplorer({ first, total, load, counties, asOf }) {
  let rows = first;
  /** @type {{key: string, desc: boolean}} */
  let sort = { key: "over_year_fen", desc: true };
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
  const holder = html`<div></div>`;
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
    const sum = list.reduce((a, r) => a + r.over_year_fen, 0);
    status.replaceChildren(
      full
        ? html`<span
            >显示 ${count(list.length)} 个批次, 共 ${count(total)} 个; 所显示批次超过一年的未分配合计
            ${moneyCell(sum)}</span
          >`
        : html`<span
            >先显示超过一年的未分配金额最大的 ${count(rows.length)} 个批次 (共 ${count(total)} 个);
            筛选、排序或下载时载入全部。
          </span>`,
      full ? "" : more,
    );
    holder.replaceChildren(
      dataTable(list, {
        sort,
        limit: 100,
        empty: "没有符合条件的批次",
        columns: heldColumns(asOf),
        caption: "金额单位: 万元 (鼠标停在金额上显示精确到分的元数)",
      }),
    );
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
  // A header clicked before the full list is there sorts the full list the same way once it arrives.
  holder.addEventListener("click", async (e) => {
    const th = /** @type {HTMLElement} */ (e.target).closest("th");
    if (full || !th?.parentElement) return;
    const column = heldColumns(asOf)[[...th.parentElement.children].indexOf(th)];
    sort = { key: column.key, desc: column.key === sort.key ? !sort.desc : column.align === "right" };
    await update();
  });
  render();
  return html`<div class="held">
    <div class="filters held-filters">
      <label>市 ${citySelect}</label><label>县区 ${countySelect}</label
      ><label>查找 ${text}</label>
      ${asyncDownloadButtons(async () => (await ensureFull(), filtered()), HELD_DOWNLOAD, `资金沉淀_超过一年_${asOf}`)}
    </div>
    ${status}${holder}
  </div>`;
}

/**
 * The long-held table's columns.
 * @param {string} asOf
 * @returns {import("./table.js").Column[]}
 */
function heldColumns(asOf) {
  return [
    {
      key: "project_name",
      label: "批次 (项目名称 / 批次编号)",
      sort: (r) => r.project_id,
      format: (v, r) => html`<span class="pname">${v}</span><br /><code class="pid">${r.project_id}</code>`,
    },
    {
      key: "county_name",
      label: "县区",
      sort: (r) => r.county_code,
      format: (v, r) =>
        html`<a class="nowrap" href=${`./county/${r.county_code}`}
          ><span class="city">${r.city_name}</span> ${v}</a
        >`,
    },
    { key: "approved_on", label: "批复日期", format: (v) => html`<span class="nowrap">${dateZh(v)}</span>` },
    {
      key: "received_fen",
      label: "已到账",
      align: "right",
      format: wanCell,
      title: "到账减原渠道退回; 已分配到人 = 已到账 − 未分配 (见下载文件)",
    },
    {
      key: "unallocated_fen",
      label: "未分配",
      align: "right",
      format: wanCell,
      title: "max(0, 已到账 − 已分配到人)",
    },
    {
      key: "over_year_fen",
      label: "超过一年合计",
      align: "right",
      format: wanCell,
      title: "到账已满 366 天仍未分配的部分",
    },
    ...BUCKETS.slice(0, 3)
      .reverse()
      .map((b) => ({
        key: b.key,
        label: b.label,
        align: /** @type {const} */ ("right"),
        format: wanCell,
        title: `到账 ${b.days}`,
      })),
    {
      key: "oldest_unallocated_on",
      label: "最早一笔到账",
      title: "仍未分配的资金中最早一笔的到账日期, 及距截止日的天数",
      format: (v) =>
        v
          ? html`<span class="nowrap">${dateZh(v)}</span><br /><small class="muted"
                >距截止日 ${count(daysBetween(v, asOf))} 天</small
              >`
          : "—",
    },
  ];
}
