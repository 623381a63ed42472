/** findings.json: 审计线索, every finding with its evidence (persons masked). */
import { columns } from "../export.ts";
import type { SiteContext } from "../context.ts";
import { FINDING_KEYS } from "./counties.ts";

export async function writeFindings(ctx: SiteContext): Promise<void> {
  const withFindings = new Set(ctx.findings.map((f) => f.project_id));
  await ctx.write("findings.json", {
    as_of: ctx.asOf,
    findings: columns(ctx.findings, ["code", "county_code", ...FINDING_KEYS.slice(1)]),
    project_names: Object.fromEntries(
      ctx.projects.filter((p) => withFindings.has(p.project_id)).map((p) => [p.project_id, p.project_name]),
    ),
    county_names: ctx.countyNames,
  });
}
