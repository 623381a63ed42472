// Every page type of the site through axe-core in headless Chromium, on the plain static server: no
// critical or serious violation at a desktop and a phone width (the 两期对比 page has its own in compare).
import { beforeAll, describe, expect, test } from "vitest";
import { seriousViolations } from "./axe.ts";
import { useSite } from "./site.ts";

const site = useSite();
let county = "";
let project = "";

beforeAll(async () => {
  [{ code: county }] = await site.sql<{ code: string }>(
    `SELECT code FROM m_rollups WHERE level = 'county' ORDER BY code LIMIT 1`,
  );
  [{ project_id: project }] = await site.sql<{ project_id: string }>(
    `SELECT project_id FROM m_projects ORDER BY project_id LIMIT 1`,
  );
});

const PAGES: [string, () => string][] = [
  ["总览", () => "/index.html"],
  ["县区进展", () => "/counties.html"],
  ["县区页", () => `/county/${county}.html`],
  ["地市页", () => `/city/${county.slice(0, 4)}.html`],
  ["批次页", () => `/project.html?id=${encodeURIComponent(project)}`],
  ["审计线索", () => "/findings.html"],
  ["减存量", () => "/stock.html"],
  ["资金沉淀", () => "/backlog.html"],
  ["人数核对", () => "/headcount.html"],
  ["新旧办法对比", () => "/methods.html"],
  ["数据质量", () => "/quality.html"],
  ["搜索", () => "/search.html?q=村"],
];

describe("accessibility of every page type (axe-core: no critical or serious violation at 1440 and 390 px)", () => {
  for (const [name, path] of PAGES)
    test(name, async () => {
      const found: string[] = [];
      for (const width of [1440, 390]) {
        const v = await site.open(path(), { width, height: 900 });
        for (const violation of await seriousViolations(v.page)) found.push(`${width}px ${violation}`);
        await v.page.close();
      }
      expect(found, path()).toEqual([]);
    });
});
