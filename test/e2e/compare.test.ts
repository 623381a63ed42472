// 两期对比 in headless Chromium, on the plain static server: both dates stated, the county table equal to the
// metrics command's changes.csv (same T0), sorting, the city filter with the city's own subtotal, the chart
// of stock then vs now, no serious accessibility violation; the 较上期 columns of the league table and of
// the county pages equal changes.csv too.
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { seriousViolations } from "./axe.ts";
import { fen, useSite } from "./site.ts";
import { count, dateZh, wan } from "../../src/components/format.js";
import { halfYearBefore } from "../../loaders/metrics.ts";

/** A change in 万元 as the site writes it: signed, "−" for a fall. */
const signedWan = (f: number) => (f > 0 ? `+${wan(f)}` : f < 0 ? `−${wan(-f)}` : wan(0));
const signedCount = (n: number) => (n > 0 ? `+${count(n)}` : n < 0 ? `−${count(-n)}` : "0");

async function cell(page: Page, code: string, key: string, scope = ""): Promise<string> {
  return (
    await page.locator(`${scope} tr[data-code="${code}"] td[data-key="${key}"]`).first().innerText()
  ).trim();
}

describe("两期对比 /compare", () => {
  const site = useSite();
  const changes = () => site.metrics("changes.csv");
  const countyRows = () => changes().filter((r) => r.level === "county");
  const asOf = async () =>
    (await site.sql<{ v: string }>(`SELECT CAST(value AS VARCHAR) AS v FROM meta WHERE key = 'as_of'`))[0].v;

  test("loads cleanly and states both dates: T1 and the last half-year end before it", async () => {
    const v = await site.open("/compare.html");
    expect(v.errors).toEqual([]);
    expect(v.outside).toEqual([]);
    expect(v.failed).toEqual([]);
    const t1 = await asOf();
    const t0 = halfYearBefore(t1);
    expect(await v.page.locator(".then-date").getAttribute("data-date")).toBe(t0);
    expect(await v.page.locator(".now-date").getAttribute("data-date")).toBe(t1);
    const text = await v.page.locator(".compare-dates").innerText();
    expect(text).toContain(`上期截止 ${dateZh(t0)}`);
    expect(text).toContain(`本期截止 ${dateZh(t1)}`);
  });

  test("every county's then / now figures and changes equal changes.csv", async () => {
    const v = await site.open("/compare.html");
    const rows = countyRows();
    expect(await v.page.locator(".compare-table tr.county[data-code]").count()).toBe(rows.length);
    const province = changes().find((x) => x.level === "province")!;
    const total = v.page.locator(".compare-table tfoot tr");
    expect(await total.locator('td[data-key="name"]').innerText()).toContain(
      `全省合计 (${rows.length} 个县区)`,
    );
    expect((await total.locator('td[data-key="findings_resolved"]').innerText()).trim()).toBe(
      count(Number(province.findings_resolved)),
    );
    let cleared = 0;
    for (const r of rows) {
      const c = r.code;
      expect(await cell(v.page, c, "stock_remaining_then_fen")).toBe(
        r.stock_remaining_yuan_then === "" ? "—" : wan(fen(r.stock_remaining_yuan_then)),
      );
      expect(await cell(v.page, c, "stock_remaining_fen")).toBe(wan(fen(r.stock_remaining_yuan_now)));
      expect(await cell(v.page, c, "stock_cleared_fen")).toBe(
        r.stock_cleared_yuan === "" ? "—" : wan(fen(r.stock_cleared_yuan)),
      );
      expect(await cell(v.page, c, "shortfall_change_fen")).toBe(
        signedWan(fen(r.shortfall_yuan_now) - fen(r.shortfall_yuan_then)),
      );
      expect(await cell(v.page, c, "new_increment_projects")).toBe(
        signedCount(Number(r.new_increment_projects)),
      );
      expect(await cell(v.page, c, "findings_open_then")).toBe(count(Number(r.findings_open_then)));
      expect(await cell(v.page, c, "findings_open")).toBe(count(Number(r.findings_open_now)));
      expect(await cell(v.page, c, "findings_new")).toBe(count(Number(r.findings_new)));
      expect(await cell(v.page, c, "findings_resolved")).toBe(count(Number(r.findings_resolved)));
      if (r.stock_cleared_yuan !== "" && fen(r.stock_cleared_yuan) !== 0) cleared++;
    }
    // the sample's period clears stock somewhere and resolves findings somewhere
    expect(cleared).toBeGreaterThan(0);
    expect(rows.some((r) => Number(r.findings_resolved) > 0)).toBe(true);
  });

  test("the province figures at the top equal changes.csv's province row", async () => {
    const v = await site.open("/compare.html");
    const p = changes().find((r) => r.level === "province")!;
    const kpis = await v.page.locator(".kpis").innerText();
    expect(kpis).toContain(`${count(Number(p.new_increment_projects))} 个`);
    expect(kpis).toContain(`${count(Number(p.findings_open_now))} 条`);
    expect(kpis).toContain(`${count(Number(p.findings_new))} / ${count(Number(p.findings_resolved))} 条`);
  });

  test("sorts by a column on click; the city filter shows one city with its own subtotal", async () => {
    const v = await site.open("/compare.html");
    const header = v.page.locator('.compare-table th[data-key="findings_new"]');
    await header.click();
    const shown = await v.page
      .locator('.compare-table tr.county td[data-key="findings_new"]')
      .allInnerTexts();
    const values = shown.map((t) => Number(t.replace(/,/g, "")));
    // with city subtotals on, counties sort within their city: check each city's run
    const cities = await v.page
      .locator(".compare-table tr.county")
      .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.city ?? ""));
    for (let i = 1; i < values.length; i++)
      if (cities[i] === cities[i - 1] && cities[i]) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);

    const rows = countyRows();
    const cityOf = new Map(
      (
        await site.sql<{ code: string; city_code: string }>(
          `SELECT code, city_code FROM m_changes WHERE level = 'county'`,
        )
      ).map((r) => [r.code, r.city_code]),
    );
    const city = cityOf.get(rows.at(-1)!.code)!;
    const cityRow = changes().find((r) => r.level === "city" && r.code === city)!;
    await v.page.locator(".county-table select[name=city]").selectOption(city);
    await expect
      .poll(() => v.page.locator(".compare-table tr.county").count())
      .toBe(rows.filter((r) => cityOf.get(r.code) === city).length);
    const subtotal = v.page.locator(".compare-table tr.subtotal");
    expect(await subtotal.count()).toBe(1);
    expect((await subtotal.locator('td[data-key="findings_new"]').innerText()).trim()).toBe(
      count(Number(cityRow.findings_new)),
    );
    expect((await subtotal.locator('td[data-key="stock_remaining_fen"]').innerText()).trim()).toBe(
      wan(fen(cityRow.stock_remaining_yuan_now)),
    );
  });

  test("the chart draws each county with stock then or now, one row each", async () => {
    const v = await site.open("/compare.html");
    const withStock = countyRows().filter(
      (r) =>
        (r.stock_remaining_yuan_then !== "" && fen(r.stock_remaining_yuan_then) > 0) ||
        fen(r.stock_remaining_yuan_now) > 0,
    );
    const figure = v.page.locator("figure.then-now");
    expect(await figure.locator('svg g[data-mark="link"] line, svg g[data-mark="link"] path').count()).toBe(
      withStock.length,
    );
    expect(await figure.locator("figcaption").innerText()).toContain(`共 ${count(withStock.length)} 个县区`);
    // rows stay legible: at least 14 px apart
    const box = await figure.locator("svg").first().boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(withStock.length * 14);
  });

  test("no critical or serious accessibility violation (axe-core), at 1440 and 390 px", async () => {
    for (const width of [1440, 390]) {
      const v = await site.open("/compare.html", { width, height: 900 });
      expect(await seriousViolations(v.page), `${width}px`).toEqual([]);
    }
  });

  test("the league table's 较上期 view shows each county's changes of changes.csv", async () => {
    const v = await site.open("/counties.html");
    await v.page.getByLabel("较上期", { exact: true }).check();
    await expect.poll(() => v.page.locator('.league-table th[data-key="stock_cleared_fen"]').count()).toBe(1);
    for (const r of countyRows()) {
      expect(await cell(v.page, r.code, "findings_new", ".league-table")).toBe(count(Number(r.findings_new)));
      expect(await cell(v.page, r.code, "findings_open_change", ".league-table")).toBe(
        signedCount(Number(r.findings_open_now) - Number(r.findings_open_then)),
      );
      expect(await cell(v.page, r.code, "stock_cleared_fen", ".league-table")).toBe(
        r.stock_cleared_yuan === "" ? "—" : wan(fen(r.stock_cleared_yuan)),
      );
    }
  });

  test("a county page states both dates and its 较上期 table equals changes.csv", async () => {
    const rows = countyRows();
    const r = rows.find((x) => Number(x.findings_resolved) > 0) ?? rows[0];
    const v = await site.open(`/county/${r.code}.html`);
    expect(v.errors).toEqual([]);
    const note = await v.page.locator("h2#changes + * .then-date, .then-date").first().innerText();
    expect(note).toBe(dateZh(halfYearBefore(await asOf())));
    const table = v.page.locator(".period-table");
    const line = async (label: string) =>
      (await table.locator("tr", { hasText: label }).first().locator("td").allInnerTexts()).map((t) =>
        t.trim(),
      );
    expect((await line("本期已解决线索"))[3]).toBe(signedCount(Number(r.findings_resolved)));
    expect((await line("本期新增线索"))[3]).toBe(signedCount(Number(r.findings_new)));
    const open = await line("未解决的审计线索");
    expect(open[1]).toBe(count(Number(r.findings_open_then)));
    expect(open[2]).toBe(count(Number(r.findings_open_now)));
  });
});
