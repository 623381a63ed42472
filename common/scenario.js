// The policy scenario of 新旧办法对比 (in common/: the page and test/scenario.test.ts run the same code):
// recompute every project's old-method and new-method money for chosen tier ratios and a per-person
// amount, exactly as the metrics SQL does (to the fen, half up), and roll it up by county with arquero.
// Pure: arquero is passed in, because the browser must import its minified build
// ("arquero/dist/arquero.min.js") while Node and the unit tests use the package entry.
//
// Exactness without BigInt in the hot loop: money is integer fen and each product is split so that every
// intermediate stays below 2^53 (doubles are exact there, and % on doubles is exact).

const PICO = 1e12;
const MICRO = 1e6;

/**
 * Round half up of a / d for non-negative safe integers a and d > 0, exactly.
 * @param {number} a
 * @param {number} d
 * @example divRound(5, 10) === 1 && divRound(4, 10) === 0
 */
export function divRound(a, d) {
  const r = a % d;
  return (a - r) / d + (2 * r >= d ? 1 : 0);
}

/**
 * A virtual headcount in 10^-12 persons (an integer as text, as the metrics keep it) split into whole persons,
 * millionths and the remaining millionths of a millionth.
 * @param {string} pico
 * @returns {[number, number, number]}
 * @example splitPico("21500000000001") // [21, 500000, 1]
 */
export function splitPico(pico) {
  const digits = String(pico).replace(/^0+(?=\d)/, "");
  const padded = digits.padStart(13, "0");
  return [Number(padded.slice(0, -12)), Number(padded.slice(-12, -6)), Number(padded.slice(-6))];
}

/**
 * Old method (以人筹资, 41号文): virtual headcount x per-person amount, in fen, rounded half up.
 * The headcount comes as [whole, micro, pico] parts (splitPico); exact while perPersonFen < 9e8.
 * @param {number} whole
 * @param {number} micro
 * @param {number} pico
 * @param {number} perPersonFen
 * @example oldMethodFen(21, 0, 0, 900000) === 18900000
 */
export function oldMethodFen(whole, micro, pico, perPersonFen) {
  const a = micro * perPersonFen;
  const r = a % MICRO;
  return whole * perPersonFen + (a - r) / MICRO + divRound(r * MICRO + pico * perPersonFen, PICO);
}

/**
 * The product the new method multiplies by the ratio, area·10^4 x price·10^2 (area in mu with at most 4
 * decimals, zone price in yuan/mu with at most 2), as [high, low] with product = high·10^8 + low.
 * @param {number} areaMu
 * @param {number} zonePrice
 * @returns {[number, number]}
 */
export function landParts(areaMu, zonePrice) {
  const area = Math.round(areaMu * 1e4);
  const price = Math.round(zonePrice * 100);
  const product = area * price;
  if (Number.isSafeInteger(product)) return [Math.floor(product / 1e8), product % 1e8];
  const big = BigInt(area) * BigInt(price);
  return [Number(big / 100000000n), Number(big % 100000000n)];
}

/**
 * New method (以地筹资, 22号文) from landParts and a ratio in millionths: area x price x ratio in fen,
 * rounded half up (the metrics' div_round(area·10^4 · price·10^2 · ratio·10^6, 10^10)).
 * @param {number} high
 * @param {number} low
 * @param {number} ratioMicro ratio x 10^6, e.g. 200000 for 20%
 */
export function newMethodPartsFen(high, low, ratioMicro) {
  const a = high * ratioMicro;
  const r = a % 100;
  return (a - r) / 100 + divRound(r * 1e8 + low * ratioMicro, 1e10);
}

/**
 * New method for one project, in fen.
 * @param {number} areaMu
 * @param {number} zonePrice
 * @param {number} ratio e.g. 0.2
 * @example newMethodFen(1, 42500, 0.2) === 850000 // 8,500 元
 */
export function newMethodFen(areaMu, zonePrice, ratio) {
  const [high, low] = landParts(areaMu, zonePrice);
  return newMethodPartsFen(high, low, Math.round(ratio * 1e6));
}

