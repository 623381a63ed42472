// 总览 in headless Chromium: it loads cleanly offline and shows the metrics command's figures.
import { describe, expect, test } from "vitest";
import { fen, useSite } from "./site.ts";
import { dateZh, yuan, count } from "../../src/components/format.js";

describe("总览 /", () => {
  const site = useSite();

  test("loads with no console error and no request outside the site", async () => {
    const v = await site.open("/");
    expect(v.errors).toEqual([]);
    expect(v.outside).toEqual([]);
    expect(v.failed).toEqual([]);
  });

  test("shows the province totals of the metrics outputs and the as-of date", async () => {
    const v = await site.open("/");
    const text = await v.page.locator("main").innerText();
    const projects = site.metrics("projects.csv");
    const sum = (key: string) => projects.reduce((a, p) => a + fen(p[key]), 0);
    expect(text).toContain(yuan(sum("required_yuan")));
    expect(text).toContain(yuan(sum("received_yuan")));
    expect(text).toContain(yuan(sum("distributed_yuan")));
    expect(text).toContain(yuan(sum("unallocated_yuan")));
    expect(text).toContain(`${count(projects.length)} 个批次`);
    const lastMonth = site.metrics("monthly.csv").at(-1)!.month; // YYYY-MM of the as-of date
    expect(text).toContain(`数据截至 ${dateZh(lastMonth)}`);
  });

  test("charts render as SVG with Chinese labels", async () => {
    const v = await site.open("/");
    expect(await v.page.locator("figure svg").count()).toBeGreaterThanOrEqual(3);
    expect(await v.page.locator("figure").first().innerText()).toMatch(/应筹/);
  });
});
