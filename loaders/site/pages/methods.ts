/**
 * methods.json: 新旧办法对比 and the policy scenario panel. Every project with what the browser needs to
 * recompute both methods exactly (common/scenario.js), the province's policy and the cities or counties
 * that set their own per-person amount or ratios.
 */
import { columns, omit, type Json } from "../export.ts";
import type { SiteContext } from "../context.ts";
import { siteRows } from "../query.ts";

interface PolicyBlock {
  per_person_yuan?: unknown;
  land_ratio_tiers?: unknown;
}

/** The county and city figures of the page's tables. */
const PLACE_KEYS = [
  "code",
  "name",
  "city_code",
  "city_name",
  "projects",
  "old_method_fen",
  "new_method_fen",
  "method_gap_fen",
  "new_old_share",
  "F12",
];

export async function writeMethods(ctx: SiteContext): Promise<void> {
  const [meta] = await siteRows<{ value: string }>(ctx.db, "meta", { key: "policy_file" });
  const blocks =
    (JSON.parse(meta?.value ?? "{}") as { overrides?: Record<string, PolicyBlock> }).overrides ?? {};
  // A county inherits its city's override (docs/decisions.md P1), so it is "own" if either sets the key.
  const sets = (scope: string, key: keyof PolicyBlock) =>
    scope !== "*" &&
    (blocks[scope]?.[key] !== undefined ||
      (scope.length === 6 && blocks[scope.slice(0, 4)]?.[key] !== undefined));
  const overrides = ctx.scopes
    .filter((s) => sets(s.scope, "per_person_yuan") || sets(s.scope, "land_ratio_tiers"))
    .map((s) => ({
      scope: s.scope,
      per_person_fen: sets(s.scope, "per_person_yuan") ? s.per_person_fen : null,
      tiers: sets(s.scope, "land_ratio_tiers") ? s.policy.land_ratio_tiers : null,
    }));
  const own = new Set(overrides.map((o) => o.scope));
  const projects = await siteRows<{ project_id: string; scope: string; below_name: string | null }>(
    ctx.db,
    "methods_projects",
  );
  const global = ctx.scopes.find((s) => s.scope === "*")!;
  await ctx.write("methods.json", {
    as_of: ctx.asOf,
    defaults: {
      per_person_fen: global.per_person_fen,
      tiers: ctx.policy.land_ratio_tiers,
      annuity_divisor: ctx.policy.annuity_divisor,
      base_pension_fen: global.base_pension_fen,
    },
    overrides: overrides as unknown as Json,
    province: ctx.province,
    counties: columns(ctx.counties, PLACE_KEYS),
    cities: ctx.cities.map((c) => Object.fromEntries(PLACE_KEYS.map((k) => [k, c[k]]))),
    projects: columns(
      projects.map((p) => ({ ...omit(p, ["below_name"]), scope: own.has(p.scope) ? p.scope : "*" })),
    ),
    // Names (with their approval numbers) only where a reviewer needs them: the projects below the old level.
    below_names: Object.fromEntries(
      projects.filter((p) => p.below_name !== null).map((p) => [p.project_id, p.below_name]),
    ),
  });
}
