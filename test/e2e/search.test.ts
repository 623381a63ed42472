// 搜索 in headless Chromium: Chinese fragments of county names, codes, project names and approval numbers
// find the right county and project, instantly and from a link (search?q=...).
import { readdirSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { useSite } from "./site.ts";
import { projectHref } from "../../src/components/links.js";

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

/** The built search index's villages, with the projects they belong to. */
function builtVillages(site: string): { code: string; name: string; projects: string[] }[] {
  const dir = join(site, "_file", "data");
  const file = readdirSync(dir).find((f) => /^search\.[0-9a-f]+\.json$/.test(f))!;
  const data = JSON.parse(readFileSync(join(dir, file), "utf8"));
  return data.villages.code.map((code: string, i: number) => ({
    code,
    name: data.villages.name[i],
    projects: data.villages.projects[i].map((j: number) => data.projects.project_id[j]),
  }));
}

/** Every person of the built person shards: [last four, masked ID, credits]. */
function builtPersons(site: string): { last4: string; person: string; credits: number }[] {
  const dir = join(site, "_person");
  return readdirSync(dir).flatMap((f) => {
    const shard = JSON.parse(gunzipSync(readFileSync(join(dir, f))).toString("utf8"));
    return Object.entries(shard.persons as Record<string, [string, number[], number][]>).flatMap(
      ([last4, list]) => list.map(([person, , credits]) => ({ last4, person, credits })),
    );
  });
}

async function type(page: Page, query: string) {
  await page.locator(".search-box input").fill(query);
  await page.waitForTimeout(100);
}

const links = (page: Page, kind: "counties" | "projects" | "villages" | "persons") =>
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
      // The list follows the typing after a short delay: wait for it rather than a fixed time.
      await expect
        .poll(async () => (await links(v.page, "counties")).sort(), { message: q, timeout: 10_000 })
        .toEqual(expected.sort());
    }
    expect(v.errors).toEqual([]);
  });

  test("finds a project by a fragment of its approval number (〔〕 or half-width brackets) and of its number", async () => {
    const v = await site.open("/search.html");
    const projects = builtProjects(site.fixture.site);
    const withNumber = projects.find((p) => /〔\d{4}〕\d{2,}/.test(p.name))!;
    const approval = withNumber.name.match(/〔\d{4}〕\d+/)![0];
    const fragment = approval.slice(0, -1); // e.g. 〔2019〕34 of 〔2019〕345号
    // every project id links to its own page (批次页)
    const target = projectHref(withNumber.id);
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

  test("finds a village by its name or code, linking to its projects' pages", async () => {
    const villages = builtVillages(site.fixture.site);
    expect(villages.length).toBeGreaterThan(10);
    const village = villages.find((x) => x.projects.length > 0 && x.name.length > 1)!;
    const v = await site.open("/search.html");
    for (const q of [village.name, village.code]) {
      await type(v.page, q);
      const found = await links(v.page, "villages");
      for (const id of village.projects)
        expect(found, q).toContain(`./project.html?id=${encodeURIComponent(id)}`);
    }
    expect(await v.page.locator(".search-count").innerText()).toMatch(/村 [\d,]+ 个/);
    expect(v.errors).toEqual([]);
  });

  test("finds people by a masked ID as the site shows it, or its last four characters", async () => {
    const persons = builtPersons(site.fixture.site);
    expect(persons.length).toBeGreaterThan(100);
    expect(persons.every((p) => /^\d{6}\*{8}\d{3}[\dX]$/.test(p.person))).toBe(true);
    const target = persons[Math.floor(persons.length / 2)];
    const v = await site.open("/search.html");
    await type(v.page, target.person);
    await v.page.locator("ul.hits.persons").waitFor();
    const shown = await v.page.locator("ul.hits.persons code.person").allInnerTexts();
    const sameMask = persons.filter((p) => p.person === target.person).length;
    expect(shown.filter((t) => t === target.person).length).toBe(sameMask);
    expect(shown.every((t) => t === target.person)).toBe(true);
    await type(v.page, target.last4.toLowerCase());
    await v.page.locator("ul.hits.persons").waitFor();
    const byLast4 = persons.filter((p) => p.last4 === target.last4).length;
    expect(await v.page.locator("ul.hits.persons li").count()).toBe(byLast4);
    expect(await v.page.locator(".search-count").innerText()).toContain(
      `人员 ${byLast4.toLocaleString("zh-CN")} 人`,
    );
    expect(v.errors).toEqual([]);
  });

  test("every page has a search box that opens the search page with the words typed", async () => {
    const counties = site.metrics("counties.csv");
    for (const path of ["/index.html", "/findings.html", `/county/${counties[0].county_code}.html`]) {
      const v = await site.open(path);
      const box = v.page.locator("#observablehq-sidebar form.site-search input[name=q]");
      await expect(box.count(), path).resolves.toBe(1);
      const sidebarHidden = !(await box.isVisible());
      if (sidebarHidden) await v.page.locator("#observablehq-sidebar-toggle").check({ force: true });
      await box.fill(counties[0].county_name);
      await box.press("Enter");
      await v.page.waitForURL(/\/search\.html\?q=/);
      await v.page.locator("ul.hits.counties").waitFor();
      expect(new URL(v.page.url()).searchParams.get("q")).toBe(counties[0].county_name);
      expect(await links(v.page, "counties")).toContain(`./county/${counties[0].county_code}.html`);
    }
  });
});
