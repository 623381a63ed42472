// The 审计线索 page's pieces: decoding the compact findings.json, the filter bar, the filter itself, the
// county-by-rule matrix and the evidence downloads.
import { html } from "htl";
import { RULES } from "@xianbao/common/rules.js";
import { toCsv, toSheet } from "./download.js";
import { writeXlsx } from "./xlsx.js";
import { count, dateZh, yuanExact } from "./format.js";

const SLOT = "\u0001";

/**
 * A detail text from its template and its space-separated numbers (see loaders/site/pages/findings.ts);
 * a null template means the args are the whole text.
 * @param {string | null} template
 * @param {string} args
 * @example expandDetail("到账 \u0001 元", "0.00") === "到账 0.00 元"
 */
export function expandDetail(template, args) {
  if (template === null || template === undefined) return args;
  const parts = template.split(SLOT);
  const values = args === "" ? [] : args.split(" ");
  let out = parts[0];
  for (let i = 1; i < parts.length; i++) out += (values[i - 1] ?? "") + parts[i];
  return out;
}

/**
 * @typedef {{i: number, code: string, title: string, county_code: string, county: string, city_code: string,
 *   city: string, project_id: string, project_name: string | null, village_code: string | null,
 *   village_name: string | null, person: string | null, person_key: string | null, person_findings: number,
 *   record_id: string | null, amount_fen: number | null, amount_meaning: string, event_on: string | null,
 *   detail: string, search: string}} Finding
 */

/**
 * The findings as row objects, with the counties and cities they are filtered by.
 * @param {any} data findings.json
 */
export function decodeFindings(data) {
  const c = data.counties;
  const counties = c.code.map((/** @type {string} */ code, /** @type {number} */ i) => ({
    code,
    name: c.name[i],
    city_code: c.city_code[i],
    city: c.city[i],
  }));
  const rules = new Map(RULES.map((r) => [r.code, r]));
  const r = data.rows;
  const n = r.rule.length;
  const personCounts = new Array(data.persons.key.length).fill(0);
  for (let i = 0; i < n; i++) if (r.person[i] !== null) personCounts[r.person[i]]++;
  /** @type {Finding[]} */
  const rows = new Array(n);
  for (let i = 0; i < n; i++) {
    const code = data.codes[r.rule[i]];
    const p = r.project[i];
    const county = counties[data.projects.county[p]];
    const v = r.village[i];
    const person = r.person[i];
    const t = r.detail[i];
    const row = {
      i,
      code,
      title: rules.get(code)?.title ?? code,
      county_code: county.code,
      county: county.name,
      city_code: county.city_code,
      city: county.city,
      project_id: data.projects.id[p],
      project_name: data.projects.name[p],
      village_code: v === null ? null : data.villages.code[v],
      village_name: v === null ? null : data.villages.name[v],
      person: person === null ? null : data.persons.mask[person],
      person_key: person === null ? null : data.persons.key[person],
      person_findings: person === null ? 0 : personCounts[person],
      record_id: r.record[i],
      amount_fen: r.amount_fen[i],
      amount_meaning: r.amount_fen[i] === null ? "" : (rules.get(code)?.amount ?? ""),
      event_on: r.date[i],
      detail: expandDetail(t === null ? null : data.templates[t], r.args[i]),
      search: "",
    };
    row.search = [row.project_id, row.project_name, row.village_code, row.village_name, row.record_id]
      .filter(Boolean)
      .join(" ")
      .toLowerCase();
    rows[i] = row;
  }
  const cityMap = new Map();
  for (const k of counties)
    if (!cityMap.has(k.city_code))
      cityMap.set(k.city_code, { code: k.city_code, name: k.city || k.city_code });
  const cities = [...cityMap.values()].sort((a, b) => a.code.localeCompare(b.code));
  return { rows, counties, cities };
}

/**
 * The rule text with this data set's thresholds (policy.json may change them).
 * @param {{code: string, rule: string}} rule
 * @param {Record<string, any>} policy
 */
export function ruleText(rule, policy) {
  const p = policy ?? {};
  switch (rule.code) {
    case "F03":
      return `批复后 ${p.transfer_deadline_days ?? 60} 日财政专户资金 < 应筹资金`;
    case "F04":
      return `资金到位且批复后 ${p.enrolment_deadline_days ?? 60} 日内无人记账`;
    case "F06":
      return `实际人数 / 虚拟人数 ≥ ${p.dilution_ratio ?? 2}`;
    case "F07":
      return `资金到位但实际人数 / 虚拟人数 < ${p.undercoverage_ratio ?? 0.8}`;
    case "F09":
      return `记账日未满 ${p.adult_age ?? 16} 周岁却记入个人账户 (应记个人预存款账户)`;
    case "F10":
      return `补偿款到村满 ${p.quota_valid_years ?? 1} 年后仍记账`;
    default:
      return rule.rule;
  }
}

