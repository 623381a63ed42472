// 虚拟与实际人数 in headless Chromium: loads cleanly offline, its figures equal the metrics outputs, the
// amount bands equal a count over the distributions made here independently, the Shenmao railway is named.
import { describe, expect, test } from "vitest";
import { fen, useSite } from "./site.ts";
import { count, decimal, percent, yuanExact } from "../../src/components/format.js";
import { ingestInto } from "../../loaders/ingest.ts";
import { computeMetrics } from "../../loaders/metrics.ts";
import { withWarehouse } from "../../loaders/warehouse.ts";

/** People per band of seed 001 by the total credited to each person, and the total credited, from the raw data. */
async function bandsOf(dataDir: string): Promise<{ people: Record<string, number>; totalFen: number }> {
  return withWarehouse(":memory:", async (db) => {
    await ingestInto(db, dataDir, { today: process.env.XIANBAO_TODAY });
    await computeMetrics(db);
    const rows = await db.rows<{ band: string; people: number; fen: number }>(
      `SELECT CASE WHEN total >= 9000 THEN 'ge9000' WHEN total >= 6000 THEN '6000_9000'
                   WHEN total >= 3000 THEN '3000_6000' ELSE 'lt3000' END AS band,
              count(*)::DOUBLE AS people, CAST(sum(total) * 100 AS DOUBLE) AS fen
       FROM (SELECT person_id, sum(amount_yuan) AS total FROM asof_credits d GROUP BY person_id) GROUP BY 1`,
    );
    return {
      people: Object.fromEntries(rows.map((r) => [r.band, r.people])),
      totalFen: rows.reduce((a, r) => a + r.fen, 0),
    };
  });
}

