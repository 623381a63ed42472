// 资金沉淀 in headless Chromium: it loads cleanly offline, the age buckets by county are projects.csv's,
// the long-held list is exactly the projects with money unallocated for over a year, downloads open in Excel.
import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import { csvFields, download, fen, tableCells, useSite } from "./site.ts";
import { yuan } from "../../src/components/format.js";

const BUCKETS = [
  "unallocated_over_1095",
  "unallocated_731_1095",
  "unallocated_366_730",
  "unallocated_181_365",
  "unallocated_0_180",
];
const OLD = BUCKETS.slice(0, 3);

describe("资金沉淀 /backlog", () => {
  const site = useSite();
  const projects = () => site.metrics("projects.csv");
  const overYear = (p: Record<string, string>) => OLD.reduce((a, k) => a + fen(p[k]), 0);
  /** Projects holding money unallocated for over a year: project_id -> [366-730, 731-1095, >1095] in fen. */
  const longHeld = () =>
    new Map(
      projects()
        .filter((p) => overYear(p) > 0)
        .map((p) => [
          p.project_id,
          [fen(p.unallocated_366_730), fen(p.unallocated_731_1095), fen(p.unallocated_over_1095)],
        ]),
    );

  test("loads with no console error and no request outside the site", async () => {
    const v = await site.open("/backlog.html");
    expect(v.errors).toEqual([]);
    expect(v.outside).toEqual([]);
    expect(v.failed).toEqual([]);
  });

  test("headline figures: unallocated total and the part older than a year", async () => {
    const { page } = await site.open("/backlog.html");
    const kpi = (label: string) =>
      page.locator(".kpi", { has: page.locator(`.label:text-is("${label}")`) }).locator(".value");
    const total = site.metrics("counties.csv").reduce((a, c) => a + fen(c.unallocated_yuan), 0);
    const old = projects().reduce((a, p) => a + overYear(p), 0);
    expect(Number(await kpi("未分配到人 (沉淀)").locator("[data-fen]").getAttribute("data-fen"))).toBe(total);
    expect(await kpi("未分配到人 (沉淀)").innerText()).toBe(yuan(total));
    expect(Number(await kpi("其中超过一年").locator("[data-fen]").getAttribute("data-fen"))).toBe(old);
    expect(await kpi("沉淀超过一年的批次").innerText()).toBe(longHeld().size.toLocaleString("zh-CN"));
  });

  test("the buckets by county sum to counties.csv's unallocated and equal projects.csv's buckets", async () => {
    const { page } = await site.open("/backlog.html");
    const counties = site.metrics("counties.csv");
    const expected = new Map(counties.map((c) => [c.county_code, BUCKETS.map(() => 0)]));
    for (const p of projects()) BUCKETS.forEach((k, i) => (expected.get(p.county_code)![i] += fen(p[k])));
    const table = page
      .locator(".data-table", { has: page.locator('th:has-text("其中超过一年 (万元)")') })
      .first();
    const more = table.locator(".table-more button", { hasText: "全部显示" });
    if (await more.count()) await more.click();
    const rows = await tableCells(table);
    expect(rows.length).toBe(counties.length);
    for (const r of rows) {
      const code = r[0].href!.replace(/^\.\/county\/(\d+)\.html$/, "$1");
      const buckets = r.slice(4, 9).map((c) => c.fen);
      const county = counties.find((c) => c.county_code === code)!;
      expect(buckets, code).toEqual(expected.get(code));
      expect(
        buckets.reduce((a, x) => a! + x!, 0),
        code,
      ).toBe(fen(county.unallocated_yuan));
      expect(r[1].fen, code).toBe(fen(county.unallocated_yuan));
    }
  });

  test("the ageing chart stacks the buckets, oldest first, and the top-N control changes it", async () => {
    const { page } = await site.open("/backlog.html");
    const figure = page.locator("figure.ageing");
    expect(await figure.innerText()).toContain("超过3年");
    const bars = async () => figure.locator("svg g[data-mark='bar'] rect").count();
    const before = await bars();
    expect(before).toBeGreaterThan(0);
    const all = page.locator("label", { hasText: /^全部 \d+ 个$/ });
    if (await all.count()) {
      await all.click();
      await page.waitForTimeout(300);
      expect(await bars()).toBeGreaterThan(before);
    }
  });

  test("the long-held list, loaded in full, is exactly projects.csv's projects held over a year", async () => {
    const { page } = await site.open("/backlog.html");
    const expected = longHeld();
    const load = page.locator(".held button", { hasText: "载入全部" });
    if (await load.count()) await load.click();
    await page.locator(".held .table-count", { hasText: /^显示 \S+ 个批次, 共/ }).waitFor();
    const more = page.locator(".held .table-more button", { hasText: "全部显示" });
    if (await more.count()) await more.click();
    const rows = expected.size ? await tableCells(page.locator(".held .data-table")) : [];
    const shown = new Map(rows.map((r) => [r[0].code!, [r[6].fen, r[7].fen, r[8].fen]]));
    expect(shown).toEqual(expected);
  });

  test("filters by city and county narrow the long-held list", async () => {
    const { page } = await site.open("/backlog.html");
    const all = longHeld();
    const counties = new Map(site.metrics("counties.csv").map((c) => [c.county_code, c.city_name]));
    const byCity = new Map<string, number>();
    for (const id of all.keys()) {
      const city = counties.get(projects().find((p) => p.project_id === id)!.county_code)!;
      byCity.set(city, (byCity.get(city) ?? 0) + 1);
    }
    // The small sample holds money unallocated for over a year in every city (else this test proves nothing).
    expect(byCity.size).toBeGreaterThan(0);
    const [city, n] = [...byCity].sort((a, b) => b[1] - a[1])[0];
    await page.locator(".held select[name=city]").selectOption(city);
    await page.locator(".held .table-count", { hasText: /^显示 \S+ 个批次, 共/ }).waitFor();
    expect(await page.locator(".held .table-count").innerText()).toContain(
      `显示 ${n.toLocaleString("zh-CN")} 个批次`,
    );
    const county = await page.locator(".held select[name=county] option").nth(1).getAttribute("value");
    await page.locator(".held select[name=county]").selectOption(county!);
    const inCounty = projects().filter((p) => p.county_code === county && overYear(p) > 0).length;
    await page
      .locator(".held .table-count", { hasText: `显示 ${inCounty.toLocaleString("zh-CN")} 个批次` })
      .waitFor();
  });

  test("long-held downloads: the full list as CSV with BOM and as XLSX, Chinese headers, exact yuan", async () => {
    const { page } = await site.open("/backlog.html");
    const expected = longHeld();
    const bar = page.locator(".held-filters");
    const csv = (await download(page, bar.locator("button", { hasText: "CSV" }))).toString("utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const [header, ...lines] = csv.slice(1).trim().split("\r\n");
    const keys = csvFields(header);
    expect(keys.slice(0, 3)).toEqual(["批次编号", "项目名称", "市"]);
    const col = (label: string) => keys.indexOf(label);
    const fromCsv = new Map(
      lines.map((l) => {
        const f = csvFields(l);
        const money = (label: string) => Math.round(Number(f[col(label)]) * 100);
        return [
          f[0],
          [money("1-2年 366-730天(元)"), money("2-3年 731-1095天(元)"), money("超过3年 1095天以上(元)")],
        ];
      }),
    );
    expect(fromCsv).toEqual(expected);
    const xlsx = await download(page, bar.locator("button", { hasText: "XLSX" }));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe("批次编号");
    expect(sheet.getRow(1).getCell(10).value).toBe("其中超过一年(元)");
    expect(sheet.rowCount - 1).toBe(expected.size);
  });
});
