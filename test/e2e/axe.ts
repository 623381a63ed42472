/** The accessibility check of the end-to-end tests: axe-core run in the page (offline, from node_modules). */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** The violations axe-core rates critical or serious on the page, as "rule: target" lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    // @ts-expect-error axe is the global axe-core defines
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v: { id: string; impact: string; nodes: { target: string[] }[] }) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  return result
    .filter((v: { impact: string }) => v.impact === "critical" || v.impact === "serious")
    .map((v: { id: string; targets: string[] }) => `${v.id}: ${v.targets.join(", ")}`);
}