/**
 * The tier of a zone price: the first whose upper bound (inclusive) holds it; the last tier is open.
 * @param {number} zonePrice
 * @param {{max_price: number | null}[]} tiers
 * @example tierOf(50000, DEFAULT_TIERS) === 0 && tierOf(50000.01, DEFAULT_TIERS) === 1
 */
export function tierOf(zonePrice, tiers) {
  const price = Math.round(zonePrice * 100);
  for (let i = 0; i < tiers.length; i++) {
    const max = tiers[i].max_price;
    if (max === null || max === undefined || price <= Math.round(max * 100)) return i;
  }
  return tiers.length - 1;
}

/**
 * @typedef {{max_price: number | null, ratio: number}} Tier
 * @typedef {{scope: string, per_person_fen: number | null, tiers: Tier[] | null}} ScopeOverride
 * @typedef {{
 *   defaults: {per_person_fen: number, tiers: Tier[], annuity_divisor: number, base_pension_fen: number},
 *   overrides: ScopeOverride[],
 *   projects: {project_id: string[], county_code: string[], area_mu: number[], zone_price: number[],
 *     virtual_pico: string[], actual_people: number[], old_method_fen: number[], new_method_fen: number[],
 *     scope: string[]}
 * }} MethodsData
 * @typedef {{ratios: number[], perPersonYuan: number, keepOverrides?: boolean}} Settings
 */

/**
 * Prepares methods.json for fast recomputation: parses each exact headcount once, finds each project's
 * tier under the province's tier bounds, and the per-person amount and ratio of any city or county that
 * sets its own (policy.json overrides).
 * @param {any} aq the arquero namespace
 * @param {MethodsData} data
 */
export function prepareScenario(aq, data) {
  registerFunctions(aq);
  const p = data.projects;
  const n = p.project_id.length;
  const tiers = data.defaults.tiers;
  const byScope = new Map(data.overrides.map((o) => [o.scope, o]));
  const cols = {
    county: p.county_code,
    tier: new Int8Array(n),
    own_r6: new Float64Array(n),
    own_pp: new Float64Array(n),
    ph: new Float64Array(n),
    pl: new Float64Array(n),
    vh: new Float64Array(n),
    vm: new Float64Array(n),
    vl: new Float64Array(n),
  };
  let people = 0;
  for (let i = 0; i < n; i++) {
    const own = byScope.get(p.scope[i]);
    cols.tier[i] = tierOf(p.zone_price[i], tiers);
    cols.own_pp[i] = own && own.per_person_fen !== null ? own.per_person_fen : -1;
    cols.own_r6[i] =
      own && own.tiers ? Math.round(own.tiers[tierOf(p.zone_price[i], own.tiers)].ratio * 1e6) : -1;
    [cols.ph[i], cols.pl[i]] = landParts(p.area_mu[i], p.zone_price[i]);
    [cols.vh[i], cols.vm[i], cols.vl[i]] = splitPico(p.virtual_pico[i]);
    people += p.actual_people[i];
  }
  // Grouped once here: the groups never change, and regrouping on every recompute would cost as much again.
  return { aq, table: aq.table(cols).groupby("county"), n, people, defaults: data.defaults };
}

/**
 * The settings of the policy in force: the province's five ratios and per-person amount, overrides kept.
 * @param {{defaults: MethodsData["defaults"]}} prepared
 * @returns {Settings}
 */
export function defaultSettings(prepared) {
  return {
    ratios: prepared.defaults.tiers.map((t) => t.ratio),
    perPersonYuan: prepared.defaults.per_person_fen / 100,
    keepOverrides: true,
  };
}

