// The county pages (county/<code>) in headless Chromium: one for every county of counties.csv, loading
// cleanly, with the metrics' figures, every project, the findings per rule, no full ID number, and a print
// layout that keeps every table whole.
import { describe, expect, test } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fen, useSite } from "./site.ts";
import { count, dateZh, yuan, yuanExact } from "../../src/components/format.js";

const FINDINGS = ["F01", "F02", "F03", "F04", "F05", "F06", "F07", "F08", "F09", "F10", "F11", "F12"];
/** An 18-character ID number standing on its own (project numbers, village codes and record numbers are shorter). */
const FULL_ID = /(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])/;

describe("县区报告 /county/<code>", () => {
  const site = useSite();

  test("a page exists for every county of counties.csv", () => {
    for (const c of site.metrics("counties.csv"))
      expect(existsSync(join(site.fixture.site, "county", `${c.county_code}.html`)), c.county_code).toBe(
        true,
      );
  });

  test("every county page loads cleanly and shows its figures, projects and findings per rule", async () => {
    const counties = site.metrics("counties.csv");
    const projects = site.metrics("projects.csv");
    const asOf = site.metrics("monthly.csv").at(-1)!.month;
    for (const c of counties) {
      const v = await site.open(`/county/${c.county_code}.html`);
      expect(v.errors, c.county_code).toEqual([]);
      expect(v.outside).toEqual([]);
      expect(v.failed).toEqual([]);
      const main = await v.page.locator("main").innerText();
      expect(await v.page.locator("h1").innerText()).toContain(c.county_name);
      expect(await v.page.locator("h1").innerText()).toContain(c.city_name);
      expect(await v.page.locator("h1").innerText()).toMatch(/(红 需通报|黄 需关注|绿 正常)/);
      expect(await v.page.title()).toContain(c.county_name);
      expect(main).toContain(`数据截至 ${dateZh(asOf)}`);
      const kpis = await v.page.locator(".kpis").innerText();
      for (const key of [
        "required_yuan",
        "received_yuan",
        "shortfall_yuan",
        "distributed_yuan",
        "unallocated_yuan",
        "increment_open_yuan",
      ])
        expect(kpis, `${c.county_code} ${key}`).toContain(yuan(fen(c[key])));
      expect(kpis).toContain(`${count(Number(c.projects))} 个批次`);
      if (c.stock_progress !== "") expect(kpis).toContain(yuan(fen(c.stock_remaining_yuan)));

      const mine = projects.filter((p) => p.county_code === c.county_code);
      expect(await v.page.locator(".projects-table tbody tr").count()).toBe(mine.length);
      for (const p of mine) {
        const row = v.page.locator(`tr[id="p-${p.project_id}"]`);
        expect(
          await row.locator('td[data-key="shortfall_fen"] span[title]').getAttribute("title"),
          p.project_id,
        ).toBe(`${yuanExact(fen(p.shortfall_yuan))} 元`);
        expect(
          await row.locator('td[data-key="unallocated_fen"] span[title]').first().getAttribute("title"),
        ).toBe(`${yuanExact(fen(p.unallocated_yuan))} 元`);
      }

      for (const code of FINDINGS) {
        const n = Number(c[code]);
        expect(
          (await v.page.locator(`.rule-summary tr[data-code="${code}"] td.num`).innerText()).trim(),
          `${c.county_code} ${code}`,
        ).toBe(count(n));
        expect(
          await v.page.locator(`section.rule[id="${code}"] tbody tr`).count(),
          `${c.county_code} ${code} rows`,
        ).toBe(n);
      }
      expect(main).not.toMatch(FULL_ID);
      expect(await v.page.content()).not.toMatch(FULL_ID);
      await v.page.close();
    }
  });

  test("downloads the county's projects and findings as CSV (UTF-8 with BOM)", async () => {
    const c = site
      .metrics("counties.csv")
      .reduce((a, b) => (Number(b.projects) > Number(a.projects) ? b : a));
    const v = await site.open(`/county/${c.county_code}.html`);
    const buttons = v.page.getByRole("button", { name: "下载 CSV" });
    const [projects] = await Promise.all([v.page.waitForEvent("download"), buttons.nth(0).click()]);
    const text = readFileSync((await projects.path())!, "utf8");
    expect(text.startsWith("\ufeff批次编号,项目名称")).toBe(true);
    expect(text.trim().split("\r\n").length).toBe(Number(c.projects) + 1);
    const [findings] = await Promise.all([v.page.waitForEvent("download"), buttons.nth(1).click()]);
    const lines = readFileSync((await findings.path())!, "utf8")
      .trim()
      .split("\r\n");
    expect(lines.length).toBe(FINDINGS.reduce((a, code) => a + Number(c[code]), 0) + 1);
    expect(lines.join("\n")).not.toMatch(FULL_ID);
  });

  test("a link to a project's anchor scrolls to its row", async () => {
    const p = site.metrics("projects.csv").at(-1)!;
    const v = await site.open(`/county/${p.county_code}.html#p-${p.project_id}`);
    const row = v.page.locator(`tr[id="p-${p.project_id}"]`);
    expect(await row.count()).toBe(1);
    expect(await row.evaluate((r) => r.classList.contains("target"))).toBe(true);
    const box = await row.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(900);
  });

  test("prints as an annex: no sidebar, no buttons, every table within the page width, every row present", async () => {
    const c = site
      .metrics("counties.csv")
      .reduce((a, b) => (Number(b.projects) > Number(a.projects) ? b : a));
    // A4 landscape less 10 mm margins is about 1047 CSS pixels wide.
    const v = await site.open(`/county/${c.county_code}.html`, { width: 1047, height: 700 });
    await v.page.emulateMedia({ media: "print" });
    expect(await v.page.locator("#observablehq-sidebar").isVisible()).toBe(false);
    expect(await v.page.locator("button.download").first().isVisible()).toBe(false);
    expect(await v.page.locator(".annex-head").isVisible()).toBe(true);
    const overflows = await v.page
      .locator(".data-table")
      .evaluateAll(
        (tables) =>
          tables.filter(
            (t) =>
              t.querySelector("table")!.getBoundingClientRect().width > t.getBoundingClientRect().width + 1,
          ).length,
      );
    expect(overflows).toBe(0);
    expect(await v.page.locator(".projects-table tbody tr").count()).toBe(Number(c.projects));
    const pdf = await v.page.pdf({ preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });
});
