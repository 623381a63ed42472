/**
 * `xianbao report --annexes DIR`: every county page of the built site printed to its own PDF, the
 * annexes of the circular (docs/outputs.md#annexes). The pages are served from the site folder on
 * 127.0.0.1 (serve.ts) and printed by the system's Chromium through playwright-core, with the site's own
 * print style (src/style.css: A4, the page's title, the day of printing and "第 N 页 / 共 M 页" on every
 * page). The folder appears complete or not at all (atomic.ts): a run stopped half-way leaves the previous
 * annexes as they were.
 */
import { existsSync } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { toCsv } from "@xianbao/common/csv.js";
import { checkReplaceableDir, writeDirAtomically } from "./atomic.ts";
import { BilingualError } from "./errors.ts";
import type { Role } from "./fsErrors.ts";
import { checkDataDir, checkOutputs, isWithin } from "./paths.ts";
import { serveSite } from "./serve.ts";

export const ANNEXES_OUT: Role = { zh: "附件文件夹 (--annexes)", en: "the annex folder (--annexes)" };

/** The index of the annex folder: one row per county with its file and its number of pages. */
export const ANNEX_INDEX = "目录.csv";

/** Where Chromium (or Chrome, Edge) is looked for when XIANBAO_CHROMIUM does not name it. */
export const CHROMIUM_CANDIDATES: readonly string[] = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/usr/bin/microsoft-edge",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
  "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
];

/** Headless, nothing reaching outside this machine (the tests' browser uses the same flags). */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/**
 * The browser to print with: `configured` (XIANBAO_CHROMIUM) when given, which must exist, else the
 * first of CHROMIUM_CANDIDATES present. Throws a bilingual message naming the fix when there is none.
 */
export function findChromium(configured?: string, candidates = CHROMIUM_CANDIDATES): string {
  if (configured) {
    if (existsSync(configured)) return resolve(configured);
    throw new BilingualError(
      `XIANBAO_CHROMIUM=${configured} 不存在: 打印附件需要 Chromium (或 Chrome、Edge)。请安装 (Debian/Ubuntu: \`apt-get install chromium fonts-noto-cjk\`), 或把 XIANBAO_CHROMIUM 设为浏览器程序的完整路径。`,
      `XIANBAO_CHROMIUM=${configured} does not exist: printing the annexes needs Chromium (or Chrome, Edge). Install it (Debian/Ubuntu: \`apt-get install chromium fonts-noto-cjk\`), or set XIANBAO_CHROMIUM to the browser program's full path.`,
    );
  }
  const found = candidates.find((c) => existsSync(c));
  if (found) return found;
  throw new BilingualError(
    `没有找到 Chromium (或 Chrome、Edge), 无法打印附件 (已查找 ${candidates.join(", ")})。请安装 (Debian/Ubuntu: \`apt-get install chromium fonts-noto-cjk\`), 或把环境变量 XIANBAO_CHROMIUM 设为浏览器程序的完整路径。`,
    `no Chromium (or Chrome, Edge) found to print the annexes (looked for ${candidates.join(", ")}). Install it (Debian/Ubuntu: \`apt-get install chromium fonts-noto-cjk\`), or set XIANBAO_CHROMIUM to the browser program's full path.`,
  );
}

export interface SiteCounty {
  code: string;
  name: string;
  city_name: string;
}

export interface SiteInfo {
  /** The as-of date the site was built for. */
  asOf: string;
  counties: SiteCounty[];
}

function notBuilt(site: string, what: string, whatEn: string): BilingualError {
  return new BilingualError(
    `${site} 不是一个构建完整的网站 (${what})。请先运行 \`npm run build\` 构建网站 (截止日期用 XIANBAO_AS_OF 指定), 或用 --site 指向构建好的网站文件夹。`,
    `${site} is not a complete built site (${whatEn}). Build it first with \`npm run build\` (the as-of date set by XIANBAO_AS_OF), or point --site at the built site's folder.`,
  );
}

/**
 * What the built site in `site` was built for: its as-of date and its counties, read from the file the
 * league page loads (its path is in the page, as Framework wrote it). Throws when the site is missing,
 * incomplete, or (with `asOf`) built for another as-of date.
 */
