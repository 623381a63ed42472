// The 审计线索 page's filter bar: rule, city, county (of the chosen city), open or resolved, rectification
// status, project text and "same person".
import { html } from "htl";
import { RULES } from "@xianbao/common/rules.js";
import { RECTIFICATION_STATUS, VERDICTS } from "@xianbao/common/evidence.js";
import { count } from "./format.js";

/** @typedef {import("./findingsData.js").FindingFilter} FindingFilter */
/** @typedef {import("./findingsData.js").Finding} Finding */

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
  const state = { rule: "", city: "", county: "", text: "", person: null, status: "", rectification: "" };
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
  const open = rows.filter((r) => r.open).length;
  const status = /** @type {HTMLSelectElement} */ (
    html`<select name="status">
      ${[
        option("", "全部"),
        option("open", `未解决 (${count(open)})`),
        option("resolved", `已解决 (${count(rows.length - open)})`),
      ]}
    </select>`
  );
  const nRect = (/** @type {(r: Finding) => boolean} */ p) => count(rows.filter(p).length);
  const rectification = /** @type {HTMLSelectElement} */ (
    html`<select name="rectification">
      ${[
        option("", "全部"),
        option(
          "not_confirmed",
          `${VERDICTS.not_confirmed.label} (${nRect((r) => r.verdict === "not_confirmed")})`,
        ),
        option(
          "confirmed",
          `${RECTIFICATION_STATUS.rectified.label}, ${VERDICTS.confirmed.label} (${nRect((r) => r.verdict === "confirmed")})`,
        ),
        option(
          "in_progress",
          `${RECTIFICATION_STATUS.in_progress.label} (${nRect((r) => r.rectification === "in_progress")})`,
        ),
        option(
          "explained",
          `${RECTIFICATION_STATUS.explained.label} (${nRect((r) => r.rectification === "explained")})`,
        ),
        option("none", `未报告整改 (${nRect((r) => r.rectification === null)})`),
      ]}
    </select>`
  );
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
      <label>状态<br />${status}</label>
      <label>整改<br />${rectification}</label>
      <label>批次 / 项目 / 村 / 记录号<br />${text}</label>
      ${person} ${reset}
    </form>`
  );
  form.addEventListener("submit", (/** @type {Event} */ e) => e.preventDefault());
  rule.addEventListener("input", () => (state.rule = rule.value));
  city.addEventListener("input", () => ((state.city = city.value), countyOptions()));
  county.addEventListener("input", () => (state.county = county.value));
  text.addEventListener("input", () => (state.text = text.value));
  status.addEventListener("input", () => (state.status = /** @type {any} */ (status.value)));
  rectification.addEventListener("input", () => (state.rectification = rectification.value));
  reset.addEventListener("click", () =>
    form.set({ rule: "", city: "", county: "", text: "", person: null, status: "", rectification: "" }),
  );
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
    status.value = state.status ?? "";
    rectification.value = state.rectification ?? "";
    countyOptions();
    personChip();
    form.dispatchEvent(new Event("input", { bubbles: true }));
  };
  countyOptions();
  return form;
}
