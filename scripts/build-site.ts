// `npm run build [-- --no-wait]`: builds the report site from XIANBAO_DATA (default the embedded sample)
// into XIANBAO_SITE_OUTPUT (default reports/site), replacing the old site only once the new one is
// complete (loaders/site/publish.ts). Another build of this tree running: waits for it, or with --no-wait
// stops at once naming it.
// `npm run dev`: prepares the same site data, then runs Framework's development server (live reload) on
// the sources. `npm run preview` serves what was built (`xianbao serve`).
// This is an edge: the environment is read here (loaders/env.ts) and passed down.
import { spawn } from "node:child_process";
import { cp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { installInterruptCleanup, removeOnInterrupt } from "../loaders/cleanup.ts";
import { readEnv } from "../loaders/env.ts";
import { isBilingualError } from "../loaders/errors.ts";
import { withLock } from "../loaders/lock.ts";
import { prepareSiteData } from "../loaders/site/cache.ts";
import { buildSite, checkSitePaths, resetFrameworkCache } from "../loaders/site/publish.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
process.chdir(root);
// Framework would report the build to its makers over the network; these machines are offline.
process.env.OBSERVABLE_TELEMETRY_DISABLE = "1";
installInterruptCleanup();
const log = (line: string) => process.stderr.write(line + "\n");

try {
  const env = readEnv();
  const mode = process.argv[2] === "dev" ? "dev" : "build";
  const options = {
    root,
    dataDir: env.data ?? join(root, "data", "sample"),
    output: env.siteOutput ?? join(root, "reports", "site"),
    cacheDir: env.siteCache ?? join(root, ".xianbao", "site"),
    secret: env.hashSecret,
    asOf: env.asOf,
    compareTo: env.compareTo,
    today: env.today,
    warehouse: { memoryLimit: env.memoryLimit, tempDir: env.tempDir },
    chunkBytes: env.chunkBytes,
    wait: !process.argv.includes("--no-wait"),
    log,
  };
  if (mode === "build") {
    const site = await buildSite(options);
    log(`报告 reports: ${site.output} (${site.seconds} s)`);
  } else {
    // The development server reads a private copy: a build meanwhile may prune the cache.
    const { data } = await checkSitePaths(options);
    const copy = join(tmpdir(), `xianbao-dev-${process.pid}`);
    removeOnInterrupt(copy);
    await withLock(
      join(root, ".xianbao", "build.lock"),
      { purpose: { zh: "网站构建", en: "site build" }, wait: options.wait },
      async () => {
        const prepared = await prepareSiteData({ ...options, dataDir: data });
        await cp(prepared.dir, copy, { recursive: true });
      },
    );
    await resetFrameworkCache(root);
    const child = spawn(
      join(root, "node_modules", ".bin", "observable"),
      ["preview", ...process.argv.slice(3)],
      {
        stdio: "inherit",
        env: { ...process.env, XIANBAO_SITE_FILES: copy },
      },
    );
    const code = await new Promise<number>((ok) => child.on("exit", (c) => ok(c ?? 1)));
    await rm(copy, { recursive: true, force: true });
    process.exit(code);
  }
} catch (error) {
  if (isBilingualError(error)) {
    log(`错误: ${error.zh}`);
    log(`error: ${error.en}`);
    process.exit(1);
  }
  log(`内部错误 internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(3);
}
