/**
 * The 审计线索 page's data (docs/outputs.md#findings-page): findings.json, a summary the page opens with
 * (each county with its counts by rule from the roll-up, the findings counted by county × rule × open or
 * resolved × rectification state, the rule cards' figures), and the findings themselves in gzip shards of
 * one county and one rule each (`_finding/<n>.json.gz`), fetched when the filters choose them; beside
 * them one shard of every 整改不实 claim and, when there are at most FINDINGS_AT_ONCE findings, one of
 * them all, which the page then loads at once.
 *
 * Every file is made by DuckDB from site_finding_rows (site/finding_rows.sql) in batches of at most
 * BATCH_ROWS findings: Node holds one batch's JSON text, never an object per finding (2 million findings
 * took 5.5 GB that way, docs/benchmarks/findings-output.md).
 */
import { createHash } from "node:crypto";
import { shardFile } from "@xianbao/common/shard.js";
import { FINDING_CODES, RULES } from "@xianbao/common/rules.js";
import { FINDINGS_AT_ONCE } from "@xianbao/common/findings.js";
import { columns, type Json } from "../export.ts";
import type { SiteContext } from "../context.ts";
import { siteRows } from "../query.ts";
import { gzipShard, SHARD_FOLDERS } from "../shards.ts";

/** The rule codes in order; a finding points at its rule by index. */
export const RULE_CODES: readonly string[] = FINDING_CODES;

/** Findings read from the warehouse at once: bounds the text Node holds whatever their number. */
export const BATCH_ROWS = 200_000;

/** Policy keys that set the thresholds of the rules (common/rules.js). */
const RULE_POLICY_KEYS = [...new Set(RULES.flatMap((r) => r.params))];

/** The summary's county × rule × open × state counts. */
interface Cell {
  county: number;
  rule: number;
  open: boolean;
  state: string;
  n: number;
  amount_fen: number;
}

/**
 * Shard numbers grouped into runs of consecutive numbers holding at most `limit` findings each (a shard
 * larger than the limit is a run of its own).
 * @example batches(new Map([[0, 5], [1, 5], [7, 5]]), 10) // [[0, 1], [7, 7]]
 */
export function batches(sizes: ReadonlyMap<number, number>, limit: number): [number, number][] {
  const out: [number, number][] = [];
  let run: [number, number] | null = null;
  let held = 0;
  for (const shard of [...sizes.keys()].sort((a, b) => a - b)) {
    const n = sizes.get(shard)!;
    if (run && held + n <= limit) {
      run[1] = shard;
      held += n;
    } else {
      if (run) out.push(run);
      run = [shard, shard];
      held = n;
    }
  }
  if (run) out.push(run);
  return out;
}

export async function writeFindings(ctx: SiteContext): Promise<{ bytes: number; files: number }> {
  const counties: Record<string, Json[]> = { code: [], name: [], city_code: [], city: [], findings: [] };
  for (const code of RULE_CODES) counties[code] = [];
  // Each county with its counts by rule from the roll-up: the page's county-by-rule matrix; findings
  // point at a county by its index here (site/finding_rows.sql is given the same list).
  for (const c of ctx.counties) {
    counties.code.push(c.code);
    counties.name.push(c.name);
    counties.city_code.push(c.city_code);
    counties.city.push(c.city_name);
    counties.findings.push(c.findings);
    for (const code of RULE_CODES) counties[code].push(c[code]);
  }
  const cells = await siteRows<Cell>(ctx.db, "finding_cells");
  const sizes = new Map<number, number>();
  for (const c of cells) {
    const shard = c.county * RULE_CODES.length + c.rule;
    sizes.set(shard, (sizes.get(shard) ?? 0) + c.n);
  }
  const shards = ctx.counties.length * RULE_CODES.length;

  const hash = createHash("sha256");
  let bytes = 0;
  let files = 0;
  const write = async (texts: { name: string; json: string }[]) => {
    const zipped = await Promise.all(texts.map((t) => gzipShard(t.json)));
    for (const [i, t] of texts.entries()) {
      hash.update(t.name).update(zipped[i]);
      bytes += zipped[i].length;
      files++;
      await ctx.writeBytes(`finding/${t.name}`, zipped[i]);
    }
  };
  for (const [from, to] of batches(sizes, BATCH_ROWS)) {
    const rows = await siteRows<{ shard: number; json: string }>(ctx.db, "finding_shard_json", {
      mode: "cell",
      from,
      to,
    });
    await write(rows.map((r) => ({ name: shardFile(r.shard, shards), json: r.json })));
  }
  const empty = JSON.stringify({ projects: { id: [] }, villages: { code: [] }, rows: { n: [] } });
  const whole = async (mode: "not_confirmed" | "all") => {
    const [row] = await siteRows<{ json: string }>(ctx.db, "finding_shard_json", { mode, from: 0, to: 0 });
    await write([{ name: `${mode}.json.gz`, json: row?.json ?? empty }]);
  };
  await whole("not_confirmed");
  const all = ctx.findingCount <= FINDINGS_AT_ONCE;
  if (all) await whole("all");

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
    total: ctx.findingCount,
    projects: ctx.province.finding_projects ?? 0,
    counties,
    cells: columns(cells, ["county", "rule", "open", "state", "n", "amount_fen"]),
    // Where the page finds the shards; the version is part of each address, so a browser never mixes
    // shards of two builds.
    shards: {
      folder: SHARD_FOLDERS.finding,
      shards,
      all,
      version: hash.digest("hex").slice(0, 12),
    },
  });
  return { bytes, files };
}
