/**
 * The county and city pages (src/county/[code].md, src/city/[code].md): one page per county and per city
 * at county/<code>.html and city/<code>.html, each page reading its code from its own address and
 * fetching its data file, <code>.json.gz of the site data's county/ and city/ folders (written by
 * pages/counties.ts, published as _county/ and _city/ with the shards). Every county page is thus the
 * same file: Framework builds one, for the data's first county (and one for its first city), and the
 * build publishes it under every other code. Framework's part of a national build (3,320 county and city
 * pages) went from 474.5 to 47.4 s (docs/decisions.md O15).
 */
import { copyFile } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BilingualError } from "../errors.ts";

/** The page folders and the list of counties.json that names their codes. */
const PLACES = { county: "counties", city: "cities" } as const;

/** The codes of the counties and of the cities of prepared site data (its counties.json). */
export function placeCodes(siteData: string): Record<keyof typeof PLACES, string[]> {
  const list = JSON.parse(readFileSync(join(siteData, "counties.json"), "utf8")) as Record<
    string,
    { code: string }[]
  >;
  return {
    county: list[PLACES.county].map((c) => c.code),
    city: list[PLACES.city].map((c) => c.code),
  };
}

/**
 * The county and city paths Framework builds (observablehq.config.ts dynamicPaths): the first county's
 * and the first city's page; none before the site data is prepared.
 */
export function builtPlacePaths(siteData: string | undefined): string[] {
  if (!siteData || !existsSync(join(siteData, "counties.json"))) return [];
  const codes = placeCodes(siteData);
  return (Object.keys(PLACES) as (keyof typeof PLACES)[]).flatMap((page) =>
    codes[page].slice(0, 1).map((code) => `/${page}/${code}`),
  );
}

/** Publishes the page Framework built for the first county (city) under every county's (city's) code. */
export async function publishPlacePages(siteData: string, siteDir: string): Promise<void> {
  const codes = placeCodes(siteData);
  for (const page of Object.keys(PLACES) as (keyof typeof PLACES)[]) {
    const [first, ...rest] = codes[page];
    if (first === undefined) continue;
    const built = join(siteDir, page, `${first}.html`);
    if (!existsSync(built))
      throw new BilingualError(
        `网站构建没有生成 ${page}/${first}.html, 无法发布其他${page === "county" ? "县区" : "地市"}页。请重新运行 \`npm run build\`; 仍出错请报告。`,
        `the site build wrote no ${page}/${first}.html, so the other ${page} pages cannot be published. Run \`npm run build\` again; report it if it persists.`,
      );
    for (const code of rest) await copyFile(built, join(siteDir, page, `${code}.html`));
  }
}