describe("虚拟与实际人数 /headcount", () => {
  const site = useSite();

  test("loads with no console error and no request outside the site", async () => {
    const v = await site.open("/headcount.html");
    expect(v.errors).toEqual([]);
    expect(v.outside).toEqual([]);
    expect(v.failed).toEqual([]);
  });

  test("headline figures equal the metrics outputs (F06, F07 from counties.csv; people from projects.csv)", async () => {
    const v = await site.open("/headcount.html");
    const text = await v.page.locator(".kpis").first().innerText();
    const counties = site.metrics("counties.csv");
    const projects = site.metrics("projects.csv");
    const f06 = counties.reduce((a, c) => a + Number(c.F06), 0);
    const f07 = counties.reduce((a, c) => a + Number(c.F07), 0);
    const actual = projects.reduce((a, p) => a + Number(p.actual_people), 0);
    expect(text).toContain(`人数稀释批次 (F06)\n${count(f06)}`);
    expect(text).toContain(`覆盖不足批次 (F07)\n${count(f07)}`);
    expect(text).toContain(`${count(actual)} 人`);
    const virtual = projects.reduce((a, p) => a + Number(p.virtual_people), 0);
    const shown = Number(/虚拟人数合计\n([\d,.]+) 人/.exec(text)![1].replace(/,/g, ""));
    expect(Math.abs(shown - virtual)).toBeLessThanOrEqual(0.005 * projects.length + 0.01); // CSV rounds each project to 0.01
  });

  test("the scatter draws every project with both counts above 0 and counts the others separately", async () => {
    const v = await site.open("/headcount.html");
    const projects = site.metrics("projects.csv");
    const plotted = projects.filter(
      (p) => Number(p.virtual_people) > 0 && Number(p.actual_people) > 0,
    ).length;
    const actualZero = projects.filter(
      (p) => Number(p.virtual_people) > 0 && Number(p.actual_people) === 0,
    ).length;
    const figure = v.page.locator("figure", { hasText: "每个批次的虚拟人数" });
    // Two dot layers (the other counties, the focused one) plus the ring around the Shenmao railway.
    const dots = await figure.locator('svg g[data-mark="dot"] path').count();
    expect(dots).toBe(plotted);
    const svgText = await figure.textContent();
    expect(svgText).toContain("稀释区");
    expect(svgText).toContain("覆盖不足区");
    expect(svgText).toContain("实际 = 虚拟");
    const note = await v.page.locator("p.chart-note", { hasText: "对数轴上画不出 0" }).innerText();
    expect(note).toContain(`图中 ${count(plotted)} 个批次`);
    expect(note).toContain(`尚无人记账的 ${count(actualZero)} 个批次`);
  });

  test("choosing a county counts that county's projects", async () => {
    const v = await site.open("/headcount.html");
    const projects = site.metrics("projects.csv");
    const code = projects.find((p) => Number(p.actual_people) > 0)!.county_code;
    const select = v.page.locator("form", { hasText: "突出显示县区" }).locator("select");
    const names = site.metrics("counties.csv").find((c) => c.county_code === code)!;
    await select.selectOption({ label: `${names.city_name} ${names.county_name}` });
    await v.page.waitForTimeout(400);
    const inCounty = projects.filter(
      (p) => p.county_code === code && Number(p.virtual_people) > 0 && Number(p.actual_people) > 0,
    ).length;
    const note = await v.page.locator("p.chart-note", { hasText: "对数轴上画不出 0" }).innerText();
    expect(note).toContain(`${names.city_name} ${names.county_name}: 图中 ${count(inCounty)} 个批次`);
  });

  test("amount bands: people per band and the total equal a count over the distributions", async () => {
    const v = await site.open("/headcount.html");
    const { people, totalFen } = await bandsOf(site.fixture.data);
    const projects = site.metrics("projects.csv");
    expect(totalFen).toBe(projects.reduce((a, p) => a + fen(p.distributed_yuan), 0));
    const table = v.page.locator(".band-table table");
    const rows = await table.locator("tbody tr").allInnerTexts();
    const all = Object.values(people).reduce((a, b) => a + b, 0);
    const expected: [string, string][] = [
      ["ge9000", "9,000"],
      ["6000_9000", "6,000–9,000"],
      ["3000_6000", "3,000–6,000"],
      ["lt3000", "3,000 元"],
    ];
    for (const [band, label] of expected) {
      const row = rows.find(
        (r) => r.split("\t")[0].includes(label) && (band !== "lt3000" || r.startsWith("<")),
      )!;
      const cells = row.split("\t");
      expect(cells[1], band).toBe(count(people[band] ?? 0));
      expect(cells[2], band).toBe(percent((people[band] ?? 0) / all, 2));
    }
    const note = await v.page.locator("p.chart-note", { hasText: "记账总人数" }).innerText();
    expect(note).toContain(`记账总人数 ${count(all)} 人`);
    // seed 001's own shares, for comparison
    expect(rows.join("\n")).toContain("3.27%");
    expect(rows.join("\n")).toContain("81.50%");
    // the implied monthly pension of the 9,000 bound: 9,000 / 139 = 64.75, + 190 = 254.75
    expect(rows[0]).toContain("≥ 64.75");
    expect(rows[0]).toContain("≥ 254.75");
  });

  test("the Shenmao railway project is named with its counts and per-person amount", async () => {
    const v = await site.open("/headcount.html");
    const shenmao = site
      .metrics("projects.csv")
      .filter((p) => p.project_id.startsWith("441721") && Number(p.actual_people) === 198);
    const callouts = v.page.locator(".callout");
    if (!shenmao.length) {
      expect(await callouts.count()).toBe(0);
      return;
    }
    const text = await callouts.first().innerText();
    const p = shenmao[0];
    expect(text).toContain("深茂铁路");
    expect(text).toContain(p.project_id);
    expect(text).toContain(`应保障 (虚拟) ${decimal(Number(p.virtual_people))} 人`);
    expect(text).toContain(`实际分配 ${count(Number(p.actual_people))} 人`);
    expect(text).toContain(`人均 ${yuanExact(fen(p.per_capita_yuan))} 元`);
  });

  test("the county table links every county to its page", async () => {
    const v = await site.open("/headcount.html");
    const counties = site.metrics("counties.csv");
    const hrefs = await v.page
      .locator("h2:has-text('各县区的人数稀释') ~ div .data-table a")
      .evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    // the city subtotal rows link to their city pages
    expect(new Set(hrefs.filter((h) => h?.startsWith("./county/")))).toEqual(
      new Set(counties.map((c) => `./county/${c.county_code}.html`)),
    );
  });
});
