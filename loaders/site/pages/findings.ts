/**
 * findings.json: 审计线索, every finding with its evidence, persons masked and linked by keyed hash.
 *
 * At the province scale there are ~100,000 findings, so the file is columnar with repeated strings in
 * dictionaries: rows point at a project (which carries its county), a village and a person by index, and
 * each detail text is stored as a template (shared by the rows of a rule) plus its numbers. The browser
 * expands it with src/components/findings.js; the round trip is exact (test/findings.test.ts).
 */
import { columns, type Json } from "../export.ts";
import type { SiteContext } from "../context.ts";
import { siteRows } from "../query.ts";
import { FINDING_CODES, RULES } from "@xianbao/common/rules.js";
import { impliedFindingKey, RECTIFICATION_STATUS, VERDICTS } from "@xianbao/common/evidence.js";

/** A finding's rectification status and verdict point into these lists by index. */
export const RECTIFICATION_CODES: readonly string[] = Object.keys(RECTIFICATION_STATUS);
export const VERDICT_CODES: readonly string[] = Object.keys(VERDICTS);

/** The rule codes in order; a finding row points at its rule by index. */
export const RULE_CODES: readonly string[] = FINDING_CODES;

/** The placeholder for a number in a detail template. */
export const SLOT = "\u0001";
const NUMBER = /\d[\d.\-]*/g;

/**
 * A detail text as a template and its numbers (dates, amounts, counts), space-separated. A text that
 * already holds the placeholder character is kept whole (template null).
 * @example encodeDetail("批复日 2019-10-15 到账 0.00 元") // {template: "批复日 \u0001 到账 \u0001 元", args: "2019-10-15 0.00"}
 */
export function encodeDetail(detail: string): { template: string | null; args: string } {
  if (detail.includes(SLOT)) return { template: null, args: detail };
  const args = detail.match(NUMBER) ?? [];
  return { template: detail.replace(NUMBER, SLOT), args: args.join(" ") };
}

/** Index of a value in a growing dictionary. */
function interner<K>(): { index: (key: K, add: () => void) => number; size: () => number } {
  const seen = new Map<K, number>();
  return {
    index(key, add) {
      let i = seen.get(key);
      if (i === undefined) {
        seen.set(key, (i = seen.size));
        add();
      }
      return i;
    },
    size: () => seen.size,
  };
}

/** Policy keys that set the thresholds of the rules (common/rules.js). */
const RULE_POLICY_KEYS = [...new Set(RULES.flatMap((r) => r.params))];

export async function writeFindings(ctx: SiteContext): Promise<void> {
  const counties: Record<string, Json[]> = { code: [], name: [], city_code: [], city: [], findings: [] };
  for (const code of RULE_CODES) counties[code] = [];
  const countyIndex = new Map<string, number>();
  // Each county with its counts by rule from the roll-up: the page's county-by-rule matrix.
  for (const c of ctx.counties) {
    countyIndex.set(c.code, counties.code.length);
    counties.code.push(c.code);
    counties.name.push(c.name);
    counties.city_code.push(c.city_code);
    counties.city.push(c.city_name);
    counties.findings.push(c.findings);
    for (const code of RULE_CODES) counties[code].push(c[code]);
  }

  const names = new Map(
    (await siteRows<{ project_id: string; project_name: string }>(ctx.db, "project_names")).map((p) => [
      p.project_id,
      p.project_name,
    ]),
  );
  const projects: Record<"id" | "name" | "county", Json[]> = { id: [], name: [], county: [] };
  const villages: Record<"code" | "name", Json[]> = { code: [], name: [] };
  const persons: Record<"mask" | "key", Json[]> = { mask: [], key: [] };
  const templates: string[] = [];
  const projectIds = interner<string>();
  const villageCodes = interner<string>();
  const personKeys = interner<string>();
  const templateIds = interner<string>();
  const sources: string[] = [];
  const sourceIds = interner<string>();
  const rows: Record<string, Json[]> = {
    key: [],
    open: [],
    rectification: [],
    reported_on: [],
    note: [],
    verdict: [],
    source: [],
    source_row: [],
    rule: [],
    project: [],
    village: [],
    person: [],
    record: [],
    amount_fen: [],
    date: [],
    detail: [],
    args: [],
  };

  const indexOr = (list: readonly string[], v: Json) =>
    v === null || v === undefined ? null : list.indexOf(v as string);
  for (const f of ctx.findings) {
    const implied = impliedFindingKey(
      f.code,
      f.project_id,
      (f.village_code as string | null) ?? null,
      (f.record_id as string | null) ?? null,
    );
    rows.key.push(f.finding_key === implied ? null : f.finding_key);
    rows.open.push(f.open ? 1 : 0);
    rows.rectification.push(indexOr(RECTIFICATION_CODES, f.rectification));
    rows.reported_on.push(f.reported_on ?? null);
    rows.note.push(f.note ?? null);
    rows.verdict.push(indexOr(VERDICT_CODES, f.verdict));
    const source = f.source_file as string | null;
    rows.source.push(source === null ? null : sourceIds.index(source, () => sources.push(source)));
    rows.source_row.push(f.source_row ?? null);
    rows.rule.push(RULE_CODES.indexOf(f.code));
    rows.project.push(
      projectIds.index(f.project_id, () => {
        projects.id.push(f.project_id);
        projects.name.push(names.get(f.project_id) ?? null);
        projects.county.push(countyIndex.get(f.county_code)!);
      }),
    );
    const village = f.village_code as string | null;
    rows.village.push(
      village === null
        ? null
        : villageCodes.index(village, () => {
            villages.code.push(village);
            villages.name.push(f.village_name ?? null);
          }),
    );
    const key = f.person_key as string | null;
    rows.person.push(
      key === null
        ? null
        : personKeys.index(key, () => {
            persons.mask.push(f.person);
            persons.key.push(key);
          }),
    );
    rows.record.push(f.record_id ?? null);
    rows.amount_fen.push(f.amount_fen ?? null);
    rows.date.push(f.event_on ?? null);
    const { template, args } = encodeDetail((f.detail as string) ?? "");
    rows.detail.push(template === null ? null : templateIds.index(template, () => templates.push(template)));
    rows.args.push(args);
  }

  const policyOf = (p: Record<string, Json>) =>
    Object.fromEntries(RULE_POLICY_KEYS.filter((k) => k in p).map((k) => [k, p[k]])) as Record<string, Json>;
  const global = policyOf(ctx.policy);
  const overrides = ctx.scopes
    .filter((s) => s.scope !== "*")
    .map((s) => {
      const own = policyOf(s.policy);
      const changed = Object.fromEntries(
        Object.entries(own).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(global[k])),
      );
      return { scope: s.scope, changed };
    })
    .filter((o) => Object.keys(o.changed).length > 0);

  await ctx.write("findings.json", {
    as_of: ctx.asOf,
    codes: [...RULE_CODES],
    policy: ctx.policy,
    rule_stats: columns(await siteRows(ctx.db, "rule_stats")),
    overrides,
    counties,
    projects,
    villages,
    persons,
    templates,
    rectifications: [...RECTIFICATION_CODES],
    verdicts: [...VERDICT_CODES],
    sources,
    rows,
  });
}
