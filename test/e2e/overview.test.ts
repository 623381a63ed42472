// 总览 in headless Chromium: it loads cleanly offline and shows the metrics command's figures, to the fen.
import { describe, expect, test } from "vitest";
import { fen, useSite } from "./site.ts";
import { count, dateZh } from "../../src/components/format.js";

describe("总览 /", () => {
  const site = useSite();

  test("loads with no console error and no request outside the site", async () => {
    const v = await site.open("/");
    expect(v.errors).toEqual([]);
    expect(v.outside).toEqual([]);
    expect(v.failed).toEqual([]);
  });

  test("the headline amounts are projects.csv's sums, to the fen (data-fen), and the as-of date", async () => {
    const v = await site.open("/");
    const projects = site.metrics("projects.csv");
    const sum = (key: string) => projects.reduce((a, p) => a + fen(p[key]), 0);
    const kpi = async (label: string) =>
      Number(
        await v.page
          .locator(".kpi", { has: v.page.locator(`.label:text-is("${label}")`) })
          .locator(".value [data-fen]")
          .getAttribute("data-fen"),
      );
    expect(await kpi("应筹补贴资金")).toBe(sum("required_yuan"));
    expect(await kpi("已到账")).toBe(sum("received_yuan"));
    expect(await kpi("资金缺口")).toBe(sum("shortfall_yuan"));
    expect(await kpi("进入社保财政专户")).toBe(sum("in_special_yuan"));
    expect(await kpi("已分配到人")).toBe(sum("distributed_yuan"));
    expect(await kpi("未分配到人 (沉淀)")).toBe(sum("unallocated_yuan"));
    const overYear = v.page
      .locator(".kpi", { has: v.page.locator('.label:text-is("未分配到人 (沉淀)")') })
      .locator(".kpi-note [data-fen]");
    expect(Number(await overYear.getAttribute("data-fen"))).toBe(
      sum("unallocated_366_730") + sum("unallocated_731_1095") + sum("unallocated_over_1095"),
    );
    const counties = site.metrics("counties.csv");
    const countySum = (key: string) => counties.reduce((a, c) => a + fen(c[key]), 0);
    expect(await kpi("基准日存量欠缴")).toBe(countySum("stock_baseline_yuan"));
    expect(await kpi("尚未化解")).toBe(countySum("stock_remaining_yuan"));
    const text = await v.page.locator("main").innerText();
    expect(text).toContain(`${count(projects.length)} 个批次`);
    const lastMonth = site.metrics("monthly.csv").at(-1)!.month; // YYYY-MM of the as-of date
    expect(text).toContain(`数据截至 ${dateZh(lastMonth)}`);
  });

  test("the ten counties with most money unallocated, and the findings by rule, are the outputs'", async () => {
    const v = await site.open("/");
    const counties = site.metrics("counties.csv");
    const top = [...counties]
      .sort(
        (a, b) =>
          fen(b.unallocated_yuan) - fen(a.unallocated_yuan) || a.county_code.localeCompare(b.county_code),
      )
      .slice(0, 10);
    const rows = await v.page
      .locator(".top-unallocated tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.getAttribute("data-code"),
          Number(tr.querySelector('td[data-key="unallocated_fen"] [data-fen]')!.getAttribute("data-fen")),
        ]),
      );
    expect(rows).toEqual(top.map((c) => [c.county_code, fen(c.unallocated_yuan)]));
    const findings = site.metrics("findings.csv");
    const byRule = await v.page
      .locator(".rule-counts tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.querySelector("a")!.textContent, tr.querySelector(".num")!.textContent]),
      );
    for (const [code, n] of byRule)
      expect(n, code!).toBe(count(findings.filter((f) => f.code === code).length));
  });

  test("charts render as SVG with Chinese labels", async () => {
    const v = await site.open("/");
    expect(await v.page.locator("figure svg").count()).toBeGreaterThanOrEqual(3);
    expect(await v.page.locator("figure").first().innerText()).toMatch(/应筹/);
  });
});