/** What the sum of a rule's amounts is, for the rules that carry one. */
export const AMOUNT_TOTALS = /** @type {Record<string, string>} */ ({
  F01: "批复日缺口合计",
  F02: "供地日缺口合计",
  F03: "到期日专户缺口合计",
  F05: "超额分配合计",
  F08: "重复记账金额合计",
  F09: "涉及记账金额合计",
  F10: "涉及记账金额合计",
});

/** Chinese names of the policy keys that set rule thresholds, and the rules they affect. */
export const POLICY_LABELS = {
  transfer_deadline_days: { label: "划入专户期限 (日)", rules: "F03" },
  enrolment_deadline_days: { label: "参保期限 (日)", rules: "F04" },
  quota_valid_years: { label: "指标有效期 (年)", rules: "F10" },
  dilution_ratio: { label: "人数稀释阈值", rules: "F06" },
  undercoverage_ratio: { label: "覆盖不足阈值", rules: "F07" },
  adult_age: { label: "成年年龄", rules: "F09" },
  per_person_yuan: { label: "以人筹资每人金额 (元)", rules: "F12" },
};

/**
 * @typedef {{rule: string, city: string, county: string, text: string, person: string | null}} FindingFilter
 */

/**
 * The rows that pass a filter; text matches every space-separated term against the project id and name,
 * village and record number.
 * @param {Finding[]} rows
 * @param {FindingFilter} f
 * @returns {Finding[]}
 */
export function filterFindings(rows, f) {
  const terms = (f.text ?? "").trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!f.rule && !f.city && !f.county && !f.person && terms.length === 0) return rows;
  return rows.filter(
    (r) =>
      (!f.rule || r.code === f.rule) &&
      (!f.county || r.county_code === f.county) &&
      (!f.city || r.city_code === f.city) &&
      (!f.person || r.person_key === f.person) &&
      terms.every((t) => r.search.includes(t)),
  );
}

/**
 * The filter bar: rule, city, county (of the chosen city), project text and "same person". Its value is a
 * FindingFilter; `set(partial)` changes it from elsewhere (the rule cards, the matrix, a person's link) and
 * emits an input event, so `view()` sees it.
 * @param {{rows: Finding[], counties: {code: string, name: string, city_code: string, city: string}[],
 *   cities: {code: string, name: string}[]}} data
 * @returns {HTMLFormElement & {value: FindingFilter, set: (f: Partial<FindingFilter>) => void}}
 */
