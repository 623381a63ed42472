// The 审计线索 page's data (docs/outputs.md#findings-page): the summary findings.json (counts by county ×
// rule × open × rectification state) and the shards of findings (one county × one rule each) that
// loaders/site/pages/findings.ts writes; which shards a filter needs, fetching and decoding them, and
// filtering the rows by what the user chose. test/findings.test.ts checks the round trip.
import { ruleOf } from "@xianbao/common/rules.js";
import { FINDINGS_AT_ONCE } from "@xianbao/common/findings.js";
import { shardFile } from "@xianbao/common/shard.js";
import { PROOF_COLUMNS } from "@xianbao/common/evidence.js";

/**
 * Proof columns that are numbers on the page (to sort and rank by); the others (money, dates) stay the
 * exact text the warehouse wrote, as `xianbao export` has them.
 */
const NUMERIC_PROOF = new Set(["count", "ratio", "decimal"]);

/**
 * @typedef {{i: number, shard: number, code: string, title: string, county_code: string, county: string,
 *   city_code: string, city: string, project_id: string, project_name: string | null,
 *   project_approved_on: string | null, headcount_ratio: number | null, actual_people: number | null,
 *   virtual_people: number | null, village_code: string | null, village_name: string | null,
 *   person: string | null, person_key: string | null, person_findings: number,
 *   person_shards: number[] | null, record_id: string | null, amount_fen: number | null,
 *   amount_meaning: string, event_on: string | null, detail: string, search: string, finding_key: string,
 *   open: boolean, rectification: string | null, reported_on: string | null, note: string | null,
 *   verdict: string | null, source_file: string | null, source_row: number | null} & Record<string, any>} Finding
 *   with every proof column of common/evidence.js PROOF_COLUMNS (null where the rule does not fill it)
 * @typedef {{code: string, name: string, city_code: string, city: string, findings: number} & Record<string, any>} FindingCounty
 *   a county with its counts by rule (F01 ... F12) from the roll-up
 * @typedef {{county: number, rule: number, open: boolean, state: string, n: number, amount_fen: number}} FindingCell
 *   findings counted by county (index), rule (index), open or resolved and rectification state
 *   (not_confirmed, confirmed, in_progress, explained, none)
 * @typedef {{codes: string[], total: number, counties: FindingCounty[], cities: {code: string, name: string}[],
 *   cells: FindingCell[], shards: {folder: string, shards: number, all: boolean, version: string}}} FindingSummary
 */

/**
 * Columns to row objects.
 * @param {Record<string, any[]>} c
 * @returns {Record<string, any>[]}
 */
function rowsOfColumns(c) {
  const keys = Object.keys(c);
  const n = keys.length ? c[keys[0]].length : 0;
  return Array.from({ length: n }, (_, i) => Object.fromEntries(keys.map((k) => [k, c[k][i]])));
}

/**
 * The summary findings.json as counties (with their counts by rule), cities and counted cells.
 * @param {any} data findings.json
 * @returns {FindingSummary}
 */
export function decodeSummary(data) {
  const counties = /** @type {FindingCounty[]} */ (rowsOfColumns(data.counties));
  const cityMap = new Map();
  for (const k of counties)
    if (!cityMap.has(k.city_code))
      cityMap.set(k.city_code, { code: k.city_code, name: k.city || k.city_code });
  const cities = [...cityMap.values()].sort((a, b) => a.code.localeCompare(b.code));
  return {
    codes: data.codes,
    total: data.total,
    counties,
    cities,
    cells: /** @type {FindingCell[]} */ (rowsOfColumns(data.cells)),
    shards: data.shards,
  };
}

/**
 * The findings of one shard as row objects.
 * @param {any} data the shard's JSON
 * @param {FindingSummary} summary
 * @returns {Finding[]}
 */
