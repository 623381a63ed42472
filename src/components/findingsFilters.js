// The 审计线索 page's filter bar: rule, city, county (of the chosen city), open or resolved, rectification
// status, the project's approval date (from, to), project text and "same person". Its counts come from the
// summary (findingsData.js), so they are those of every finding, loaded or not.
import { html } from "htl";
import { RULES } from "@xianbao/common/rules.js";
import { RECTIFICATION_STATUS, VERDICTS } from "@xianbao/common/evidence.js";
import { count } from "./format.js";

/** @typedef {import("./findingsData.js").FindingFilter} FindingFilter */
/** @typedef {import("./findingsData.js").FindingSummary} FindingSummary */

/** Every filter cleared: what the page opens with and what 清除筛选 sets. @returns {FindingFilter} */
function noFilter() {
  return {
    rule: "",
    city: "",
    county: "",
    text: "",
    person: null,
    status: "",
    rectification: "",
    approved_from: "",
    approved_to: "",
  };
}

/**
 * The filter bar: rule, city, county (of the chosen city), project text and "same person". Its value is a
 * FindingFilter; `set(partial)` changes it from elsewhere (the rule cards, the matrix, a person's link) and
 * emits an input event, so `view()` sees it.
 * @param {FindingSummary} summary
 * @param {(key: string) => {mask: string, count: number} | undefined} personOf a person's mask and count
 * @returns {HTMLFormElement & {value: FindingFilter, set: (f: Partial<FindingFilter>) => void}}
 */
export function findingFilters(summary, personOf) {
  const { counties, cities, cells } = summary;
  /** @type {FindingFilter} */
  const state = noFilter();
  /** @type {Map<string, number>} */
  const byRule = new Map();
  /** @type {Map<string, number>} */
  const byCounty = new Map();
  /** @type {Map<string, number>} */
  const byCity = new Map();
  /** @type {Map<string, number>} */
  const byState = new Map();
  let open = 0;
  const add = (/** @type {Map<string, number>} */ m, /** @type {string} */ k, /** @type {number} */ n) =>
    m.set(k, (m.get(k) ?? 0) + n);
  for (const c of cells) {
    const k = counties[c.county];
    add(byRule, summary.codes[c.rule], c.n);
    add(byCounty, k.code, c.n);
    add(byCity, k.city_code, c.n);
    add(byState, c.state, c.n);
    if (c.open) open += c.n;
  }
  const total = summary.total;
  const option = (/** @type {string} */ value, /** @type {string} */ label) =>
    html`<option value=${value}>${label}</option>`;
  const rule = /** @type {HTMLSelectElement} */ (
    html`<select name="rule">
      ${[
        option("", `全部规则 (${count(total)})`),
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
  const status = /** @type {HTMLSelectElement} */ (
    html`<select name="status">
      ${[
        option("", "全部"),
        option("open", `未解决 (${count(open)})`),
        option("resolved", `已解决 (${count(total - open)})`),
      ]}
    </select>`
  );
  const nRect = (/** @type {string} */ state) => count(byState.get(state) ?? 0);
  const rectification = /** @type {HTMLSelectElement} */ (
    html`<select name="rectification">
      ${[
        option("", "全部"),
        option("not_confirmed", `${VERDICTS.not_confirmed.label} (${nRect("not_confirmed")})`),
        option(
          "confirmed",
          `${RECTIFICATION_STATUS.rectified.label}, ${VERDICTS.confirmed.label} (${nRect("confirmed")})`,
        ),
        option("in_progress", `${RECTIFICATION_STATUS.in_progress.label} (${nRect("in_progress")})`),
        option("explained", `${RECTIFICATION_STATUS.explained.label} (${nRect("explained")})`),
        option("none", `未报告整改 (${nRect("none")})`),
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
  const dateInput = (/** @type {string} */ name, /** @type {string} */ title) =>
    /** @type {HTMLInputElement} */ (html`<input name=${name} type="date" title=${title} />`);
  const approvedFrom = dateInput("approved_from", "批复日不早于此日 (含当日)");
  const approvedTo = dateInput("approved_to", "批复日不晚于此日 (含当日)");
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
        >同一人:
        <code>${personOf(state.person)?.mask ?? ""}</code> (${count(personOf(state.person)?.count ?? 0)} 条,
        关联码 <code>${state.person}</code>)
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
      <fieldset class="approved">
        <legend>批复日期</legend>
        <label>自 ${approvedFrom}</label> <label>至 ${approvedTo}</label>
      </fieldset>
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
  approvedFrom.addEventListener("input", () => (state.approved_from = approvedFrom.value));
  approvedTo.addEventListener("input", () => (state.approved_to = approvedTo.value));
  reset.addEventListener("click", () => form.set(noFilter()));
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
    approvedFrom.value = state.approved_from ?? "";
    approvedTo.value = state.approved_to ?? "";
    countyOptions();
    personChip();
    form.dispatchEvent(new Event("input", { bubbles: true }));
  };
  countyOptions();
  return form;
}