export function findingFilters({ rows, counties, cities }) {
  /** @type {FindingFilter} */
  const state = { rule: "", city: "", county: "", text: "", person: null };
  /** @type {Map<string, number>} */
  const byRule = new Map();
  /** @type {Map<string, number>} */
  const byCounty = new Map();
  /** @type {Map<string, number>} */
  const byCity = new Map();
  /** @type {Map<string, string>} */
  const masks = new Map();
  /** @type {Map<string, number>} */
  const personCounts = new Map();
  for (const r of rows) {
    byRule.set(r.code, (byRule.get(r.code) ?? 0) + 1);
    byCounty.set(r.county_code, (byCounty.get(r.county_code) ?? 0) + 1);
    byCity.set(r.city_code, (byCity.get(r.city_code) ?? 0) + 1);
    if (r.person_key)
      (masks.set(r.person_key, /** @type {string} */ (r.person)),
        personCounts.set(r.person_key, r.person_findings));
  }
  const option = (/** @type {string} */ value, /** @type {string} */ label) =>
    html`<option value=${value}>${label}</option>`;
  const rule = /** @type {HTMLSelectElement} */ (
    html`<select name="rule">
      ${[
        option("", `全部规则 (${count(rows.length)})`),
        ...RULES.map((r) => option(r.code, `${r.code} ${r.title} (${count(byRule.get(r.code) ?? 0)})`)),
      ]}
    </select>`
  );
  const city = /** @type {HTMLSelectElement} */ (
    html`<select name="city">
      ${[
        option("", "全部市"),
        ...cities
          .filter((c) => byCity.has(c.code))
          .map((c) => option(c.code, `${c.name} (${count(byCity.get(c.code))})`)),
      ]}
    </select>`
  );
  const county = /** @type {HTMLSelectElement} */ (html`<select name="county"></select>`);
  const text = /** @type {HTMLInputElement} */ (
    html`<input
      name="text"
      type="search"
      size="28"
      placeholder="批次编号、项目名称、村名或记录号"
      autocomplete="off"
    />`
  );
  const person = html`<span class="person-filter"></span>`;
  const reset = html`<button type="button" class="reset">清除筛选</button>`;
  function countyOptions() {
    const list = counties.filter((c) => byCounty.has(c.code) && (!state.city || c.city_code === state.city));
    county.replaceChildren(
      option("", state.city ? "本市全部县区" : "全部县区"),
      ...list.map((c) =>
        option(c.code, `${state.city ? "" : `${c.city} `}${c.name} (${count(byCounty.get(c.code))})`),
      ),
    );
    if (!list.some((c) => c.code === state.county)) state.county = "";
    county.value = state.county;
  }
  function personChip() {
    if (!state.person) return person.replaceChildren();
    const clear = html`<button type="button" title="不再只看此人">×</button>`;
    clear.addEventListener("click", () => form.set({ person: null }));
    person.replaceChildren(
      html`<span
        >同一人: <code>${masks.get(state.person) ?? ""}</code> (${count(personCounts.get(state.person) ?? 0)}
        条, 关联码 <code>${state.person}</code>)
      </span>`,
      clear,
    );
  }
  const form = /** @type {any} */ (
    html`<form class="filters finding-filters">
      <label>规则<br />${rule}</label>
      <label>市<br />${city}</label>
      <label>县区<br />${county}</label>
      <label>批次 / 项目 / 村 / 记录号<br />${text}</label>
      ${person} ${reset}
    </form>`
  );
  form.addEventListener("submit", (/** @type {Event} */ e) => e.preventDefault());
  rule.addEventListener("input", () => (state.rule = rule.value));
  city.addEventListener("input", () => ((state.city = city.value), countyOptions()));
  county.addEventListener("input", () => (state.county = county.value));
  text.addEventListener("input", () => (state.text = text.value));
  reset.addEventListener("click", () => form.set({ rule: "", city: "", county: "", text: "", person: null }));
  Object.defineProperty(form, "value", { get: () => ({ ...state }), set: (v) => form.set(v) });
  form.set = (/** @type {Partial<FindingFilter>} */ f) => {
    if (f.county) {
      const c = counties.find((k) => k.code === f.county);
      if (c) f = { city: c.city_code, ...f };
    }
    Object.assign(state, f);
    rule.value = state.rule;
    city.value = state.city;
    text.value = state.text;
    countyOptions();
    personChip();
    form.dispatchEvent(new Event("input", { bubbles: true }));
  };
  countyOptions();
  return form;
}

/** @param {HTMLElement} el */
function shade(el, /** @type {number} */ ratio) {
  el.style.setProperty("--shade", ratio.toFixed(3));
  if (ratio > 0.55) el.classList.add("dark");
  return el;
}

/**
 * Counts by county and rule: one row per county with findings, most findings first.
 * @param {Finding[]} rows
 * @param {{code: string, name: string, city_code: string, city: string}[]} counties
 */
export function countyMatrix(rows, counties) {
  /** @type {Map<string, Record<string, any>>} */
  const byCounty = new Map();
  for (const r of rows) {
    let m = byCounty.get(r.county_code);
    if (!m) {
      const c = counties.find((k) => k.code === r.county_code);
      byCounty.set(
        r.county_code,
        (m = { code: r.county_code, name: c?.name ?? r.county_code, city: c?.city ?? "", total: 0 }),
      );
      for (const rule of RULES) m[rule.code] = 0;
    }
    m[r.code]++;
    m.total++;
  }
  return [...byCounty.values()].sort((a, b) => b.total - a.total || a.code.localeCompare(b.code));
}

/**
 * A matrix cell: the count, shaded in grey (so it prints) on a log scale, a button that filters the table.
 * @param {number} n
 * @param {number} max the largest count on the same scale
 * @param {{county: string, rule: string, onPick: (county: string, rule: string) => void}} options
 */
export function matrixCell(n, max, { county, rule, onPick }) {
  if (!n) return html`<span class="mx zero" data-county=${county} data-rule=${rule}>·</span>`;
  const b = html`<button
    type="button"
    class="mx"
    data-county=${county}
    data-rule=${rule}
    data-count=${n}
    title=${`${rule || "全部规则"}: ${count(n)} 条; 点击在明细表中查看`}
  >
    ${count(n)}
  </button>`;
  b.addEventListener("click", () => onPick(county, rule));
  // Log scale: one county with many findings must not wash out the counties with a few.
  return shade(b, max > 1 ? Math.log1p(n) / Math.log1p(max) : 1);
}

