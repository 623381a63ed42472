// 县区进展 in headless Chromium: every county of the metrics command's counties.csv with its figures, sorting,
// the city and text filters, subtotals, the status legend and the downloads.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { fen, useSite } from "./site.ts";
import { count, percent, wan } from "../../src/components/format.js";

const MONEY = [
  "required",
  "received",
  "distributed",
  "unallocated",
  "shortfall",
  "stock_baseline",
  "stock_remaining",
  "increment_open",
];
const FINDINGS = ["F01", "F02", "F03", "F04", "F05", "F06", "F07", "F08", "F09", "F10", "F11", "F12"];

/** The county codes of the rows shown, in order. */
async function shownCodes(page: Page): Promise<string[]> {
  return page
    .locator("tr.county[data-code]")
    .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.code!));
}

/** The text of one cell of a county's row. */
async function cell(page: Page, code: string, key: string): Promise<string> {
  return (await page.locator(`tr[data-code="${code}"] td[data-key="${key}"]`).innerText()).trim();
}

describe("县区进展 /counties", () => {
  const site = useSite();

  test("loads with no console error and no request outside the site", async () => {
    const v = await site.open("/counties.html");
    expect(v.errors).toEqual([]);
    expect(v.outside).toEqual([]);
    expect(v.failed).toEqual([]);
  });

  test("lists every county of counties.csv with the metrics' figures (万元 in the cell, the exact yuan on hover)", async () => {
    const v = await site.open("/counties.html");
    const counties = site.metrics("counties.csv");
    const progress = new Map(
      (
        await site.sql<{ code: string; p: number }>(
          `SELECT code, CAST(stock_progress AS DOUBLE) AS p FROM m_rollups WHERE level = 'county'`,
        )
      ).map((r) => [r.code, r.p]),
    );
    expect((await shownCodes(v.page)).sort()).toEqual(counties.map((c) => c.county_code).sort());
    for (const c of counties) {
      const row = v.page.locator(`tr[data-code="${c.county_code}"]`);
      expect(await row.locator('td[data-key="name"] a').first().getAttribute("href")).toBe(
        `./county/${c.county_code}.html`,
      );
      expect(await row.locator('td[data-key="name"]').innerText()).toContain(c.county_name);
      expect(await row.locator('td[data-key="name"]').innerText()).toContain(c.city_name);
      expect(await cell(v.page, c.county_code, "projects")).toBe(count(Number(c.projects)));
      for (const m of MONEY) {
        const yuan = c[`${m}_yuan`];
        expect(await cell(v.page, c.county_code, `${m}_fen`), `${c.county_code} ${m}`).toBe(wan(fen(yuan)));
        expect(Number(await row.locator(`td[data-key="${m}_fen"] [data-fen]`).getAttribute("data-fen"))).toBe(
          fen(yuan),
        );
      }
      expect(await cell(v.page, c.county_code, "stock_projects")).toBe(count(Number(c.stock_projects)));
      const shown = row.locator('td[data-key="stock_progress"] [data-value]');
      if (c.stock_progress === "") expect(await cell(v.page, c.county_code, "stock_progress")).toBe("—");
      else {
        // The page carries m_rollups.stock_progress itself (6 decimals); counties.csv rounds it to 4.
        const value = Number(await shown.getAttribute("data-value"));
        expect(progress.get(c.county_code), c.county_code).toBe(value);
        expect(Math.abs(value - Number(c.stock_progress))).toBeLessThanOrEqual(0.00005);
        expect(await cell(v.page, c.county_code, "stock_progress")).toBe(percent(value));
      }
      expect(await cell(v.page, c.county_code, "increment_projects")).toBe(
        count(Number(c.increment_projects)),
      );
    }
  });

  test("the findings view shows the F01..F12 counts of counties.csv", async () => {
    const v = await site.open("/counties.html");
    await v.page.getByLabel("审计线索 F01–F12").check();
    await v.page.locator('th[data-key="F01"]').first().waitFor();
    for (const c of site.metrics("counties.csv")) {
      for (const code of FINDINGS)
        expect(await cell(v.page, c.county_code, code), `${c.county_code} ${code}`).toBe(
          count(Number(c[code])),
        );
      const total = FINDINGS.reduce((a, code) => a + Number(c[code]), 0);
      expect(await cell(v.page, c.county_code, "findings")).toBe(count(total));
    }
  });

  test("clicking a header sorts by that column, again reverses", async () => {
    const v = await site.open("/counties.html");
    await v.page.getByLabel("按市小计").uncheck();
    await v.page.locator("tr.subtotal").first().waitFor({ state: "detached" });
    const counties = site.metrics("counties.csv");
    const byUnallocated = (desc: boolean) =>
      [...counties]
        .sort(
          (a, b) =>
            (desc ? -1 : 1) * (fen(a.unallocated_yuan) - fen(b.unallocated_yuan)) ||
            a.county_code.localeCompare(b.county_code),
        )
        .map((c) => c.county_code);
    await v.page.locator('th[data-key="unallocated_fen"]').first().click();
    expect(await shownCodes(v.page)).toEqual(byUnallocated(true));
    await v.page.locator('th[data-key="unallocated_fen"]').first().click();
    expect(await shownCodes(v.page)).toEqual(byUnallocated(false));
    await v.page.locator('th[data-key="status"]').first().click();
    const ranks = await v.page
      .locator(".league-table:not(.city-table) tr.county")
      .evaluateAll((rows) =>
        rows.map(
          (r) =>
            ({ "s-red": 3, "s-yellow": 2, "s-green": 1 })[
              [...r.classList].find((c) => c.startsWith("s-"))!
            ] ?? 0,
        ),
      );
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  });

  test("the city filter narrows the rows to that city, with its subtotal; the text filter finds a county", async () => {
    const v = await site.open("/counties.html");
    const counties = site.metrics("counties.csv");
    const city = counties.at(-1)!.city_name;
    const inCity = counties.filter((c) => c.city_name === city);
    const option = await v.page
      .locator(".filters select option")
      .evaluateAll(
        (options, name) => options.find((o) => o.textContent!.startsWith(name as string))!.textContent!,
        city,
      );
    await v.page.locator(".filters select").selectOption({ label: option });
    await expect
      .poll(async () => (await shownCodes(v.page)).sort())
      .toEqual(inCity.map((c) => c.county_code).sort());
    const subtotal = v.page.locator("tr.subtotal");
    expect(await subtotal.count()).toBe(1);
    expect(await subtotal.locator('td[data-key="name"]').innerText()).toContain(`${city}小计`);
    const sum = (key: string) => inCity.reduce((a, c) => a + fen(c[key]), 0);
    expect((await subtotal.locator('td[data-key="unallocated_fen"]').innerText()).trim()).toBe(
      wan(sum("unallocated_yuan")),
    );
    expect((await subtotal.locator('td[data-key="shortfall_fen"]').innerText()).trim()).toBe(
      wan(sum("shortfall_yuan")),
    );
    expect(await v.page.locator("tfoot").first().innerText()).toContain(`合计 (${inCity.length} 个县区)`);

    await v.page.locator(".filters select").selectOption({ index: 0 });
    const target = counties[0];
    await v.page.locator(".filters input[type=text]").fill(target.county_name.slice(0, 2));
    await expect.poll(() => shownCodes(v.page)).toContain(target.county_code);
    expect(
      (await shownCodes(v.page)).every((code) =>
        counties.find((c) => c.county_code === code)!.county_name.includes(target.county_name.slice(0, 2)),
      ),
    ).toBe(true);
  });

  test("the total row of all counties equals the sum of counties.csv", async () => {
    const v = await site.open("/counties.html");
    const counties = site.metrics("counties.csv");
    const total = v.page.locator("tfoot tr").first();
    expect(await total.locator('td[data-key="name"]').innerText()).toContain(
      `全省合计 (${counties.length} 个县区)`,
    );
    for (const m of MONEY) {
      const sum = counties.reduce((a, c) => a + fen(c[`${m}_yuan`]), 0);
      expect(
        Number(await total.locator(`td[data-key="${m}_fen"] [data-fen]`).getAttribute("data-fen")),
        m,
      ).toBe(sum);
    }
  });

  test("the status legend states each rule with this data set's thresholds; every county has m_status's colour", async () => {
    const v = await site.open("/counties.html");
    const legend = await v.page.locator(".status-legend").innerText();
    const [{ policy }] = await site.sql<{ policy: string }>(
      `SELECT CAST(policy AS VARCHAR) AS policy FROM policy_scopes WHERE scope = '*'`,
    );
    const p = JSON.parse(policy) as Record<string, number>;
    const pct = (x: number) => `${Number((x * 100).toPrecision(6))}%`;
    for (const word of [
      "● 红 需通报",
      "▲ 黄 需关注",
      "■ 绿 正常",
      `新增欠缴>${pct(p.status_red_increment_share)}`,
      `化解<${pct(p.status_red_stock_progress)}`,
      `超额分配>${pct(p.status_red_over_allocated_share)}`,
      `化解<${pct(p.status_yellow_stock_progress)}`,
      `缺口>${pct(p.status_yellow_shortfall_share)}`,
      `沉淀>${pct(p.status_yellow_stale_share)}`,
    ])
      expect(legend).toContain(word);
    const status = await site.sql<{ code: string; status: string; reasons: string[] }>(
      `SELECT code, status, reasons FROM m_status WHERE level = 'county' ORDER BY code`,
    );
    const counts = [...legend.matchAll(/(\d+) 个 —/g)].map((m) => Number(m[1]));
    expect(counts).toEqual(
      ["red", "yellow", "green"].map((s) => status.filter((r) => r.status === s).length),
    );
    const marks = { red: "● 红 需通报", yellow: "▲ 黄 需关注", green: "■ 绿 正常" };
    for (const s of status) {
      expect(await cell(v.page, s.code, "status"), s.code).toMatch(
        new RegExp(`^${marks[s.status as "red"]}`),
      );
      expect(
        await v.page.locator(`tr[data-code="${s.code}"] td[data-key="status"] .reason`).count(),
        `${s.code} reasons`,
      ).toBe(s.reasons.length);
    }
  });

  test("the ranking chart renders with its title", async () => {
    const v = await site.open("/counties.html");
    expect(await v.page.locator("figure.rank").innerText()).toContain("排名");
    expect(await v.page.locator("figure.rank svg, figure.rank .chart-note").count()).toBeGreaterThan(0);
  });

  test("downloads the rows shown as CSV (UTF-8 with BOM) and XLSX", async () => {
    const v = await site.open("/counties.html");
    const counties = site.metrics("counties.csv");
    const [csv] = await Promise.all([
      v.page.waitForEvent("download"),
      v.page.getByRole("button", { name: "下载 CSV" }).first().click(),
    ]);
    const text = readFileSync((await csv.path())!, "utf8");
    expect(text.startsWith("\ufeff县区代码,县区,所属市,状态")).toBe(true);
    const lines = text.trim().split("\r\n");
    expect(lines.length).toBe(counties.length + 1);
    const header = lines[0].replace("\ufeff", "").split(",");
    const first = counties[0];
    const row = lines.find((l) => l.startsWith(`${first.county_code},`))!.split(",");
    expect(Number(row[header.indexOf("未分配(元)")])).toBe(Number(first.unallocated_yuan));
    expect(Number(row[header.indexOf("缺口(元)")])).toBe(Number(first.shortfall_yuan));
    const [xlsx] = await Promise.all([
      v.page.waitForEvent("download"),
      v.page.getByRole("button", { name: "下载 Excel (XLSX)" }).first().click(),
    ]);
    expect(
      readFileSync((await xlsx.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
  });
});
