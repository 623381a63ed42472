// 搜索 in headless Chromium: Chinese fragments of county names, codes, project names and approval numbers
// find the right county and project, instantly and from a link (search?q=...).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { useSite } from "./site.ts";

/** The projects the built site searches (names are not in the metrics outputs). */
function builtProjects(site: string): { id: string; name: string; county: string }[] {
  const dir = join(site, "_file", "data");
  const file = readdirSync(dir).find((f) => /^search\.[0-9a-f]+\.json$/.test(f))!;
  const data = JSON.parse(readFileSync(join(dir, file), "utf8"));
  return data.projects.project_id.map((id: string, i: number) => ({
    id,
    name: data.projects.project_name[i],
    county: data.counties.code[data.projects.county[i]],
  }));
}

async function type(page: Page, query: string) {
  await page.locator(".search-box input").fill(query);
  await page.waitForTimeout(100);
}

const links = (page: Page, kind: "counties" | "projects") =>
  page.locator(`ul.hits.${kind} a.result`).evaluateAll((as) => as.map((a) => a.getAttribute("href")!));

describe("搜索 /search", () => {
  const site = useSite();

  test("loads with no console error and no request outside the site", async () => {
    const v = await site.open("/search.html");
    expect(v.errors).toEqual([]);
    expect(v.outside).toEqual([]);
  });

  test("finds counties by any part of their name, city or code", async () => {
    const v = await site.open("/search.html");
    const counties = site.metrics("counties.csv");
    const some = counties[0];
    const fragments = [
      "湾区",
      some.county_name.slice(1),
      some.county_name.slice(0, 2),
      some.county_code.slice(0, 4),
      some.city_name.slice(0, 2),
      "阳西",
    ];
    for (const q of fragments) {
      await type(v.page, q);
      const expected = counties
        .filter((c) => c.county_code.includes(q) || c.county_name.includes(q) || c.city_name.includes(q))
        .map((c) => `./county/${c.county_code}.html`);
      expect((await links(v.page, "counties")).sort(), q).toEqual(expected.sort());
    }
    expect(v.errors).toEqual([]);
  });

  test("finds a project by a fragment of its approval number (〔〕 or half-width brackets) and of its number", async () => {
    const v = await site.open("/search.html");
    const projects = builtProjects(site.fixture.site);
    const withNumber = projects.find((p) => /〔\d{4}〕\d{2,}/.test(p.name))!;
    const approval = withNumber.name.match(/〔\d{4}〕\d+/)![0];
    const fragment = approval.slice(0, -1); // e.g. 〔2019〕34 of 〔2019〕345号
    const target = `./county/${withNumber.county}.html#p-${encodeURIComponent(withNumber.id)}`;
    for (const q of [fragment, fragment.replace("〔", "(").replace("〕", ")")]) {
      await type(v.page, q);
      const found = await links(v.page, "projects");
      expect(found, q).toContain(target);
      const expected = projects.filter((p) => p.name.includes(fragment) || p.id.includes(fragment));
      expect(found.length).toBe(Math.min(100, expected.length));
    }
    await type(v.page, withNumber.id.slice(-7));
    expect(await links(v.page, "projects")).toContain(target);
    expect(await v.page.locator("ul.hits.projects mark").count()).toBeGreaterThan(0);
  });

  test("a query in the address runs on load; typing updates it; Enter opens the first result", async () => {
    const counties = site.metrics("counties.csv");
    const c = counties.find((x) => x.county_name.startsWith("阳西")) ?? counties[0];
    const v = await site.open(`/search.html?q=${encodeURIComponent(c.county_name.slice(0, 2))}`);
    expect(await links(v.page, "counties")).toContain(`./county/${c.county_code}.html`);
    await type(v.page, c.county_name);
    expect(new URL(v.page.url()).searchParams.get("q")).toBe(c.county_name);
    await v.page.locator(".search-box input").press("Enter");
    await v.page.waitForURL(`**/county/${c.county_code}.html`);
    expect(v.errors).toEqual([]);
  });

  test("says so when nothing matches, and caps a long list with its count", async () => {
    const v = await site.open("/search.html");
    await type(v.page, "没有这个县");
    expect(await v.page.locator(".search-results").innerText()).toContain("没有找到");
    const projects = builtProjects(site.fixture.site);
    const prefix = projects[0].id.slice(0, 2);
    await type(v.page, prefix);
    const total = projects.filter(
      (p) => p.id.includes(prefix) || p.name.includes(prefix) || p.county.includes(prefix),
    ).length;
    expect(await v.page.locator(".search-count").innerText()).toContain(
      `批次 ${total.toLocaleString("zh-CN")} 个`,
    );
    expect(await v.page.locator("ul.hits.projects li").count()).toBe(Math.min(100, total));
  });
});