/** Columns of the evidence downloads (Chinese headers). `amount` is set per format. */
const EVIDENCE = [
  { key: "code", label: "规则代码" },
  { key: "title", label: "线索" },
  { key: "city", label: "市" },
  { key: "county_code", label: "县区代码" },
  { key: "county", label: "县区" },
  { key: "project_id", label: "批次编号" },
  { key: "project_name", label: "项目名称" },
  { key: "village_code", label: "村代码" },
  { key: "village_name", label: "村名" },
  { key: "person", label: "身份证号 (脱敏)" },
  { key: "person_key", label: "人员关联码" },
  {
    key: "person_findings",
    label: "该人线索条数",
    value: (/** @type {Finding} */ r) => (r.person_key ? r.person_findings : null),
  },
  { key: "record_id", label: "记录号" },
  { key: "amount", label: "金额(元)" },
  { key: "amount_meaning", label: "金额含义" },
  { key: "event_on", label: "日期" },
  { key: "detail", label: "说明" },
];

/** Exact yuan text with 2 decimals and no separators (for CSV). @param {number | null} fen */
export function yuanPlain(fen) {
  return fen === null || fen === undefined ? null : yuanExact(fen).replace(/,/g, "");
}

/**
 * The download columns: amounts as exact text in CSV, as numbers in XLSX (so Excel can sum them).
 * @param {"csv" | "xlsx"} format
 */