export async function readSiteInfo(site: string, asOf?: string): Promise<SiteInfo> {
  const league = await readFile(join(site, "counties.html"), "utf8").catch(() => null);
  if (league === null) throw notBuilt(site, "缺少 counties.html", "no counties.html");
  const path = /registerFile\("\.\/data\/counties\.json", \{[^}]*"path":"\.\/([^"]+)"/.exec(league)?.[1];
  const text = path ? await readFile(join(site, path), "utf8").catch(() => null) : null;
  if (text === null) throw notBuilt(site, "缺少县区数据文件", "the counties' data file is missing");
  const data = JSON.parse(text) as { as_of?: string; counties?: SiteCounty[] };
  if (typeof data.as_of !== "string" || !Array.isArray(data.counties))
    throw notBuilt(site, "县区数据文件不完整", "the counties' data file is incomplete");
  if (asOf && asOf !== data.as_of)
    throw new BilingualError(
      `网站 ${site} 是按截止日期 ${data.as_of} 构建的, 而要求的是 ${asOf}。请用 \`XIANBAO_AS_OF=${asOf} npm run build\` 重新构建网站后再打印, 或去掉 --as-of 打印现有网站。`,
      `the site ${site} was built for the as-of date ${data.as_of}, not ${asOf}. Rebuild it with \`XIANBAO_AS_OF=${asOf} npm run build\` and print again, or leave out --as-of to print the site as it is.`,
    );
  for (const c of data.counties)
    if (!(await stat(join(site, "county", `${c.code}.html`)).catch(() => null))?.isFile())
      throw notBuilt(
        site,
        `缺少县区页 county/${c.code}.html`,
        `the county page county/${c.code}.html is missing`,
      );
  return { asOf: data.as_of, counties: data.counties };
}

/** The file of a county's annex: its code and name (characters no file system accepts replaced). */
export function annexFileName(county: { code: string; name: string }): string {
  return `${county.code}_${county.name.replace(/[\\/:*?"<>|\s]+/g, "_")}.pdf`;
}

/** Whether an entry of an existing annex folder is one this command writes there. */
export function ownsAnnex(name: string): boolean {
  return name === ANNEX_INDEX || /^\d{6}_.+\.pdf$/.test(name);
}

/** The number of pages of a PDF as Chromium writes it (one `/Type /Page` object per page). */
export function pdfPageCount(pdf: Uint8Array): number {
  return (
    Buffer.from(pdf)
      .toString("latin1")
      .match(/\/Type\s*\/Page(?![A-Za-z])/g) ?? []
  ).length;
}

export interface AnnexOptions {
  /** The built site. */
  site: string;
  /** The annex folder, replaced as a whole. */
  out: string;
  /** The as-of date asked for: the site must be built for it. */
  asOf?: string;
  /** The data folder outputs must stay out of (when known). */
  dataDir?: string;
  /** XIANBAO_CHROMIUM. */
  chromium?: string;
  log: (line: string) => void;
}

export interface Annex {
  code: string;
  name: string;
  city: string;
  file: string;
  pages: number;
  /** The site's as-of date: every annex is of the same period. */
  asOf: string;
}

/**
 * Checks everything before any work: the site is built (for `asOf`), a browser is there, the annex
 * folder is outside the data folder and the site and holds only annexes. Resolves to the site's counties
 * and the browser's path.
 */
export async function checkAnnexes(
  options: AnnexOptions,
): Promise<{ info: SiteInfo; chromium: string; site: string }> {
  const stated = await stat(options.site).catch(() => null);
  if (!stated?.isDirectory())
    throw new BilingualError(
      `网站文件夹 ${options.site} 不存在。请先运行 \`npm run build\` 构建网站, 或用 --site 指向构建好的网站文件夹。`,
      `the site folder ${options.site} does not exist. Build the site first with \`npm run build\`, or point --site at the built site's folder.`,
    );
  const site = resolve(options.site);
  const info = await readSiteInfo(site, options.asOf);
  const chromium = findChromium(options.chromium);
  if (options.dataDir) {
    const data = await checkDataDir(options.dataDir);
    await checkOutputs(data, [{ path: options.out, role: ANNEXES_OUT }]);
  }
  if ((await isWithin(options.out, site)) || (await isWithin(site, options.out)))
    throw new BilingualError(
      `${ANNEXES_OUT.zh} ${options.out} 与网站文件夹 ${site} 不能互相包含: 重新构建网站或写出附件时会整体替换该文件夹。请把附件放到网站之外。`,
      `${ANNEXES_OUT.en} ${options.out} and the site folder ${site} must not contain each other: rebuilding the site or writing the annexes replaces that folder as a whole. Put the annexes outside the site.`,
    );
  await checkReplaceableDir(options.out, { role: ANNEXES_OUT, owns: ownsAnnex });
  return { info, chromium, site };
}

