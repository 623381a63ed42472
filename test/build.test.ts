// `npm run build` (scripts/build-site.ts, loaders/site/publish.ts) as users run it, in real processes:
// two builds at once, a build killed part-way, and the same inputs built twice. A full build costs about
// half a minute here, so the builds are shared: each test below takes the state the one before it left
// (vitest runs a file's tests in order). The build tests carry their own time limit, stated on each.
import { beforeAll, describe, expect, test } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { dataHash } from "../loaders/site/hash.ts";
import { BASE } from "./corpus/cases.ts";
import { writeDataDir } from "./fixtures.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BUILD_MS = 600_000;

let root: string;
let x: string;
let y: string;
const site = (name: string) => join(root, name);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "ops-build-"));
  x = await writeDataDir(BASE, { dir: join(root, "x") });
  // Y: only the Guangzhou project, so its site has one county page where X's has two.
  const p1 = <T extends Record<string, unknown>>(rows: T[]) => rows.filter((r) => r.project_id === "P1");
  y = await writeDataDir(
    {
      projects: p1(BASE.projects),
      villages: BASE.villages.filter((v) => String(v.village_code).startsWith("440103")),
      project_villages: p1(BASE.project_villages),
      fund_flows: p1(BASE.fund_flows),
      distributions: p1(BASE.distributions),
    },
    { dir: join(root, "y") },
  );
  return () => rm(root, { recursive: true, force: true });
});

function env(data: string, output: string, cache = join(root, "cache")): NodeJS.ProcessEnv {
  return {
    ...process.env,
    XIANBAO_DATA: data,
    XIANBAO_SITE_OUTPUT: output,
    XIANBAO_SITE_CACHE: cache,
    XIANBAO_HASH_SECRET: "build-test-secret-0123",
    XIANBAO_MEMORY_LIMIT: "3GB",
  };
}

interface Build {
  pid: number;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  stderr: () => string;
}

