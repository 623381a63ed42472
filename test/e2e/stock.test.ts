// 减存量 遏增量 in headless Chromium: it loads cleanly offline, its figures are the metrics command's
// (counties.csv sums, projects.csv increments), and its downloads open in Excel.
import { existsSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { Locator, Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { download, fen, tableCells, useSite } from "./site.ts";
import { count, percent, yuan } from "../../src/components/format.js";

/** The table whose header row contains `header`, with every row shown. */
async function tableWith(page: Page, header: string): Promise<Locator> {
  const table = page.locator(".data-table", { has: page.locator(`th:has-text("${header}")`) }).first();
  const all = table.locator(".table-more button", { hasText: "全部显示" });
  if (await all.count()) await all.click();
  return table;
}

describe("减存量 遏增量 /stock", () => {
  const site = useSite();
  const sum = (rows: Record<string, string>[], key: string) =>
    rows.reduce((a, r) => a + (r[key] ? fen(r[key]) : 0), 0);

  test("loads with no console error and no request outside the site", async () => {
    const v = await site.open("/stock.html");
    expect(v.errors).toEqual([]);
    expect(v.outside).toEqual([]);
    expect(v.failed).toEqual([]);
  });

  test("headline figures are the sums of counties.csv", async () => {
    const { page } = await site.open("/stock.html");
    const counties = site.metrics("counties.csv");
    const kpi = (label: string) =>
      page.locator(".kpi", { has: page.locator(`.label:text-is("${label}")`) }).locator(".value");
    const baseline = sum(counties, "stock_baseline_yuan");
    const remaining = sum(counties, "stock_remaining_yuan");
    expect(Number(await kpi("基准日存量欠缴").locator("[data-fen]").getAttribute("data-fen"))).toBe(baseline);
    expect(await kpi("基准日存量欠缴").innerText()).toBe(yuan(baseline));
    expect(Number(await kpi("尚未化解").locator("[data-fen]").getAttribute("data-fen"))).toBe(remaining);
    expect(await kpi("尚未化解").innerText()).toBe(yuan(remaining));
    expect(await kpi("已化解").innerText()).toBe(yuan(baseline - remaining));
    expect(await kpi("化解进度").innerText()).toBe(baseline > 0 ? percent(1 - remaining / baseline) : "—");
    expect(await kpi("存量批次").innerText()).toBe(
      count(counties.reduce((a, c) => a + Number(c.stock_projects || 0), 0)),
    );
    expect(await kpi("新增欠缴批次").innerText()).toBe(
      count(counties.reduce((a, c) => a + Number(c.increment_projects), 0)),
    );
    expect(Number(await kpi("新增欠缴仍欠").locator("[data-fen]").getAttribute("data-fen"))).toBe(
      sum(counties, "increment_open_yuan"),
    );
  });

  test("the county table has every county with stock or increments, with counties.csv's figures", async () => {
    const { page } = await site.open("/stock.html");
    const counties = site
      .metrics("counties.csv")
      .filter((c) => Number(c.stock_projects || 0) > 0 || Number(c.increment_projects) > 0);
    const rows = await tableCells(await tableWith(page, "基准日存量 (万元)"));
    expect(rows.length).toBe(counties.length);
    const seen = new Map(
      rows.map((r) => [
        r[0].href!.replace(/^\.\/county\/(\d+)\.html$/, "$1"),
        [r[2].fen, r[4].fen, Number(r[6].text.replace(/,/g, "")), r[7].fen],
      ]),
    );
    for (const c of counties) {
      expect(seen.get(c.county_code), c.county_code).toEqual([
        fen(c.stock_baseline_yuan || "0"),
        fen(c.stock_remaining_yuan || "0"),
        Number(c.increment_projects),
        fen(c.increment_open_yuan),
      ]);
      expect(
        existsSync(join(site.fixture.site, "county", `${c.county_code}.html`)),
        `county/${c.county_code}`,
      ).toBe(true);
    }
  });

  test("the increment list is exactly projects.csv's is_increment projects with their shortfall", async () => {
    const { page } = await site.open("/stock.html");
    const expected = new Map(
      site
        .metrics("projects.csv")
        .filter((p) => p.is_increment === "true")
        .map((p) => [p.project_id, fen(p.shortfall_yuan)]),
    );
    const rows = expected.size ? await tableCells(await tableWith(page, "批复日已到账 (万元)")) : [];
    const shown = new Map(rows.map((r) => [r[0].text, r[7].fen ?? 0]));
    for (const r of rows) {
      expect(r[5].fen, `${r[0].text} received on the approval day`).not.toBeNull();
      expect(r[2].href).toMatch(/^\.\/county\/\d{6}\.html$/);
    }
    expect(shown).toEqual(expected);
  });

  test("the charts render with their baseline and units", async () => {
    const { page } = await site.open("/stock.html");
    const figures = page.locator("figure");
    expect(await page.locator("figure svg").count()).toBeGreaterThanOrEqual(2);
    const burn = await figures.first().innerText();
    expect(burn).toContain("存量基准日");
    expect(burn).toContain("基准日前");
    expect(burn).toMatch(/(万元|亿元)/);
  });

  test("increment downloads: CSV with BOM and Chinese headers, XLSX that exceljs reads", async () => {
    const { page } = await site.open("/stock.html");
    const increments = site.metrics("projects.csv").filter((p) => p.is_increment === "true");
    const bar = page.locator(".filters", { has: page.locator("select") }).last();
    const csv = (await download(page, bar.locator("button", { hasText: "CSV" }))).toString("utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split("\r\n");
    expect(lines[0]).toBe(
      "批次编号,项目名称,市,县区代码,县区,批复日期,应筹补贴资金(元),批复日已到账(元),截止日已到账(元),仍欠(元)",
    );
    expect(lines.length - 1).toBe(increments.length);
    const xlsx = await download(page, bar.locator("button", { hasText: "XLSX" }));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe("批次编号");
    expect(sheet.rowCount - 1).toBe(increments.length);
    const byId = new Map(increments.map((p) => [p.project_id, fen(p.shortfall_yuan)]));
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      expect(Math.round(Number(row.getCell(10).value) * 100)).toBe(byId.get(String(row.getCell(1).value)));
    }
  });
});
