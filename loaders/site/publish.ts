/**
 * The site build (`npm run build`): checks the paths, takes the build lock, prepares the site data
 * (cache.ts), then runs Observable Framework's build in this process into a new folder beside the output
 * and swaps it in only when it succeeded (atomic.ts): an interrupted build leaves the published site as it
 * was. Framework empties its output folder when it starts and would write each file's modification time
 * into the pages; here it writes into a fresh folder and reports one fixed time for every file, so the
 * same data, secret and code give a byte-identical site (docs/decisions.md O5).
 */
import { existsSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { checkReplaceableDir, writeDirAtomically } from "../atomic.ts";
import { BilingualError } from "../errors.ts";
import { withLock, type LockOptions } from "../lock.ts";
import { checkDataDir, checkOutputs, isWithin } from "../paths.ts";
import { prepareSiteData, type Prepared, type PrepareOptions } from "./cache.ts";
import { finishPage } from "./notices.ts";
import { publishPlacePages } from "./places.ts";
import { publishShards, SHARD_FOLDERS } from "./shards.ts";

/** The time Framework reports as every file's `lastModified` (it would otherwise be the build time). */
export const FIXED_FILE_TIME = new Date(Date.UTC(2000, 0, 1));

export const SITE_OUT = {
  zh: "网站输出目录 (XIANBAO_SITE_OUTPUT)",
  en: "the site output folder (XIANBAO_SITE_OUTPUT)",
};
const CACHE = { zh: "站点数据缓存 (XIANBAO_SITE_CACHE)", en: "the site data cache (XIANBAO_SITE_CACHE)" };
const BUILD = { zh: "网站构建", en: "site build" };

export interface SiteBuildOptions extends PrepareOptions {
  /** The tree holding src/ and observablehq.config.ts; must be the current directory (Framework's rule). */
  root: string;
  output: string;
  /** Wait for another build of the same tree to finish (default), or fail at once. */
  wait?: boolean;
  log?: (line: string) => void;
}

export interface SiteBuild {
  output: string;
  siteData: Prepared;
  seconds: number;
}

/** Framework's own folders in a built site. */
const FRAMEWORK_DIRS = ["_observablehq", "_import", "_file", "_node", "_npm", "_jsr", "_duckdb"];
/** Folders our own build step writes beside Framework's output (shards.ts). */
const OWN_DIRS: string[] = Object.values(SHARD_FOLDERS);

/** The folders of pages under src/ (e.g. county/): in the output they hold only built pages. */
async function pageFolders(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(root, "src"), { withFileTypes: true }))
    if (entry.isDirectory() && !entry.name.startsWith(".") && !["components", "data"].includes(entry.name))
      out.push(entry.name);
  return out;
}

/** Checks every path of a build before any work; resolves to the absolute data, output and cache paths. */
export async function checkSitePaths(
  options: SiteBuildOptions,
): Promise<{ data: string; owns: (name: string) => boolean }> {
  const data = await checkDataDir(options.dataDir, "XIANBAO_DATA");
  const { root, output, cacheDir } = options;
  await checkOutputs(data, [
    { path: output, role: SITE_OUT },
    { path: cacheDir, role: CACHE },
  ]);
  if (await isWithin(output, join(root, "src")))
    throw new BilingualError(
      `${SITE_OUT.zh} ${output} 位于页面源文件夹 src/ 之内: 下次构建会把它当作页面读入。请放到 src/ 之外 (默认 reports/site)。`,
      `${SITE_OUT.en} ${output} lies inside the page sources (src/): the next build would read it as pages. Put it outside src/ (default reports/site).`,
    );
  for (const [a, b] of [
    [output, cacheDir],
    [cacheDir, output],
  ] as const)
    if (await isWithin(a, b))
      throw new BilingualError(
        `${SITE_OUT.zh} ${output} 与${CACHE.zh} ${cacheDir} 不能互相包含: 替换网站时会删掉缓存, 或清理缓存时会删掉网站。`,
        `${SITE_OUT.en} ${output} and ${CACHE.en} ${cacheDir} must not contain each other: replacing the site would delete the cache, or pruning the cache the site.`,
      );
  const folders = [...FRAMEWORK_DIRS, ...OWN_DIRS, ...(await pageFolders(root))];
  const owns = (name: string) => name.endsWith(".html") || folders.includes(name);
  await checkReplaceableDir(output, { role: SITE_OUT, owns });
  return { data, owns };
}