function build(environment: NodeJS.ProcessEnv, args: string[] = []): Build {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/build-site.ts", "build", ...args], {
    cwd: ROOT,
    env: environment,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  return {
    pid: child.pid!,
    done: new Promise((ok) => child.on("exit", (code, signal) => ok({ code, signal, stderr }))),
    stderr: () => stderr,
  };
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 120_000): Promise<void> {
  const started = Date.now();
  while (!(await ok())) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The site's overview data file (Framework names it with a content hash). */
async function overview(dir: string): Promise<{ freshness: { data_hash: string } }> {
  const name = (await readdir(join(dir, "_file", "data"))).find((f) =>
    /^overview\.[0-9a-f]+\.json$/.test(f),
  )!;
  return JSON.parse(await readFile(join(dir, "_file", "data", name), "utf8"));
}

const countyPages = async (dir: string) => (await readdir(join(dir, "county"))).sort();

describe("npm run build", () => {
  test(
    "two builds at once with different data: the second waits for the first; each site holds only its own data",
    async () => {
      // Started together, as two people running `npm run build` at once.
      const a = build(env(x, site("a")));
      const b = build(env(y, site("b")));
      const lock = join(ROOT, ".xianbao", "build.lock");
      let holder = 0;
      await until("a build's lock", async () => {
        holder = existsSync(lock) ? (JSON.parse(await readFile(lock, "utf8").catch(() => "{}")).pid ?? 0) : 0;
        return holder === a.pid || holder === b.pid;
      });
      // --no-wait: fails at once, naming the build that holds the lock.
      const refused = spawnSync(
        process.execPath,
        ["--import", "tsx", "scripts/build-site.ts", "build", "--no-wait"],
        {
          cwd: ROOT,
          env: env(y, site("refused")),
          encoding: "utf8",
        },
      );
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(`another site build is running (pid ${holder}`);
      expect(refused.stderr).toContain(`另一个网站构建正在进行 (进程 ${holder}`);
      expect(refused.stderr).toContain(holder === a.pid ? x : y);
      expect(existsSync(site("refused"))).toBe(false);

      const [ra, rb] = await Promise.all([a.done, b.done]);
      expect(ra.code, ra.stderr).toBe(0);
      expect(rb.code, rb.stderr).toBe(0);
      const waited = holder === a.pid ? rb : ra;
      expect(waited.stderr).toContain(`another site build is running (pid ${holder}`);
      expect(waited.stderr).toContain("Waiting for it to finish");
      for (const r of [ra, rb]) expect(r.stderr).not.toMatch(/ENOENT|internal error/);

      expect(await countyPages(site("a"))).toEqual(["440103.html", "441702.html"]);
      expect(await countyPages(site("b"))).toEqual(["440103.html"]);
      expect((await overview(site("a"))).freshness.data_hash).toBe(await dataHash(x));
      expect((await overview(site("b"))).freshness.data_hash).toBe(await dataHash(y));
      expect(existsSync(join(ROOT, ".xianbao", "build.lock"))).toBe(false);
      await cp(site("a"), site("a-first"), { recursive: true });
    },
    BUILD_MS,
  );

  test(
    "a build killed with SIGKILL while Framework writes leaves the published site as it was",
    async () => {
      const before = spawnSync("diff", ["-r", site("a-first"), site("a")], { encoding: "utf8" });
      expect(before.status).toBe(0);
      const d = build(env(y, site("a")));
      const staging = `${site("a")}.building-${d.pid}`;
      await until("the new site's folder", () => existsSync(join(staging, "_observablehq")));
      process.kill(d.pid, "SIGKILL");
      const { signal } = await d.done;
      expect(signal, "the build finished before the kill").toBe("SIGKILL");
      const after = spawnSync("diff", ["-r", site("a-first"), site("a")], { encoding: "utf8" });
      expect(after.stdout).toBe("");
      expect(existsSync(staging)).toBe(true);
      // The killed build's lock is left behind, naming a dead process.
      expect(await readFile(join(ROOT, ".xianbao", "build.lock"), "utf8")).toContain(`"pid":${d.pid}`);
    },
    BUILD_MS,
  );

  test(
    "the same data, secret and code give a byte-identical site; built again into the existing folder, from a cold cache",
    async () => {
      // Also the second build into an existing folder outside the tree (Framework alone stops there with
      // "file conflict"), after taking over the killed build's stale lock and removing its folder.
      const c = build(env(x, site("a"), join(root, "cache-cold")));
      const rc = await c.done;
      expect(rc.code, rc.stderr).toBe(0);
      expect(rc.stderr).toContain("新建 built");
      const diff = spawnSync("diff", ["-r", site("a-first"), site("a")], { encoding: "utf8" });
      expect(diff.stdout).toBe("");
      expect(diff.status).toBe(0);
      expect((await readdir(root)).filter((e) => e.startsWith("a."))).toEqual([]);
      expect(existsSync(join(ROOT, ".xianbao", "build.lock"))).toBe(false);
    },
    BUILD_MS,
  );
});

describe("npm run build: what is checked before any work", () => {
  const run = (environment: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, ["--import", "tsx", "scripts/build-site.ts", "build"], {
      cwd: ROOT,
      env: environment,
      encoding: "utf8",
      timeout: 60_000,
    });

  test("XIANBAO_DATA at a file: exit 1, a message in both languages, no ENOTDIR stack", () => {
    const r = run(env(join(x, "projects.csv"), site("never")));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`XIANBAO_DATA=${join(x, "projects.csv")} 是一个文件, 不是文件夹`);
    expect(r.stderr).toContain("is a file, not a folder; point it at a folder");
    expect(r.stderr).not.toMatch(/ENOTDIR|\n\s+at /);
  });

  test("a secret shorter than 16 characters, a site folder inside the data or inside src/, a foreign folder", async () => {
    const short = run({ ...env(x, site("never")), XIANBAO_HASH_SECRET: "short" });
    expect(short.status).toBe(1);
    expect(short.stderr).toContain("XIANBAO_HASH_SECRET has 5 characters; at least 16 are needed");
    const inData = run(env(x, join(x, "site")));
    expect(inData.status).toBe(1);
    expect(inData.stderr).toContain("is, or lies inside, the data directory");
    const inSrc = run(env(x, join(ROOT, "src", "site")));
    expect(inSrc.status).toBe(1);
    expect(inSrc.stderr).toContain("lies inside the page sources (src/)");
    const foreign = join(root, "www");
    await mkdir(foreign);
    await writeFile(join(foreign, "other-app.js"), "keep me");
    const www = run(env(x, foreign));
    expect(www.status).toBe(1);
    expect(www.stderr).toContain("holds files this tool did not write (other-app.js)");
    expect(await readdir(foreign)).toEqual(["other-app.js"]);
    expect(existsSync(site("never"))).toBe(false);
  });
});
