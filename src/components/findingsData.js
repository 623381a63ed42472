// The 审计线索 page's data: decoding the compact findings.json (loaders/site/pages/findings.ts writes it;
// test/findings.test.ts checks the round trip) and filtering the rows by what the user chose.
import { ruleOf } from "@xianbao/common/rules.js";
import { impliedFindingKey } from "@xianbao/common/evidence.js";

const SLOT = "\u0001";

/**
 * A detail text from its template and its space-separated numbers; a null template means the args are
 * the whole text.
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
 *   detail: string, search: string, finding_key: string, open: boolean, rectification: string | null,
 *   reported_on: string | null, note: string | null, verdict: string | null, source_file: string | null,
 *   source_row: number | null}} Finding
 * @typedef {{code: string, name: string, city_code: string, city: string, findings: number} & Record<string, any>} FindingCounty
 *   a county with its counts by rule (F01 ... F12) from the roll-up
 */

/**
 * The findings as row objects, with the counties (and their counts by rule) and cities they are filtered by.
 * @param {any} data findings.json
 * @returns {{rows: Finding[], counties: FindingCounty[], cities: {code: string, name: string}[]}}
 */
export function decodeFindings(data) {
  const c = data.counties;
  /** @type {FindingCounty[]} */
  const counties = c.code.map((/** @type {string} */ _, /** @type {number} */ i) =>
    Object.fromEntries(Object.keys(c).map((k) => [k, c[k][i]])),
  );
  const r = data.rows;
  const n = r.rule.length;
  const personCounts = new Array(data.persons.key.length).fill(0);
  for (let i = 0; i < n; i++) if (r.person[i] !== null) personCounts[r.person[i]]++;
  /** @type {Finding[]} */
  const rows = new Array(n);
  for (let i = 0; i < n; i++) {
    const code = data.codes[r.rule[i]];
    const rule = ruleOf(code);
    const p = r.project[i];
    const county = counties[data.projects.county[p]];
    const v = r.village[i];
    const person = r.person[i];
    const t = r.detail[i];
    const row = {
      i,
      code,
      title: rule?.title ?? code,
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
      amount_meaning: r.amount_fen[i] === null ? "" : (rule?.amount ?? ""),
      event_on: r.date[i],
      detail: expandDetail(t === null ? null : data.templates[t], r.args[i]),
      search: "",
      finding_key:
        r.key?.[i] ??
        impliedFindingKey(code, data.projects.id[p], v === null ? null : data.villages.code[v], r.record[i]),
      open: r.open ? r.open[i] === 1 : true,
      rectification: r.rectification?.[i] == null ? null : data.rectifications[r.rectification[i]],
      reported_on: r.reported_on?.[i] ?? null,
      note: r.note?.[i] ?? null,
      verdict: r.verdict?.[i] == null ? null : data.verdicts[r.verdict[i]],
      source_file: r.source?.[i] == null ? null : data.sources[r.source[i]],
      source_row: r.source_row?.[i] ?? null,
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
 * @typedef {{rule: string, city: string, county: string, text: string, person: string | null,
 *   status?: "" | "open" | "resolved", rectification?: string}} FindingFilter
 *   rectification: "" any, "not_confirmed" 整改不实, "confirmed" 已整改且已核实, "in_progress", "explained",
 *   "none" no report counted
 */

/**
 * Whether a finding has the rectification state a filter asks for.
 * @param {Finding} r @param {string} want
 */
function rectificationIs(r, want) {
  if (want === "not_confirmed" || want === "confirmed") return r.verdict === want;
  if (want === "none") return r.rectification === null;
  return r.rectification === want;
}

/**
 * The rows that pass a filter; text matches every space-separated term against the project id and name,
 * village and record number.
 * @param {Finding[]} rows
 * @param {FindingFilter} f
 * @returns {Finding[]}
 */
export function filterFindings(rows, f) {
  const terms = (f.text ?? "").trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!f.rule && !f.city && !f.county && !f.person && !f.status && !f.rectification && terms.length === 0)
    return rows;
  return rows.filter(
    (r) =>
      (!f.rule || r.code === f.rule) &&
      (!f.status || r.open === (f.status === "open")) &&
      (!f.rectification || rectificationIs(r, f.rectification)) &&
      (!f.county || r.county_code === f.county) &&
      (!f.city || r.city_code === f.city) &&
      (!f.person || r.person_key === f.person) &&
      terms.every((t) => r.search.includes(t)),
  );
}

/**
 * What the rows shown add up to: findings, projects, counties, and the sum of their amounts.
 * @param {Finding[]} rows
 */
export function findingsSummary(rows) {
  return {
    findings: rows.length,
    projects: new Set(rows.map((r) => r.project_id)).size,
    counties: new Set(rows.map((r) => r.county_code)).size,
    amount_fen: rows.reduce((a, r) => a + (r.amount_fen ?? 0), 0),
  };
}