export function decodeShard(data, summary) {
  const r = data.rows;
  const p = data.projects;
  const n = r.n.length;
  // A column no row of the shard fills comes as null (loaders/sql/site/finding_shard_json.sql).
  const none = new Array(n).fill(null);
  /** @param {string} name */
  const col = (name) => r[name] ?? none;
  const [village, person, personKey, personFindings, personShards, record, amount, date, detail] = [
    "village", "person", "person_key", "person_findings", "person_shards", "record", "amount_fen", "date", "detail",
  ].map(col);
  const [rectification, reportedOn, note, verdict, source, sourceRow] = [
    "rectification", "reported_on", "note", "verdict", "source", "source_row",
  ].map(col);
  const sources = data.sources ?? [];
  /** @type {Finding[]} */
  const rows = new Array(n);
  for (let i = 0; i < n; i++) {
    const code = summary.codes[r.rule[i]];
    const rule = ruleOf(code);
    const county = summary.counties[r.county[i]];
    const j = r.project[i];
    const v = village[i];
    /** @type {Finding} */
    const row = {
      i: r.n[i],
      shard: r.county[i] * summary.codes.length + r.rule[i],
      code,
      title: rule?.title ?? code,
      county_code: county.code,
      county: county.name,
      city_code: county.city_code,
      city: county.city,
      project_id: p.id[j],
      project_name: p.name[j],
      project_approved_on: p.approved_on[j],
      headcount_ratio: null,
      actual_people: null,
      virtual_people: null,
      village_code: v === null ? null : data.villages.code[v],
      village_name: v === null ? null : data.villages.name[v],
      person: person[i],
      person_key: personKey[i],
      person_findings: personFindings[i] ?? 0,
      person_shards: personShards[i],
      record_id: record[i],
      amount_fen: amount[i],
      amount_meaning: amount[i] === null ? "" : (rule?.amount ?? ""),
      event_on: date[i],
      detail: detail[i] ?? "",
      search: "",
      finding_key: r.key[i],
      open: r.open[i] === 1,
      rectification: rectification[i],
      reported_on: reportedOn[i],
      note: note[i],
      verdict: verdict[i],
      source_file: source[i] === null ? null : sources[source[i]],
      source_row: sourceRow[i],
    };
    for (const c of PROOF_COLUMNS) {
      const value = data.proof?.[c.key]?.[i] ?? null;
      row[c.key] = value !== null && NUMERIC_PROOF.has(c.type) ? Number(value) : value;
    }
    row.search = [row.project_id, row.project_name, row.village_code, row.village_name, row.record_id]
      .filter(Boolean)
      .join(" ")
      .toLowerCase();
    rows[i] = row;
  }
  return rows;
}

/**
 * @typedef {{rule: string, city: string, county: string, text: string, person: string | null,
 *   status?: "" | "open" | "resolved", rectification?: string, approved_from?: string, approved_to?: string}} FindingFilter
 *   rectification: "" any, "not_confirmed" 整改不实, "confirmed" 已整改且已核实, "in_progress", "explained",
 *   "none" no report counted; approved_from / approved_to: the project's approval date, ISO, inclusive
 */

/**
 * Whether a rectification state (coalesce(verdict, rectification, "none")) is the one a filter asks for.
 * @param {string} state @param {string} want
 */
const stateIs = (state, want) => state === want;

/**
 * Whether a finding has the rectification state a filter asks for.
 * @param {Finding} r @param {string} want
 */
function rectificationIs(r, want) {
  return stateIs(r.verdict ?? r.rectification ?? "none", want);
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
  const from = f.approved_from || "";
  const to = f.approved_to || "";
  const any = f.rule || f.city || f.county || f.person || f.status || f.rectification || from || to;
  if (!any && terms.length === 0) return rows;
  return rows.filter(
    (r) =>
      (!f.rule || r.code === f.rule) &&
      (!f.status || r.open === (f.status === "open")) &&
      (!f.rectification || rectificationIs(r, f.rectification)) &&
      (!f.county || r.county_code === f.county) &&
      (!f.city || r.city_code === f.city) &&
      (!f.person || r.person_key === f.person) &&
      (!from || (r.project_approved_on !== null && r.project_approved_on >= from)) &&
      (!to || (r.project_approved_on !== null && r.project_approved_on <= to)) &&
      terms.every((t) => r.search.includes(t)),
  );
}

/**
 * The summary's cells that pass the filters it knows (rule, city, county, open or resolved, rectification).
 * @param {FindingSummary} s @param {FindingFilter} f
 * @returns {FindingCell[]}
 */
export function cellsOf(s, f) {
  const rule = f.rule ? s.codes.indexOf(f.rule) : -1;
  return s.cells.filter((c) => {
    const county = s.counties[c.county];
    return (
      (rule < 0 || c.rule === rule) &&
      (!f.county || county.code === f.county) &&
      (!f.city || county.city_code === f.city) &&
      (!f.status || c.open === (f.status === "open")) &&
      (!f.rectification || stateIs(c.state, f.rectification))
    );
  });
}

