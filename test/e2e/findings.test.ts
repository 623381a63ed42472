// 审计线索 in headless Chromium: counts equal the metrics outputs, filters narrow the table to the matching
// findings.csv rows, and the evidence downloads are valid CSV (BOM, Chinese headers, neutralised formulas)
// and XLSX with the filtered rows.
import { readdir, readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import ExcelJS from "exceljs";
import type { APIResponse, Page } from "playwright-core";
import { download, parseCsv, useSite } from "./site.ts";
import { EVIDENCE_COLUMNS } from "../../common/evidence.js";

const CODES = ["F01", "F02", "F03", "F04", "F05", "F06", "F07", "F08", "F09", "F10", "F11", "F12"];
const FULL_ID = /\b\d{17}[\dXx]\b/;

async function shownCount(page: Page): Promise<number> {
  return Number(await page.locator(".shown-count").getAttribute("data-count"));
}

/** A findings shard as the page's route sees it: gzip bytes, unless the server decoded them. */
async function shardJson(response: APIResponse) {
  const bytes = await response.body();
  return JSON.parse((bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString("utf8"));
}

/** Sorted copy, for comparing multisets. */
const sorted = (list: string[]) => [...list].sort();

describe("审计线索 /findings", () => {
  const site = useSite();
  const findings = () => site.metrics("findings.csv");
  const countyOf = () => new Map(site.metrics("projects.csv").map((p) => [p.project_id, p.county_code]));

  test("loads with no console error and no request outside the site", async () => {
    const v = await site.open("/findings.html");
    expect(v.errors).toEqual([]);
    expect(v.outside).toEqual([]);
    expect(v.failed).toEqual([]);
  });

  test("counts by rule equal counties.csv and findings.csv", async () => {
    const v = await site.open("/findings.html");
    const counties = site.metrics("counties.csv");
    const rows = findings();
    expect(
      Number(
        await v.page
          .locator(".total-findings")
          .innerText()
          .then((t) => t.replace(/,/g, "")),
      ),
    ).toBe(rows.length);
    for (const code of CODES) {
      const shown = Number(await v.page.locator(`section#${code} .n`).getAttribute("data-count"));
      expect(shown, code).toBe(counties.reduce((a, c) => a + Number(c[code]), 0));
      expect(shown, code).toBe(rows.filter((r) => r.code === code).length);
    }
  });

  test("the county matrix equals the F01..F12 columns of counties.csv", async () => {
    const v = await site.open("/findings.html");
    const all = v.page.locator(".county-matrix .table-more button").last();
    if (await all.count()) await all.click();
    const cells = await v.page.$$eval(".county-matrix .mx[data-rule^='F']", (els) =>
      els.map(
        (e) =>
          [
            e.getAttribute("data-county"),
            e.getAttribute("data-rule"),
            Number(e.getAttribute("data-count") ?? 0),
          ] as const,
      ),
    );
    const shown = new Map(cells.map(([county, rule, n]) => [`${county} ${rule}`, n]));
    for (const c of site.metrics("counties.csv"))
      for (const code of CODES)
        expect(shown.get(`${c.county_code} ${code}`) ?? 0, `${c.county_code} ${code}`).toBe(Number(c[code]));
  });

  test("filtering by rule and by county narrows the table to the matching findings.csv rows", async () => {
    const v = await site.open("/findings.html");
    const rows = findings();
    for (const code of ["F08", "F01"]) {
      await v.page.selectOption("select[name=rule]", code);
      const expected = rows.filter((r) => r.code === code);
      await expect.poll(() => shownCount(v.page)).toBe(expected.length);
      const ids = await v.page.$$eval(".findings-table tbody tr td[data-key=project_id] a", (els) =>
        els.map((e) => e.textContent ?? ""),
      );
      if (expected.length <= 100) expect(sorted(ids)).toEqual(sorted(expected.map((r) => r.project_id)));
      else expect(ids.length).toBe(100);
    }
    await v.page.selectOption("select[name=rule]", "");
    await expect.poll(() => shownCount(v.page)).toBe(rows.length);
    const county = countyOf();
    const byCounty = new Map<string, number>();
    for (const r of rows)
      byCounty.set(county.get(r.project_id)!, (byCounty.get(county.get(r.project_id)!) ?? 0) + 1);
    const [code] = [...byCounty.entries()].sort((a, b) => b[1] - a[1])[0];
    await v.page.selectOption("select[name=county]", code);
    await expect.poll(() => shownCount(v.page)).toBe(byCounty.get(code));
    await v.page.selectOption("select[name=rule]", "F06");
    await expect
      .poll(() => shownCount(v.page))
      .toBe(rows.filter((r) => r.code === "F06" && county.get(r.project_id) === code).length);
    const counties = await v.page.$$eval(".findings-table tbody tr td:nth-child(2) a", (els) =>
      els.map((e) => e.getAttribute("href")),
    );
    expect(new Set(counties)).toEqual(new Set(counties.length ? [`./county/${code}.html`] : []));
  });

  test("the overview's link findings#F03 opens the page filtered to that rule", async () => {
    const v = await site.open("/findings.html#F03");
    expect(await v.page.locator("select[name=rule]").inputValue()).toBe("F03");
    await expect.poll(() => shownCount(v.page)).toBe(findings().filter((r) => r.code === "F03").length);
  });

  test("the same-person link shows every finding of that person", async () => {
    const v = await site.open("/findings.html");
    // The sample has nobody with two findings; give three person rows the first row's person, as a
    // person credited twice while under 16 would have (F08 and F09).
    let linked = 0;
    await v.page.route("**/_finding/all.json.gz*", async (route) => {
      const response = await route.fetch();
      const json = await shardJson(response);
      const rows = json.rows;
      const withPerson = (rows.person_key as (string | null)[]).flatMap((p, i) => (p === null ? [] : [i]));
      const first = withPerson[0];
      for (const i of withPerson.slice(0, 3)) {
        rows.person_key[i] = rows.person_key[first];
        rows.person[i] = rows.person[first];
      }
      linked = (rows.person_key as (string | null)[]).filter((p) => p === rows.person_key[first]).length;
      for (const i of withPerson)
        if (rows.person_key[i] === rows.person_key[first]) rows.person_findings[i] = linked;
      await route.fulfill({ response, json });
    });
    await v.page.reload({ waitUntil: "networkidle" });
    // the shard is fetched once the page's code runs, which may come after the network was idle
    await expect.poll(() => linked, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    await v.page.selectOption("select[name=rule]", "F08");
    await expect.poll(() => shownCount(v.page)).toBe(findings().filter((r) => r.code === "F08").length);
    const button = v.page.locator(".same-person").first();
    expect(await button.innerText()).toBe(`同一人共 ${linked} 条`);
    await button.click();
    expect(await v.page.locator("select[name=rule]").inputValue()).toBe("");
    await expect.poll(() => shownCount(v.page)).toBe(linked);
    const masked = await v.page.$$eval(".findings-table tbody tr .person", (els) =>
      els.map((e) => e.textContent),
    );
    expect(masked.length).toBe(linked);
    expect(new Set(masked).size).toBe(1);
    await v.page.click(".person-filter button");
    await expect.poll(() => shownCount(v.page)).toBe(findings().length);
  });

  test("the CSV download has a BOM, Chinese headers and exactly the filtered rows", async () => {
    const v = await site.open("/findings.html");
    await v.page.selectOption("select[name=rule]", "F08");
    await expect.poll(() => shownCount(v.page)).toBe(findings().filter((r) => r.code === "F08").length);
    const bytes = await download(v.page, "button[name=csv]");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.toString("utf8").slice(1));
    // the columns of `xianbao export`, so a county fills in the file from either
    expect(header).toEqual(EVIDENCE_COLUMNS.map((c) => c.label));
    const col = (name: string) => header.indexOf(name);
    const expected = findings().filter((r) => r.code === "F08");
    expect(rows.length).toBe(expected.length);
    expect(rows.every((r) => r[col("规则")] === "F08")).toBe(true);
    expect(rows.every((r) => r[col("线索编号")].startsWith("F08:"))).toBe(true);
    expect(sorted(rows.map((r) => r[col("线索编号")]))).toEqual(sorted(expected.map((r) => r.finding_key)));
    for (const answer of ["整改状态", "报告日期", "整改说明"])
      expect(rows.every((r) => r[col(answer)] === "")).toBe(true);
    const key = (project: string, person: string, amount: string) => `${project} ${person} ${amount}`;
    expect(
      sorted(rows.map((r) => key(r[col("批次编号")], r[col("公民身份号码")], r[col("金额(元)")]))),
    ).toEqual(sorted(expected.map((r) => key(r.project_id, r.person, r.amount_yuan))));
    expect(bytes.toString("utf8")).not.toMatch(FULL_ID);
  });

  test("the XLSX download is readable by exceljs and has the same rows", async () => {
    const v = await site.open("/findings.html");
    await v.page.selectOption("select[name=rule]", "F01");
    await expect.poll(() => shownCount(v.page)).toBe(findings().filter((r) => r.code === "F01").length);
    const csv = parseCsv((await download(v.page, "button[name=csv]")).toString("utf8").slice(1));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download(v.page, "button[name=xlsx]")) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const xlsx: unknown[][] = [];
    sheet.eachRow((row) => xlsx.push((row.values as unknown[]).slice(1)));
    expect(xlsx.length).toBe(csv.length);
    expect(xlsx[0]).toEqual(csv[0]);
    const amount = csv[0].indexOf("金额(元)");
    const project = csv[0].indexOf("批次编号");
    for (let i = 1; i < csv.length; i++) {
      expect(xlsx[i][project]).toBe(csv[i][project]);
      expect(Math.round((xlsx[i][amount] as number) * 100)).toBe(Math.round(Number(csv[i][amount]) * 100));
    }
    expect(csv.length - 1).toBe(findings().filter((r) => r.code === "F01").length);
  });

  test("a cell starting with = arrives neutralised in CSV and XLSX", async () => {
    const v = await site.open("/findings.html");
    const formula = '=HYPERLINK("http://example.invalid","x")';
    let target = "";
    await v.page.route("**/_finding/all.json.gz*", async (route) => {
      const response = await route.fetch();
      const json = await shardJson(response);
      json.projects.name[0] = formula;
      target = json.projects.id[0];
      await route.fulfill({ response, json });
    });
    await v.page.reload({ waitUntil: "networkidle" });
    await expect.poll(() => target, { timeout: 20_000 }).not.toBe("");
    await expect.poll(() => shownCount(v.page)).toBe(findings().length);
    await v.page.fill("input[name=text]", target);
    await expect
      .poll(() => shownCount(v.page))
      .toBe(findings().filter((r) => r.project_id === target).length);
    const csv = parseCsv((await download(v.page, "button[name=csv]")).toString("utf8").slice(1));
    const name = csv[0].indexOf("项目名称");
    expect(csv.slice(1).every((r) => r[name] === `'${formula}`)).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download(v.page, "button[name=xlsx]")) as unknown as ArrayBuffer);
    const cell = workbook.worksheets[0].getRow(2).getCell(name + 1);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(formula);
  });

  test("no full ID number in the page text or its data", async () => {
    const v = await site.open("/findings.html");
    await v.page.selectOption("select[name=rule]", "F09");
    await expect.poll(() => shownCount(v.page)).toBe(findings().filter((r) => r.code === "F09").length);
    expect(await v.page.locator("body").innerText()).not.toMatch(FULL_ID);
    const dir = join(site.fixture.site, "_file", "data");
    const files = (await readdir(dir)).filter((f) => /^findings\.[0-9a-f]+\.json$/.test(f));
    expect(files.length).toBe(1);
    const data = await readFile(join(dir, files[0]), "utf8");
    expect(data).not.toMatch(FULL_ID);
    const shards = join(site.fixture.site, "_finding");
    const names = await readdir(shards);
    expect(names).toContain("all.json.gz");
    for (const name of names)
      expect(gunzipSync(await readFile(join(shards, name))).toString("utf8"), name).not.toMatch(FULL_ID);
  });

  test("filters by open / resolved and by rectification status; the 整改不实 claims come first", async () => {
    const all = findings();
    const notConfirmed = all.filter((r) => r.verdict === "not_confirmed");
    expect(notConfirmed.length).toBeGreaterThan(0);
    const v = await site.open("/findings.html");
    expect(Number(await v.page.locator(".not-confirmed-count").getAttribute("data-count"))).toBe(
      notConfirmed.length,
    );
    const firstRows = await v.page
      .locator(".findings-table tbody tr")
      .evaluateAll(
        (rows, n) => rows.slice(0, n as number).map((r) => r.textContent ?? ""),
        notConfirmed.length,
      );
    expect(firstRows.every((t) => t.includes("整改不实"))).toBe(true);
    await v.page.selectOption("select[name=status]", "open");
    await expect.poll(() => shownCount(v.page)).toBe(all.filter((r) => r.resolved === "false").length);
    await v.page.selectOption("select[name=status]", "resolved");
    await expect.poll(() => shownCount(v.page)).toBe(all.filter((r) => r.resolved === "true").length);
    await v.page.selectOption("select[name=status]", "");
    for (const [value, expected] of [
      ["not_confirmed", notConfirmed.length],
      ["confirmed", all.filter((r) => r.verdict === "confirmed").length],
      ["in_progress", all.filter((r) => r.rectification === "in_progress").length],
      ["explained", all.filter((r) => r.rectification === "explained").length],
      ["none", all.filter((r) => r.rectification === "").length],
    ] as const) {
      await v.page.selectOption("select[name=rectification]", value);
      await expect.poll(() => shownCount(v.page), { message: value }).toBe(expected);
    }
    expect(v.errors).toEqual([]);
  });

  test("a link chooses the filter: findings.html?rectification=not_confirmed", async () => {
    const v = await site.open("/findings.html?rectification=not_confirmed");
    await expect
      .poll(() => shownCount(v.page))
      .toBe(findings().filter((r) => r.verdict === "not_confirmed").length);
    expect(await v.page.locator("select[name=rectification]").inputValue()).toBe("not_confirmed");
  });
  test("filters by the project's approval date (both ends included) and by rule", async () => {
    const approved = new Map(site.metrics("projects.csv").map((p) => [p.project_id, p.approved_on]));
    const all = findings();
    const days = [...new Set(all.map((r) => approved.get(r.project_id)!))].sort();
    const [from, to] = [days[Math.floor(days.length / 4)], days[Math.floor((days.length * 3) / 4)]];
    const v = await site.open(`/findings.html?approved_from=${from}&approved_to=${to}`);
    const inRange = (r: Record<string, string>) =>
      approved.get(r.project_id)! >= from && approved.get(r.project_id)! <= to;
    await expect.poll(() => shownCount(v.page)).toBe(all.filter(inRange).length);
    expect(await v.page.locator("input[name=approved_from]").inputValue()).toBe(from);
    await v.page.selectOption("select[name=rule]", "F01");
    await expect
      .poll(() => shownCount(v.page))
      .toBe(all.filter((r) => r.code === "F01" && inRange(r)).length);
    await v.page.fill("input[name=approved_to]", "");
    await expect
      .poll(() => shownCount(v.page))
      .toBe(all.filter((r) => r.code === "F01" && approved.get(r.project_id)! >= from).length);
  });

  test("F06/F07 rows carry the headcount ratio; sorting its column ranks them largest first", async () => {
    const projects = new Map(site.metrics("projects.csv").map((p) => [p.project_id, p]));
    const v = await site.open("/findings.html");
    await v.page.selectOption("select[name=rule]", "F06");
    const f06 = findings().filter((r) => r.code === "F06");
    expect(f06.length).toBeGreaterThan(1);
    await expect.poll(() => shownCount(v.page)).toBe(f06.length);
    await v.page.click(".findings-table th[data-key=headcount_ratio]");
    const ratios = await v.page.$$eval(".findings-table tbody [data-ratio]", (els) =>
      els.map((e) => Number(e.getAttribute("data-ratio"))),
    );
    expect(ratios.length).toBe(Math.min(100, f06.length));
    expect(ratios).toEqual([...ratios].sort((a, b) => b - a));
    const expected = f06
      .map((r) => Number(projects.get(r.project_id)!.headcount_ratio))
      .sort((a, b) => b - a);
    expect(ratios[0]).toBeCloseTo(expected[0], 3);
  });

  test("read in shards (as with many findings): a county and a rule fetch only their shards, counts unchanged", async () => {
    const v = await site.open("/findings.html");
    await v.page.route("**/_file/data/findings*.json", async (route) => {
      const response = await route.fetch();
      const json = await response.json();
      json.shards.all = false;
      await route.fulfill({ response, json });
    });
    const fetched: string[] = [];
    v.page.on("request", (r) => {
      const m = /_finding\/([^?]+)/.exec(r.url());
      if (m) fetched.push(m[1]);
    });
    await v.page.reload({ waitUntil: "networkidle" });
    const rows = findings();
    const county = countyOf();
    await expect.poll(() => shownCount(v.page)).toBe(rows.length);
    expect(fetched).not.toContain("all.json.gz");
    const [code] = [...new Set(rows.map((r) => county.get(r.project_id)!))];
    fetched.length = 0;
    await v.page.selectOption("select[name=rule]", "F10");
    await v.page.evaluate(
      (c) => (document.querySelector("form.finding-filters") as any).set({ county: c }),
      code,
    );
    await expect
      .poll(() => shownCount(v.page))
      .toBe(rows.filter((r) => r.code === "F10" && county.get(r.project_id) === code).length);
    await v.page.selectOption("select[name=rectification]", "not_confirmed");
    await expect
      .poll(() => shownCount(v.page))
      .toBe(
        rows.filter(
          (r) => r.verdict === "not_confirmed" && r.code === "F10" && county.get(r.project_id) === code,
        ).length,
      );
    expect(v.errors).toEqual([]);
  });
});