/**
 * Recomputes every project under the settings and rolls up by county.
 * Ratios apply by the province's tier bounds; the per-person amount replaces the province's. With
 * keepOverrides (the default), a city or county that sets its own amount or ratios in policy.json keeps them
 * (e.g. Guangzhou's 16,200 元); without it, the settings apply everywhere.
 * @param {ReturnType<typeof prepareScenario>} prepared
 * @param {Settings} settings
 * @returns {{new_fen: number, old_fen: number, below: number, projects: number, people: number,
 *   monthly_new_fen: number | null, monthly_old_fen: number | null,
 *   counties: {county: string, new_fen: number, old_fen: number, below: number, projects: number}[],
 *   perProject: () => {new_fen: number[], old_fen: number[]}}}
 */
export function runScenario(prepared, settings) {
  const { aq, table } = prepared;
  const op = aq.op;
  const r6 = settings.ratios.map((r) => Math.round(r * 1e6));
  const pp = Math.round(settings.perPersonYuan * 100);
  const keep = settings.keepOverrides !== false;
  const projects = table.params({ r6, pp, keep }).derive({
    new_fen: (/** @type {any} */ d, /** @type {any} */ $) =>
      op.xb_new_fen(d.ph, d.pl, $.keep && d.own_r6 >= 0 ? d.own_r6 : op.xb_pick($.r6, d.tier)),
    old_fen: (/** @type {any} */ d, /** @type {any} */ $) =>
      op.xb_old_fen(d.vh, d.vm, d.vl, $.keep && d.own_pp >= 0 ? d.own_pp : $.pp),
  });
  const counties = projects
    .rollup({
      new_fen: op.sum("new_fen"),
      old_fen: op.sum("old_fen"),
      below: (/** @type {any} */ d) => op.sum(d.new_fen < d.old_fen ? 1 : 0),
      projects: op.count(),
    })
    .orderby("county")
    .objects();
  let newFen = 0;
  let oldFen = 0;
  let below = 0;
  for (const c of counties) {
    newFen += c.new_fen;
    oldFen += c.old_fen;
    below += c.below;
  }
  const divisor = prepared.defaults.annuity_divisor;
  const monthly = (/** @type {number} */ total) =>
    prepared.people > 0 ? Math.round(total / prepared.people / divisor) : null;
  return {
    new_fen: newFen,
    old_fen: oldFen,
    below,
    projects: prepared.n,
    people: prepared.people,
    monthly_new_fen: monthly(newFen),
    monthly_old_fen: monthly(oldFen),
    counties,
    perProject: () => ({ new_fen: projects.array("new_fen"), old_fen: projects.array("old_fen") }),
  };
}

/** @param {any} aq */
function registerFunctions(aq) {
  aq.addFunction("xb_new_fen", newMethodPartsFen, { override: true });
  aq.addFunction("xb_old_fen", oldMethodFen, { override: true });
  aq.addFunction("xb_pick", (/** @type {number[]} */ list, /** @type {number} */ i) => list[i], {
    override: true,
  });
}

/**
 * @typedef {{ok: true, value: number} | {ok: false, message: string}} Checked
 */

/**
 * A typed tier ratio in percent, checked as policy.json's `land_ratio_tiers` accepts a ratio (docs/policy.md:
 * in (0, 1], so 0 < percent <= 100) with at most 4 decimals of percent (6 of the ratio).
 * @param {string | null | undefined} text
 * @returns {Checked} the ratio as a fraction (20 -> 0.2)
 * @example checkRatioPercent("20").ok && !checkRatioPercent("250").ok && !checkRatioPercent("").ok
 */
export function checkRatioPercent(text) {
  const t = String(text ?? "").trim();
  if (t === "") return { ok: false, message: "请输入比例 (大于 0、不超过 100 的百分数)" };
  if (!/^-?\d+(\.\d+)?$/.test(t))
    return { ok: false, message: `“${t}” 不是数字: 比例须为大于 0、不超过 100 的百分数` };
  const [, frac = ""] = t.split(".");
  const value = Number(t);
  if (value <= 0 || value > 100) return { ok: false, message: `比例 ${t}% 超出范围: 须大于 0 且不超过 100` };
  if (frac.length > 4) return { ok: false, message: `比例 ${t}% 的小数位过多: 最多 4 位小数` };
  return { ok: true, value: Math.round(value * 1e4) / 1e6 };
}

