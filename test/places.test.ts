// The county and city pages (loaders/site/places.ts): Framework builds the first county's and the first
// city's page, the build publishes them under every other code, and each page finds its code in its address.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { builtPlacePaths, placeCodes, publishPlacePages } from "../loaders/site/places.ts";
import { placeCode } from "../src/components/places.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "xianbao-places-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function siteData(name: string, counties: string[], cities: string[]): Promise<string> {
  const data = join(dir, name);
  await mkdir(data, { recursive: true });
  await writeFile(
    join(data, "counties.json"),
    JSON.stringify({ counties: counties.map((code) => ({ code })), cities: cities.map((code) => ({ code })) }),
  );
  return data;
}

describe("builtPlacePaths(siteData)", () => {
  test("the first county's and the first city's page; none before the site data is prepared", async () => {
    const data = await siteData("paths", ["440103", "440104", "441702"], ["4401", "4417"]);
    expect(builtPlacePaths(data)).toEqual(["/county/440103", "/city/4401"]);
    expect(builtPlacePaths(undefined)).toEqual([]);
    expect(builtPlacePaths(join(dir, "none"))).toEqual([]);
    expect(builtPlacePaths(await siteData("empty", [], []))).toEqual([]);
  });
});

describe("publishPlacePages(siteData, siteDir)", () => {
  test("every county and city gets the built page, byte for byte, under its own code", async () => {
    const data = await siteData("publish", ["440103", "440104", "441702"], ["4401", "4417"]);
    const site = join(dir, "site");
    await mkdir(join(site, "county"), { recursive: true });
    await mkdir(join(site, "city"), { recursive: true });
    await writeFile(join(site, "county", "440103.html"), "<p>县区报告</p>");
    await writeFile(join(site, "city", "4401.html"), "<p>地市报告</p>");
    await publishPlacePages(data, site);
    expect((await readdir(join(site, "county"))).sort()).toEqual(["440103.html", "440104.html", "441702.html"]);
    expect((await readdir(join(site, "city"))).sort()).toEqual(["4401.html", "4417.html"]);
    for (const code of placeCodes(data).county)
      expect(await readFile(join(site, "county", `${code}.html`), "utf8")).toBe("<p>县区报告</p>");
    expect(await readFile(join(site, "city", "4417.html"), "utf8")).toBe("<p>地市报告</p>");
  });

  test("refuses in both languages when Framework did not build the first county's page", async () => {
    const data = await siteData("missing", ["440103", "440104"], []);
    const site = join(dir, "site-missing");
    await mkdir(site, { recursive: true });
    const error = await publishPlacePages(data, site).catch((e: unknown) => e);
    expect(error).toMatchObject({
      zh: expect.stringContaining("county/440103.html"),
      en: expect.stringContaining("the site build wrote no county/440103.html"),
    });
  });
});

describe("the county and city page sources", () => {
  test("never read Framework's page parameters: the page built for one code is right for every code", async () => {
    for (const page of ["county", "city"]) {
      const source = await readFile(join("src", page, "[code].md"), "utf8");
      expect(source, page).not.toMatch(/observable\.params/);
      expect(source, page).toContain("placeCode()");
    }
  });
});

describe("placeCode(pathname)", () => {
  test("the code is the page's file name, with or without .html, under any folder", () => {
    expect(placeCode("/county/440103.html")).toBe("440103");
    expect(placeCode("/reports/site/city/4401.html")).toBe("4401");
    expect(placeCode("/county/440103")).toBe("440103");
  });
});
