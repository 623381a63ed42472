/**
 * methods.json: 新旧办法对比 and the policy scenario panel. Every project with what the browser needs to
 * recompute both methods exactly (the virtual headcount in 10^-12 persons, as the metrics keep it), the
 * province's policy and the cities or counties that set their own per-person amount or ratios.
 */
import { columns, type Json } from "../export.ts";
import type { SiteContext } from "../context.ts";

interface PolicyBlock {
  per_person_yuan?: unknown;
  land_ratio_tiers?: unknown;
}

/** Yuan as text or number (at most 2 decimals) to whole fen. */
export function toFen(yuan: Json | undefined): number {
  const [whole, frac = ""] = String(yuan ?? "0").split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0").slice(0, 2));
}

export async function writeMethods(ctx: SiteContext): Promise<void> {
  const file = JSON.parse(
    (await ctx.db.value<string>(`SELECT value FROM meta WHERE key = 'policy_file'`)) ?? "{}",
  ) as {
    overrides?: Record<string, PolicyBlock>;
  };
  const blocks = file.overrides ?? {};
  // A county inherits its city's override (docs/decisions.md P1), so it is "own" if either sets the key.
  const sets = (scope: string, key: keyof PolicyBlock) =>
    scope !== "*" &&
    (blocks[scope]?.[key] !== undefined ||
      (scope.length === 6 && blocks[scope.slice(0, 4)]?.[key] !== undefined));
  const overrides = ctx.policies
    .filter((p) => sets(p.scope as string, "per_person_yuan") || sets(p.scope as string, "land_ratio_tiers"))
    .map((p) => ({
      scope: p.scope as string,
      per_person_fen: sets(p.scope as string, "per_person_yuan") ? toFen(p.per_person_yuan) : null,
      tiers: sets(p.scope as string, "land_ratio_tiers") ? p.land_ratio_tiers : null,
    }));
  const own = new Set(overrides.map((o) => o.scope));
  const scopes = new Set(ctx.policies.map((p) => p.scope as string));
  const scopeOf = (county: string) => {
    const resolved = scopes.has(county) ? county : scopes.has(county.slice(0, 4)) ? county.slice(0, 4) : "*";
    return own.has(resolved) ? resolved : "*";
  };

  const pico = new Map(
    (
      await ctx.db.rows<{ project_id: string; virtual_pico: string }>(
        `SELECT project_id, CAST(virtual_pico AS VARCHAR) AS virtual_pico FROM m_projects`,
      )
    ).map((r) => [r.project_id, r.virtual_pico]),
  );
  const rows: Record<string, Json>[] = ctx.projects.map((p) => ({
    ...p,
    virtual_pico: pico.get(p.project_id) ?? "0",
    scope: scopeOf(p.county_code),
  }));
  const below = rows.filter((p) => (p.new_method_fen as number) < (p.old_method_fen as number));

  await ctx.write("methods.json", {
    as_of: ctx.asOf,
    defaults: {
      per_person_fen: toFen(ctx.policy.per_person_yuan),
      tiers: ctx.policy.land_ratio_tiers ?? [],
      annuity_divisor: ctx.policy.annuity_divisor ?? 139,
      base_pension_fen: toFen(ctx.policy.base_pension_yuan),
    },
    overrides: overrides as unknown as Json,
    province: {
      projects: ctx.province.projects,
      old_method_fen: ctx.province.old_method_fen,
      new_method_fen: ctx.province.new_method_fen,
      actual_people: ctx.province.actual_people,
      distributed_fen: ctx.province.distributed_fen,
      F12: ctx.province.F12,
    },
    counties: columns(ctx.counties, [
      "code",
      "name",
      "city_name",
      "projects",
      "old_method_fen",
      "new_method_fen",
      "F12",
    ]),
    projects: columns(rows, [
      "project_id",
      "county_code",
      "area_mu",
      "zone_price",
      "virtual_pico",
      "actual_people",
      "old_method_fen",
      "new_method_fen",
      "scope",
    ]),
    // Names (with their approval numbers) only where a reviewer needs them: the projects below the old level.
    below_names: Object.fromEntries(below.map((p) => [p.project_id as string, p.project_name])),
  });
}