/** The largest per-person amount the panel takes (yuan): far above any policy, below the exactness limit. */
export const PER_PERSON_MAX_YUAN = 1_000_000;

/**
 * A typed per-person amount in yuan, checked as policy.json's `per_person_yuan` (>= 0, at most 2 decimals)
 * and below PER_PERSON_MAX_YUAN.
 * @param {string | null | undefined} text
 * @returns {Checked} yuan
 * @example checkPerPersonYuan("9000").ok && !checkPerPersonYuan("-5").ok
 */
export function checkPerPersonYuan(text) {
  const t = String(text ?? "")
    .trim()
    .replace(/,/g, "");
  if (t === "") return { ok: false, message: "请输入每人标准 (元, 不小于 0)" };
  if (!/^-?\d+(\.\d+)?$/.test(t))
    return { ok: false, message: `“${t}” 不是金额: 每人标准须为不小于 0 的元数` };
  const [, frac = ""] = t.split(".");
  const value = Number(t);
  if (value < 0) return { ok: false, message: `每人标准 ${t} 元超出范围: 不能小于 0` };
  if (value > PER_PERSON_MAX_YUAN)
    return {
      ok: false,
      message: `每人标准 ${t} 元超出范围: 不超过 ${PER_PERSON_MAX_YUAN.toLocaleString("zh-CN")} 元`,
    };
  if (frac.length > 2) return { ok: false, message: `每人标准 ${t} 元的小数位过多: 最多 2 位 (分)` };
  return { ok: true, value: Math.round(value * 100) / 100 };
}

/**
 * The settings as address query parameters (r1 … rN in percent, pp in yuan, keep=0), only those that differ
 * from the policy in force, so that the address of the policy in force is the page's own.
 * @param {Settings} settings
 * @param {Settings} base defaultSettings
 * @returns {Record<string, string>}
 * @example scenarioQuery({ratios: [0.12, 0.18], perPersonYuan: 9000, keepOverrides: true}, {ratios: [0.2, 0.18], perPersonYuan: 9000, keepOverrides: true}) // {r1: "12"}
 */
export function scenarioQuery(settings, base) {
  /** @type {Record<string, string>} */
  const out = {};
  settings.ratios.forEach((r, i) => {
    if (Math.round(r * 1e6) !== Math.round(base.ratios[i] * 1e6))
      out[`r${i + 1}`] = String(Math.round(r * 1e6) / 1e4);
  });
  if (Math.round(settings.perPersonYuan * 100) !== Math.round(base.perPersonYuan * 100))
    out.pp = String(settings.perPersonYuan);
  if (settings.keepOverrides === false) out.keep = "0";
  return out;
}

/**
 * The settings an address names (scenarioQuery's parameters), the policy in force for what it leaves out;
 * each parameter that fails its check is reported (and the policy in force used for it).
 * @param {{get: (key: string) => string | null}} query e.g. new URLSearchParams(location.search)
 * @param {Settings} base
 * @returns {{settings: Settings, texts: Record<string, string>, errors: Record<string, string>}}
 *   texts: what the address said for each parameter it sets, for the inputs to show
 */
export function settingsFromQuery(query, base) {
  /** @type {Record<string, string>} */
  const errors = {};
  /** @type {Record<string, string>} */
  const texts = {};
  const ratios = base.ratios.map((r, i) => {
    const text = query.get(`r${i + 1}`);
    if (text === null) return r;
    texts[`r${i + 1}`] = text;
    const c = checkRatioPercent(text);
    if (c.ok) return c.value;
    errors[`r${i + 1}`] = c.message;
    return r;
  });
  let perPersonYuan = base.perPersonYuan;
  const pp = query.get("pp");
  if (pp !== null) {
    texts.pp = pp;
    const c = checkPerPersonYuan(pp);
    if (c.ok) perPersonYuan = c.value;
    else errors.pp = c.message;
  }
  return { settings: { ratios, perPersonYuan, keepOverrides: query.get("keep") !== "0" }, texts, errors };
}