export function evidenceColumns(format) {
  return EVIDENCE.map((c) =>
    c.key === "amount"
      ? {
          ...c,
          value: (/** @type {Finding} */ r) =>
            format === "csv" ? yuanPlain(r.amount_fen) : r.amount_fen === null ? null : r.amount_fen / 100,
        }
      : c,
  );
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
 * CSV and XLSX buttons for rows chosen at click time, with their own columns per format.
 * @param {() => any[]} getRows
 * @param {(format: "csv" | "xlsx") => {key: string, label: string, value?: (row: any) => any}[]} columnsFor
 * @param {string} filename without extension
 */
export function downloadsOf(getRows, columnsFor, filename) {
  const csv = html`<button type="button" class="download" name="csv">下载 CSV</button>`;
  const xlsx = html`<button type="button" class="download" name="xlsx">下载 Excel (XLSX)</button>`;
  csv.addEventListener("click", () =>
    save(
      new Blob([toCsv(getRows(), columnsFor("csv"))], { type: "text/csv;charset=utf-8" }),
      `${filename}.csv`,
    ),
  );
  xlsx.addEventListener("click", async () => {
    const label = xlsx.textContent;
    xlsx.setAttribute("disabled", "");
    xlsx.textContent = "正在生成…";
    try {
      const bytes = await writeXlsx(toSheet(getRows(), columnsFor("xlsx")), {
        sheetName: filename.slice(0, 31),
      });
      save(
        new Blob([/** @type {BlobPart} */ (/** @type {unknown} */ (bytes))], {
          type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }),
        `${filename}.xlsx`,
      );
    } finally {
      xlsx.removeAttribute("disabled");
      xlsx.textContent = label;
    }
  });
  return html`<span class="downloads">${csv} ${xlsx}</span>`;
}

/** @param {string | null} iso */
export function dateCell(iso) {
  return iso ? dateZh(iso) : "—";
}

/** @param {unknown} value */
function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const TABLE_COLUMNS = [
  { key: "code", label: "规则" },
  { key: "county", label: "县区" },
  { key: "project_id", label: "批次编号 / 项目" },
  { key: "person_key", label: "村 / 人员 / 记录号", title: "人员为脱敏身份证号; 同一人按关联码相连" },
  {
    key: "amount_fen",
    label: "金额 (元)",
    num: true,
    title: "F01/F02/F03 为当日缺口, F05 为超额部分, F08 为重复的记账, F09/F10 为该笔记账金额",
  },
  { key: "event_on", label: "日期" },
  { key: "detail", label: "说明" },
];

/** One row of the evidence table as HTML (built as text: ten times faster than templates at 100,000 rows). */
function rowHtml(/** @type {Finding} */ r, /** @type {Map<string, string>} */ ruleTitles) {
  const evidence = [];
  if (r.village_code)
    evidence.push(`<div>${esc(r.village_name)} <span class="sub mono">${esc(r.village_code)}</span></div>`);
  if (r.person)
    evidence.push(
      `<div><span class="mono person">${esc(r.person)}</span>${
        r.person_findings > 1
          ? ` <button type="button" class="link same-person" data-person="${esc(r.person_key)}" title="只看此人的全部线索 (按关联码)">同一人共 ${r.person_findings} 条</button>`
          : ""
      }</div>`,
    );
  if (r.record_id)
    evidence.push(`<div class="sub">记录号 <span class="mono">${esc(r.record_id)}</span></div>`);
  return `<tr><td><a href="#${esc(r.code)}" title="${esc(ruleTitles.get(r.code))}">${esc(r.code)}</a><div class="sub">${esc(r.title)}</div></td>
<td><a href="./county/${esc(r.county_code)}">${esc(r.county)}</a><div class="sub">${esc(r.city)}</div></td>
<td><button type="button" class="link mono" data-project="${esc(r.project_id)}" title="只看此批次的线索">${esc(r.project_id)}</button><div class="sub">${esc(r.project_name)}</div></td>
<td>${evidence.length ? evidence.join("") : "—"}</td>
<td class="num">${r.amount_fen === null ? "—" : `${yuanExact(r.amount_fen)}<div class="sub">${esc(r.amount_meaning)}</div>`}</td>
<td>${r.event_on ? `<span class="nowrap">${dateZh(r.event_on)}</span>` : "—"}</td>
<td>${esc(r.detail)}</td></tr>`;
}

/**
 * The evidence table: sortable by any column, the first `limit` rows and more on request. Rows are built
 * as HTML text, so a filter over 100,000 findings redraws at once.
 * @param {Finding[]} rows
 * @param {{limit?: number, ruleTitles: Map<string, string>, onPerson: (key: string) => void,
 *   onProject: (id: string) => void}} options
 */
export function findingsTable(rows, { limit = 100, ruleTitles, onPerson, onProject }) {
  /** @type {string | null} */
  let sortKey = null;
  let desc = false;
  let shown = limit;
  let list = rows;
  const root = html`<div class="data-table findings-table"></div>`;
  root.addEventListener("click", (/** @type {MouseEvent} */ e) => {
    const target = /** @type {HTMLElement} */ (e.target);
    const person = target.closest("[data-person]");
    if (person) return onPerson(/** @type {string} */ (person.getAttribute("data-person")));
    const project = target.closest("[data-project]");
    if (project) return onProject(/** @type {string} */ (project.getAttribute("data-project")));
    const th = target.closest("th[data-key]");
    if (th) {
      const key = /** @type {string} */ (th.getAttribute("data-key"));
      desc = key === sortKey ? !desc : key === "amount_fen";
      sortKey = key;
      const value = (/** @type {any} */ r) => r[key];
      list = [...rows].sort((a, b) => {
        const x = value(a);
        const y = value(b);
        if (x === y) return 0;
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        return (x < y ? -1 : 1) * (desc ? -1 : 1);
      });
      render();
    }
    const more = target.closest("[data-more]");
    if (more) ((shown += Number(more.getAttribute("data-more"))), render());
  });
  function render() {
    const head = TABLE_COLUMNS.map(
      (c) =>
        `<th data-key="${c.key}" class="${c.num ? "num" : ""}" title="${esc(c.title ?? "点击排序")}" tabindex="0">${esc(c.label)}${
          c.key === sortKey ? (desc ? " ▼" : " ▲") : ""
        }</th>`,
    ).join("");
    const body = list.length
      ? list
          .slice(0, shown)
          .map((r) => rowHtml(r, ruleTitles))
          .join("")
      : `<tr><td colspan="${TABLE_COLUMNS.length}" class="empty">没有符合筛选条件的线索</td></tr>`;
    const rest = list.length - shown;
    const step = Math.min(rest, 500);
    root.innerHTML = `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${
      rest > 0
        ? `<p class="table-more">显示前 ${count(shown)} 条, 共 ${count(list.length)} 条 (下载的文件含全部 ${count(list.length)} 条)。
           <button type="button" data-more="${step}">再显示 ${count(step)} 条</button></p>`
        : ""
    }`;
  }
  root.addEventListener("keydown", (/** @type {KeyboardEvent} */ e) => {
    if (e.key === "Enter" && /** @type {HTMLElement} */ (e.target).matches("th[data-key]"))
      /** @type {HTMLElement} */ (e.target).click();
  });
  render();
  return root;
}
