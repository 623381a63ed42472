// 新旧办法对比 in headless Chromium: loads cleanly offline, its totals and F12 count equal the metrics
// outputs, the scenario panel recomputes to exactly what src/components/scenario.js gives when a ratio or the
// per-person amount moves, and a recompute runs on the page data and on 40,000 synthetic projects.
import { describe, expect, test } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as aq from "arquero";
import type { Page } from "playwright-core";
import { fen, useSite } from "./site.ts";
import { count, yuan, yuanExact } from "../../src/components/format.js";
import { defaultSettings, prepareScenario, runScenario } from "@xianbao/common/scenario.js";

/** The page's data file as built (its name carries a content hash). */
function builtMethods(siteDir: string) {
  const dir = join(siteDir, "_file", "data");
  const name = readdirSync(dir).find((f) => /^methods\.[0-9a-f]+\.json$/.test(f))!;
  return JSON.parse(readFileSync(join(dir, name), "utf8"));
}

/** Sets a number box of the scenario panel (by its label) as a user typing would, then waits for the recompute. */
async function setInput(page: Page, label: string, value: string) {
  const before = await page.evaluate(() => performance.getEntriesByName("xianbao-scenario").length);
  const input = page.locator("#scenario-inputs .field", { hasText: label }).locator("input[type=number]");
  await input.fill(value);
  await input.dispatchEvent("input");
  await page.waitForFunction((n) => performance.getEntriesByName("xianbao-scenario").length > n, before);
  await page.waitForTimeout(150);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe("新旧办法对比 /methods", () => {
  const site = useSite();

  test("loads with no console error and no request outside the site", async () => {
    const v = await site.open("/methods.html");
    expect(v.errors).toEqual([]);
    expect(v.outside).toEqual([]);
    expect(v.failed).toEqual([]);
  });

  test("the F12 count equals the F12 total of counties.csv; the totals equal projects.csv", async () => {
    const v = await site.open("/methods.html");
    const f12 = site.metrics("counties.csv").reduce((a, c) => a + Number(c.F12), 0);
    expect(await v.page.locator("#f12-total").innerText()).toBe(count(f12));
    const projects = site.metrics("projects.csv");
    const oldFen = projects.reduce((a, p) => a + fen(p.old_method_yuan), 0);
    const newFen = projects.reduce((a, p) => a + fen(p.new_method_yuan), 0);
    const kpis = await v.page.locator(".kpis").first().innerText();
    expect(kpis).toContain(`以人筹资 (旧办法) 合计\n${yuan(oldFen)}`);
    expect(kpis).toContain(`以地筹资 (新办法) 合计\n${yuan(newFen)}`);
    // the panel starts at the policy in force: the same figures, to the fen
    expect(await v.page.locator("#scenario-below").innerText()).toBe(count(f12));
    expect(await v.page.locator("#scenario-new-exact").innerText()).toBe(`${yuanExact(newFen)} 元`);
    expect(await v.page.locator("#scenario-old-exact").innerText()).toBe(`${yuanExact(oldFen)} 元`);
    // the F12 table lists every F12 project of findings.csv
    const listed = await v.page
      .locator("h3:has-text('F12') ~ div .data-table")
      .first()
      .locator("tbody tr a.pid")
      .allInnerTexts();
    const findings = site
      .metrics("findings.csv")
      .filter((f) => f.code === "F12")
      .map((f) => f.project_id);
    expect(new Set(listed)).toEqual(new Set(findings));
  });

  test("the cliff chart draws the tier bounds and the per-mu drop at each", async () => {
    const v = await site.open("/methods.html");
    const svg = await v.page
      .locator("figure", { hasText: "每亩计提的征地社保费" })
      .locator("svg")
      .last()
      .textContent();
    for (const bound of ["5万", "10万", "15万", "20万"]) expect(svg).toContain(bound);
    expect(svg).toContain("每亩少 1,000 元"); // 50,000 x (20% - 18%)
    expect(svg).toContain("每亩少 4,000 元"); // 200,000 x (12% - 10%)
  });

  test("moving a ratio and the per-person amount recomputes the totals and the below-old count exactly", async () => {
    const v = await site.open("/methods.html");
    const prepared = prepareScenario(aq, builtMethods(site.fixture.site));
    const base = defaultSettings(prepared);
    const check = async (settings: typeof base) => {
      const expected = runScenario(prepared, settings);
      expect(await v.page.locator("#scenario-new-exact").innerText()).toBe(
        `${yuanExact(expected.new_fen)} 元`,
      );
      expect(await v.page.locator("#scenario-old-exact").innerText()).toBe(
        `${yuanExact(expected.old_fen)} 元`,
      );
      expect(await v.page.locator("#scenario-below").innerText()).toBe(count(expected.below));
      expect(await v.page.locator("#scenario-monthly").innerText()).toBe(
        `${yuanExact(expected.monthly_new_fen)} 元`,
      );
      return expected;
    };
    const initial = runScenario(prepared, base);

    await setInput(v.page, "≤ 5万元/亩", "12");
    const lower = await check({ ...base, ratios: [0.12, ...base.ratios.slice(1)] });
    expect(lower.new_fen).toBeLessThan(initial.new_fen);
    expect(lower.below).toBeGreaterThan(initial.below);

    await setInput(v.page, "20万元/亩以上", "14.5");
    const both = await check({ ...base, ratios: [0.12, ...base.ratios.slice(1, 4), 0.145] });
    expect(both.new_fen).not.toBe(lower.new_fen);

    await setInput(v.page, "每人标准", "12000");
    await check({ ...base, ratios: [0.12, ...base.ratios.slice(1, 4), 0.145], perPersonYuan: 12000 });

    const overrides = builtMethods(site.fixture.site).overrides.length > 0;
    if (overrides) {
      await v.page.locator("#scenario-inputs input[type=checkbox]").uncheck();
      await v.page.waitForTimeout(300);
      await check({
        ratios: [0.12, ...base.ratios.slice(1, 4), 0.145],
        perPersonYuan: 12000,
        keepOverrides: false,
      });
    }

    await v.page.locator("#scenario-inputs button", { hasText: "恢复现行政策" }).click();
    await v.page.waitForTimeout(300);
    const back = await check(base);
    expect(back.below).toBe(initial.below);
  });

  test("window.xianbaoScenarioBench(n), which npm run bench calls, returns n recompute times", async () => {
    const v = await site.open("/methods.html");
    const times = (await v.page.evaluate("window.xianbaoScenarioBench(9)")) as number[];
    expect(times).toHaveLength(9);
    for (const t of times) expect(t).toBeGreaterThan(0);
  });

  test("a recompute runs on the page's projects and on 40,000 synthetic ones in 134 counties (times logged; the target is in npm run bench)", async () => {
    const v = await site.open("/methods.html");
    for (let i = 0; i < 15; i++) await setInput(v.page, "5万–10万元/亩", String(15 + (i % 5)));
    const pageTimes = await v.page.evaluate(() =>
      performance.getEntriesByName("xianbao-scenario").map((e) => e.duration),
    );
    const pageMedian = median(pageTimes.slice(1)); // the first run includes compiling the expressions

    const html = readFileSync(join(site.fixture.site, "methods.html"), "utf8");
    const scenarioUrl = /href="\.\/(_node\/@xianbao\/common@[^"/]+\/scenario\.[0-9a-f]+\.js)"/.exec(html)![1];
    const arqueroUrl = /href="\.\/(_node\/arquero@[^"]+\/arquero\.min\.[0-9a-f]+\.js)"/.exec(html)![1];
    const synthetic = await v.page.evaluate(
      async ([scenarioPath, arqueroPath]) => {
        // A dynamic import written as text: the test runner would rewrite a literal import() for Node.
        const load = new Function("url", "return import(url)") as (url: string) => Promise<any>;
        const scenario = await load(`/${scenarioPath}`);
        const aqm = (await load(`/${arqueroPath}`)).default;
        let seed = 42;
        const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
        const n = 40000;
        const projects: Record<string, unknown[]> = {
          project_id: [],
          county_code: [],
          area_mu: [],
          zone_price: [],
          virtual_pico: [],
          actual_people: [],
          old_method_fen: [],
          new_method_fen: [],
          scope: [],
        };
        for (let i = 0; i < n; i++) {
          const county = String(440100 + Math.floor(i / 300));
          projects.project_id.push(`${county}${String(i).padStart(7, "0")}`);
          projects.county_code.push(county);
          projects.area_mu.push(Math.round(rnd() * 3000000) / 1e4);
          projects.zone_price.push(Math.round(20000 + rnd() * 300000));
          projects.virtual_pico.push(String(Math.floor(rnd() * 2e14)));
          projects.actual_people.push(Math.floor(rnd() * 400));
          projects.old_method_fen.push(0);
          projects.new_method_fen.push(0);
          projects.scope.push(i % 10 === 0 ? "4401" : "*");
        }
        const tiers = [
          { max_price: 50000, ratio: 0.2 },
          { max_price: 100000, ratio: 0.18 },
          { max_price: 150000, ratio: 0.15 },
          { max_price: 200000, ratio: 0.12 },
          { max_price: null, ratio: 0.1 },
        ];
        const data = {
          defaults: { per_person_fen: 900000, tiers, annuity_divisor: 139, base_pension_fen: 19000 },
          overrides: [{ scope: "4401", per_person_fen: 1620000, tiers: null }],
          projects,
        };
        const prepared = scenario.prepareScenario(aqm, data);
        const times: number[] = [];
        let below = 0;
        for (let i = 0; i < 21; i++) {
          const t0 = performance.now();
          const r = scenario.runScenario(prepared, {
            ratios: [0.2 - i * 0.002, 0.18, 0.15, 0.12, 0.1],
            perPersonYuan: 9000 + i * 100,
            keepOverrides: true,
          });
          times.push(performance.now() - t0);
          below = r.below;
        }
        return { times, below, counties: prepared.table.groupby("county").count().numRows() };
      },
      [scenarioUrl, arqueroUrl],
    );
    const syntheticMedian = median(synthetic.times.slice(1));
    console.log(
      `scenario recompute median: ${pageMedian.toFixed(2)} ms for the page's projects (${pageTimes.length} runs), ` +
        `${syntheticMedian.toFixed(2)} ms for 40,000 synthetic projects in ${synthetic.counties} counties (${synthetic.times.length} runs)`,
    );
    // Speed is measured by the benchmark, not asserted here (a shared machine makes times noisy).
    expect(pageTimes.length).toBeGreaterThanOrEqual(15);
    expect(synthetic.counties).toBe(134);
    expect(synthetic.below).toBeGreaterThan(0);
  });
});