/** Whether a filter asks for something the summary cannot count (text, a person, approval dates). @param {FindingFilter} f */
export const needsRows = (f) =>
  Boolean((f.text ?? "").trim() || f.person || f.approved_from || f.approved_to);

/**
 * What a filter needs loaded: the shard files (by name) and whether they hold every row it may match
 * (complete), or, when the rows it may match are more than FINDINGS_AT_ONCE, the 整改不实 claims only.
 * @param {FindingSummary} s
 * @param {FindingFilter} f
 * @param {(key: string) => number[] | undefined} personShards the shards a person's findings lie in
 * @returns {{files: string[], complete: boolean, rows: number}} rows: how many the files hold
 */
export function planFindings(s, f, personShards) {
  if (s.shards.all) return { files: ["all.json.gz"], complete: true, rows: s.total };
  /** @type {Map<number, number>} */
  const sizes = new Map();
  for (const c of s.cells) {
    const shard = c.county * s.codes.length + c.rule;
    sizes.set(shard, (sizes.get(shard) ?? 0) + c.n);
  }
  const name = (/** @type {number} */ n) => shardFile(n, s.shards.shards);
  const notConfirmed = s.cells.filter((c) => c.state === "not_confirmed").reduce((a, c) => a + c.n, 0);
  /** @param {number[]} shards */
  const of = (shards) => ({
    files: shards.map(name),
    complete: true,
    rows: shards.reduce((a, n) => a + (sizes.get(n) ?? 0), 0),
  });
  const known = f.person ? personShards(f.person) : undefined;
  if (known) return of(known);
  if (f.rectification === "not_confirmed")
    return { files: ["not_confirmed.json.gz"], complete: true, rows: notConfirmed };
  const shards = [...new Set(cellsOf(s, f).map((c) => c.county * s.codes.length + c.rule))].sort(
    (a, b) => a - b,
  );
  const plan = of(shards);
  if (plan.rows <= FINDINGS_AT_ONCE) return plan;
  return { files: ["not_confirmed.json.gz"], complete: false, rows: notConfirmed };
}

/**
 * Loads the rows a filter needs, fetching each shard once and keeping it.
 * @param {FindingSummary} s
 * @param {(file: string) => Promise<any>} fetchJson a shard's parsed JSON by file name
 */
export function findingsLoader(s, fetchJson) {
  /** @type {Map<string, Promise<Finding[]>>} */
  const files = new Map();
  /** @type {Map<string, number[]>} */
  const persons = new Map();
  /** @type {Map<string, {mask: string, count: number}>} */
  const masks = new Map();
  /** @type {{key: string, rows: Finding[]} | null} */
  let last = null;
  const file = (/** @type {string} */ name) => {
    let rows = files.get(name);
    if (!rows) {
      rows = fetchJson(name).then((data) => {
        const list = decodeShard(data, s);
        for (const r of list)
          if (r.person_key) {
            if (!persons.has(r.person_key)) persons.set(r.person_key, r.person_shards ?? [r.shard]);
            masks.set(r.person_key, { mask: /** @type {string} */ (r.person), count: r.person_findings });
          }
        return list;
      });
      files.set(name, rows);
      rows.catch(() => files.delete(name));
    }
    return rows;
  };
  return {
    /** The person's mask and count of findings, once a row of theirs was loaded. @param {string} key */
    person: (key) => masks.get(key),
    /**
     * The rows the filter needs (in the outputs' order: 整改不实 first), and whether they are all it may match.
     * @param {FindingFilter} f
     * @returns {Promise<{rows: Finding[], complete: boolean, plan: ReturnType<typeof planFindings>}>}
     */
    async rows(f) {
      const plan = planFindings(s, f, (key) => persons.get(key));
      const key = plan.files.join(" ");
      if (last?.key === key) return { rows: last.rows, complete: plan.complete, plan };
      const lists = await Promise.all(plan.files.map(file));
      const rows = lists.length === 1 ? lists[0] : lists.flat().sort((a, b) => a.i - b.i);
      last = { key, rows };
      return { rows, complete: plan.complete, plan };
    },
  };
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

/**
 * What the summary counts for the filters it knows: findings, counties and the sum of their amounts.
 * @param {FindingSummary} s @param {FindingFilter} f
 */
export function cellsSummary(s, f) {
  const cells = cellsOf(s, f);
  return {
    findings: cells.reduce((a, c) => a + c.n, 0),
    counties: new Set(cells.map((c) => c.county)).size,
    amount_fen: cells.reduce((a, c) => a + c.amount_fen, 0),
  };
}
