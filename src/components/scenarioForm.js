// The scenario panel's inputs (新旧办法对比): for each tier ratio and the per-person amount a labelled slider
// and a number box. What is typed is checked as policy.json would check it (common/scenario.js): a value
// out of range, not a number or empty is refused visibly (the box marked invalid, the reason beside it,
// the scenario left at the last valid value), never silently clamped or ignored.
import { html } from "htl";
import { checkPerPersonYuan, checkRatioPercent } from "@xianbao/common/scenario.js";

/** @typedef {import("@xianbao/common/scenario.js").Settings} Settings */

/**
 * One labelled field: slider and number box kept in step, with its error line.
 * @param {{id: string, label: string, min: number, max: number, step: number, text: string, fallback: number,
 *   check: (text: string) => import("@xianbao/common/scenario.js").Checked, error?: string,
 *   onValue: (value: number | null) => void}} spec
 */
function field({ id, label, min, max, step, text, fallback, check, error, onValue }) {
  const number = /** @type {HTMLInputElement} */ (
    html`<input
      type="number"
      id=${id}
      name=${id}
      step="any"
      inputmode="decimal"
      aria-describedby=${`${id}-error`}
    />`
  );
  const range = /** @type {HTMLInputElement} */ (
    html`<input
      type="range"
      min=${min}
      max=${max}
      step=${step}
      aria-label=${`${label} (滑块)`}
      tabindex="-1"
    />`
  );
  const message = html`<span class="field-error" id=${`${id}-error`} role="alert"></span>`;
  number.value = text;
  const show = (/** @type {string | null} */ why) => {
    number.setAttribute("aria-invalid", why ? "true" : "false");
    message.textContent = why ? `${why}; 未采用, 方案仍按上次的有效值计算` : "";
    row.classList.toggle("invalid", Boolean(why));
  };
  const apply = () => {
    const c = check(number.value);
    if (!c.ok) {
      show(c.message);
      onValue(null);
      return;
    }
    show(null);
    range.value = String(Math.min(max, Math.max(min, Number(number.value))));
    onValue(c.value);
  };
  number.addEventListener("input", apply);
  range.addEventListener("input", () => {
    number.value = range.value;
    apply();
  });
  const row = html`<div class="field" data-field=${id}>
    <label for=${id}>${label}</label>
    <div class="controls">${range}${number}</div>
    ${message}
  </div>`;
  const initial = check(text);
  range.value = String(Math.min(max, Math.max(min, initial.ok ? Number(text) : fallback)));
  if (error) show(error);
  return {
    row,
    set(/** @type {string} */ t) {
      number.value = t;
      apply();
    },
  };
}

/**
 * The panel's inputs. Its `value` is the Settings in force (the last valid value of each field); it emits
 * "input" when that changes, and `invalid()` lists the fields whose typed text was refused.
 * @param {{labels: string[], settings: Settings, base: Settings, texts?: Record<string, string>,
 *   errors?: Record<string, string>, perPersonMax: number, perPersonStep: number, hasOverrides: boolean}} options
 */
export function scenarioForm({
  labels,
  settings,
  base,
  texts = {},
  errors = {},
  perPersonMax,
  perPersonStep,
  hasOverrides,
}) {
  /** @type {Settings} */
  const state = { ...settings, ratios: [...settings.ratios] };
  /** @type {Set<string>} */
  const invalid = new Set(Object.keys(errors));
  const percent = (/** @type {number} */ r) => String(Math.round(r * 1e6) / 1e4);
  /** @type {any} */
  let root;
  const changed = (/** @type {string} */ key, /** @type {boolean} */ ok) => {
    if (ok) invalid.delete(key);
    else invalid.add(key);
    summary.textContent = invalid.size
      ? `有 ${invalid.size} 项输入无效 (见标红处), 方案按其余各项与无效项上次的有效值计算。`
      : "";
    root?.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const ratioFields = labels.map((label, i) =>
    field({
      id: `r${i + 1}`,
      label: `${label} 比例 (%)`,
      min: 0,
      max: 100,
      step: 0.01,
      text: texts[`r${i + 1}`] ?? percent(state.ratios[i]),
      fallback: Number(percent(state.ratios[i])),
      check: checkRatioPercent,
      error: errors[`r${i + 1}`],
      onValue: (v) => {
        if (v !== null) state.ratios[i] = v;
        changed(`r${i + 1}`, v !== null);
      },
    }),
  );
  const pp = field({
    id: "pp",
    label: "每人标准 (元, 全省默认)",
    min: 0,
    max: perPersonMax,
    step: perPersonStep,
    text: texts.pp ?? String(state.perPersonYuan),
    fallback: state.perPersonYuan,
    check: checkPerPersonYuan,
    error: errors.pp,
    onValue: (v) => {
      if (v !== null) state.perPersonYuan = v;
      changed("pp", v !== null);
    },
  });
  const keep = /** @type {HTMLInputElement} */ (html`<input type="checkbox" id="keep" name="keep" />`);
  keep.checked = state.keepOverrides !== false;
  keep.addEventListener("input", () => {
    state.keepOverrides = keep.checked;
    changed("keep", true);
  });
  const reset = html`<button type="button" class="reset">恢复现行政策</button>`;
  reset.addEventListener("click", () => {
    base.ratios.forEach((r, i) => ratioFields[i].set(percent(r)));
    pp.set(String(base.perPersonYuan));
    keep.checked = base.keepOverrides !== false;
    state.keepOverrides = keep.checked;
    changed("keep", true);
  });
  const summary = html`<p class="form-summary" role="status"></p>`;
  root = html`<form class="scenario-inputs" id="scenario-inputs" aria-label="政策模拟的参数">
    <fieldset>
      <legend>以地筹资计提比例 (按全省档位上限)</legend>
      ${ratioFields.map((f) => f.row)}
    </fieldset>
    <fieldset>
      <legend>以人筹资</legend>
      ${pp.row}
      ${hasOverrides ? html`<div class="field"><label>${keep} 保持各市县自定标准</label></div>` : ""}
    </fieldset>
    <div class="form-actions">${reset}</div>
    ${summary}
  </form>`;
  root.addEventListener("submit", (/** @type {Event} */ e) => e.preventDefault());
  if (invalid.size)
    summary.textContent = `地址中有 ${invalid.size} 项参数无效 (见标红处), 已按现行政策计算这几项。`;
  Object.defineProperty(root, "value", { get: () => ({ ...state, ratios: [...state.ratios] }) });
  root.invalid = () => [...invalid];
  return root;
}