/** Builds the site; see the module comment. */
export async function buildSite(options: SiteBuildOptions): Promise<SiteBuild> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const root = resolve(options.root);
  if (resolve(process.cwd()) !== root) throw new Error(`the site build must run in ${root}`);
  const { data, owns } = await checkSitePaths(options);
  const lock: LockOptions = {
    purpose: BUILD,
    detail: `数据 data ${data} → ${resolve(options.output)}`,
    wait: options.wait,
    onWait: (_holder, message) => log(`${message.zh}\n${message.en}`),
  };
  // Framework's cache (src/.observablehq/cache) belongs to the tree: one build of a tree at a time. A
  // cache folder outside the tree may be shared by several trees: it has a lock of its own.
  const cacheLock = (await isWithin(options.cacheDir, root)) ? null : `${resolve(options.cacheDir)}.lock`;
  return withLock(join(root, ".xianbao", "build.lock"), lock, () => {
    const work = async (): Promise<SiteBuild> => {
      log(`数据 data: ${data}`);
      if (options.secret === undefined)
        log(
          "未设置 XIANBAO_HASH_SECRET: 本次构建使用随机密钥, 人员键与上次构建不同 / no XIANBAO_HASH_SECRET: a random secret for this build, so person keys differ from the last build",
        );
      const siteData = await prepareSiteData({ ...options, dataDir: data });
      log(
        `站点数据 site data: ${siteData.dir} (${siteData.cached ? "缓存 cached" : "新建 built"}, ${seconds(started)} s)`,
      );
      await resetFrameworkCache(root);
      // Framework's data loaders run as child processes: this is how they find the prepared files.
      process.env.XIANBAO_SITE_FILES = siteData.dir;
      // The shards and the county and city pages are put in before the swap: the published site always
      // has pages and data of the same build.
      const write = async (staging: string) => {
        await frameworkBuild(root, staging);
        await publishPlacePages(siteData.dir, staging);
        await publishShards(siteData.dir, staging);
      };
      await writeDirAtomically(options.output, write, {
        role: SITE_OUT,
        owns,
        fsync: false,
      });
      return { output: resolve(options.output), siteData, seconds: Number(seconds(started)) };
    };
    return cacheLock ? withLock(cacheLock, lock, work) : work();
  });
}

/** Framework's cache of loader outputs in a tree: `<root>/src/.observablehq/cache/<served path>`. */
export const frameworkCache = (root: string) => join(root, "src", ".observablehq", "cache");

/**
 * Empties Framework's cache of the tree: Framework reuses a loader's cached output while the loader file
 * is unchanged, whatever the data (docs/decisions.md O10).
 */
export async function resetFrameworkCache(root: string): Promise<void> {
  await rm(frameworkCache(root), { recursive: true, force: true });
}

function seconds(started: number): string {
  return ((performance.now() - started) / 1000).toFixed(1);
}

/** Runs Framework's build of the tree in the current directory into `outDir` (new and empty). */
async function frameworkBuild(root: string, outDir: string): Promise<void> {
  const { build, FileBuildEffects } = await import("@observablehq/framework/dist/build.js");
  const { readConfig, setCurrentDate } = await import("@observablehq/framework/dist/config.js");
  class SiteEffects extends FileBuildEffects {
    // The folder is new: nothing to empty (Framework's own prepare deletes the output folder).
    override async prepare(): Promise<void> {}
    override async writeFile(outputPath: string, contents: string | Buffer): Promise<void> {
      await super.writeFile(
        outputPath,
        outputPath.endsWith(".html") ? finishPage(String(contents)) : contents,
      );
    }
  }
  const config = await readConfig(
    existsSync(join(root, "observablehq.config.ts")) ? join(root, "observablehq.config.ts") : undefined,
  );
  setCurrentDate(FIXED_FILE_TIME);
  try {
    // Framework reads the output folder back for its size summary.
    await build(
      { config: { ...config, output: outDir } },
      new SiteEffects(outDir, join(config.root, ".observablehq", "cache")),
    );
  } finally {
    setCurrentDate(null);
  }
}