/**
 * What a county page has drawn once its data arrived (src/county/[code].md): its heading, the projects
 * table and the rules' summary; Framework's placeholders of inline values are gone.
 */
const COUNTY_READY = ["#observablehq-main h1", ".projects-table table", ".rule-summary"];

/** Opens a county page and waits until it has rendered; throws when the page shows an error. */
async function openCounty(page: Page, url: string, county: SiteCounty): Promise<void> {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForFunction(
    (ready) =>
      ready.every((s) => document.querySelector(s) !== null) ||
      document.querySelector(".observablehq--error") !== null,
    COUNTY_READY,
    { timeout: 60_000 },
  );
  await page.waitForFunction(() => document.querySelector("observablehq-loading") === null);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const shown = await page.evaluate(() =>
    [...document.querySelectorAll(".observablehq--error")].map((e) => e.textContent ?? ""),
  );
  if (errors.length || shown.length)
    throw new BilingualError(
      `县区页 county/${county.code}.html (${county.name}) 显示出错, 未打印: ${[...errors, ...shown][0]}。请重新构建网站 (\`npm run build\`) 后再试; 仍出错请报告。`,
      `the county page county/${county.code}.html (${county.name}) shows an error and was not printed: ${[...errors, ...shown][0]}. Rebuild the site (\`npm run build\`) and try again; report it if it persists.`,
    );
}

/** A4 at 96 px per inch: charts are drawn at the width they are printed at. */
const A4_VIEWPORT = { width: 794, height: 1123 };

/** Prints every county page of the site into the annex folder; resolves to the annexes written. */
export async function writeAnnexes(options: AnnexOptions): Promise<Annex[]> {
  const { info, chromium, site } = await checkAnnexes(options);
  const { chromium: playwright } = await import("playwright-core");
  return writeDirAtomically(
    options.out,
    async (dir) => {
      const server = await serveSite(site);
      let browser: Browser | undefined;
      try {
        browser = await playwright
          .launch({ executablePath: chromium, headless: true, args: [...CHROMIUM_ARGS] })
          .catch((error: Error) => {
            throw new BilingualError(
              `无法启动浏览器 ${chromium}: ${error.message.split("\n")[0]}。请确认它是 Chromium、Chrome 或 Edge, 或用 XIANBAO_CHROMIUM 指向另一个。`,
              `cannot start the browser ${chromium}: ${error.message.split("\n")[0]}. Check that it is Chromium, Chrome or Edge, or point XIANBAO_CHROMIUM at another.`,
            );
          });
        const annexes: Annex[] = [];
        for (const [i, county] of info.counties.entries()) {
          const page = await browser.newPage({ viewport: A4_VIEWPORT });
          try {
            await openCounty(page, `${server.url}county/${county.code}.html`, county);
            const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
            const file = annexFileName(county);
            await writeFile(join(dir, file), pdf);
            const pages = pdfPageCount(pdf);
            annexes.push({
              code: county.code,
              name: county.name,
              city: county.city_name,
              file,
              pages,
              asOf: info.asOf,
            });
            options.log(
              `附件 annex ${i + 1}/${info.counties.length}: ${county.code} ${county.name} → ${file} (${pages} 页 pages)`,
            );
          } finally {
            await page.close();
          }
        }
        await writeFile(
          join(dir, ANNEX_INDEX),
          toCsv(annexes, [
            { key: "code", label: "县区代码" },
            { key: "name", label: "县区" },
            { key: "city", label: "所属市" },
            { key: "file", label: "文件" },
            { key: "pages", label: "页数", kind: "number" },
            { key: "asOf", label: "数据截至" },
          ]),
        );
        return annexes;
      } finally {
        await browser?.close();
        await server.close();
      }
    },
    { role: ANNEXES_OUT, owns: ownsAnnex },
  );
}
