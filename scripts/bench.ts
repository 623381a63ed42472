// `npm run bench -- --scale small|province|national [--runs N] [--no-site] [--no-browser]`
// Generates (and caches) the sample at that scale, then measures in one run: the floor (DuckDB loading
// every input file as it is), ingest with full validation, metrics, the site build, and the pages in
// headless Chromium. Wall seconds are medians of several runs; peak memory is of the whole process tree.
// Writes docs/benchmarks/<scale>.json and .md (machine, cores, date, commit).
import { spawn, execSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { writeFileAtomically } from "../loaders/atomic.ts";
import { writeSample, type SampleScale } from "../tools/sample/index.ts";
import { launchBrowser, serveDirectory } from "../test/e2e/browser.ts";

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const scale = (option("scale") ?? "small") as SampleScale;
if (!["small", "demo", "province", "national"].includes(scale)) throw new Error(`unknown scale ${scale}`);
const runs = Number(option("runs") ?? (scale === "national" ? 1 : scale === "province" ? 3 : 5));
const withSite = !args.includes("--no-site") && scale !== "national";
const withBrowser = withSite && !args.includes("--no-browser");

const root = process.cwd();
const work = join(root, ".xianbao", "bench", scale);
const dataDir = join(work, "data");
mkdirSync(work, { recursive: true });

function log(text: string) {
  process.stderr.write(text + "\n");
}

/** Peak resident memory (bytes) of a process and all its descendants, sampled every 50 ms. */
function treeRss(pid: number): number {
  let total = 0;
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid)!.push(Number(entry));
    } catch {
      continue;
    }
  }
  const queue = [pid];
  while (queue.length) {
    const p = queue.pop()!;
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      if (m) total += Number(m[1]) * 1024;
    } catch {
      continue;
    }
    queue.push(...(children.get(p) ?? []));
  }
  return total;
}

interface Measured {
  seconds: number;
  peakBytes: number;
  output: string;
}

function measure(command: string, commandArgs: string[], env: NodeJS.ProcessEnv = {}): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, commandArgs, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let errors = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (errors += d));
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, treeRss(child.pid!))), 50);
    child.on("exit", (code) => {
      clearInterval(timer);
      if (code !== 0)
        reject(new Error(`${command} ${commandArgs.join(" ")} exited ${code}\n${errors.slice(-4000)}`));
      else resolve({ seconds: (performance.now() - started) / 1000, peakBytes: peak, output });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function ensureSample(): Promise<void> {
  const marker = join(work, "data.complete");
  if (existsSync(marker)) return;
  rmSync(dataDir, { recursive: true, force: true });
  log(`生成示例数据 generating the ${scale} sample into ${dataDir} ...`);
  const started = performance.now();
  // UTF-8 CSV at every scale: the floor is DuckDB reading the files itself, which it cannot for GBK or XLSX.
  await writeSample({ scale, out: dataDir, format: "csv" });
  await writeFileAtomically(marker, JSON.stringify({ seconds: (performance.now() - started) / 1000 }));
}

interface StepResult {
  step: string;
  runs: number;
  seconds_median: number;
  seconds_all: number[];
  rows: number;
  rows_per_second: number;
  peak_memory_mb: number;
}

async function step(
  name: string,
  commandArgs: string[],
  times: number,
  env: NodeJS.ProcessEnv = {},
  before?: () => void,
): Promise<StepResult> {
  const seconds: number[] = [];
  let peak = 0;
  let rows = 0;
  for (let i = 0; i < times; i++) {
    before?.();
    const m = await measure(process.execPath, ["--import", "tsx", ...commandArgs], env);
    const reported = m.output.trim().split("\n").at(-1) ?? "";
    const parsed = reported.startsWith("{")
      ? (JSON.parse(reported) as { seconds: number; rows: number })
      : null;
    // Steps that report their own time exclude Node's start-up; the site build is timed whole.
    seconds.push(parsed ? parsed.seconds : m.seconds);
    rows = parsed?.rows ?? rows;
    peak = Math.max(peak, m.peakBytes);
    log(
      `  ${name} run ${i + 1}/${times}: ${seconds.at(-1)!.toFixed(2)} s, peak ${(m.peakBytes / 2 ** 20).toFixed(0)} MB`,
    );
  }
  const s = median(seconds);
  return {
    step: name,
    runs: times,
    seconds_median: Math.round(s * 100) / 100,
    seconds_all: seconds.map((x) => Math.round(x * 100) / 100),
    rows,
    rows_per_second: rows ? Math.round(rows / s) : 0,
    peak_memory_mb: Math.round(peak / 2 ** 20),
  };
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    total += statSync(p).isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

/** Bytes a page transfers, each response gzip-compressed as a web server would serve it. */
async function pageWeights(siteDir: string, scenarioRuns: number) {
  const server = await serveDirectory(siteDir);
  const browser = await launchBrowser();
  const weigh = async (path: string) => {
    const page = await browser.newPage();
    let raw = 0;
    let gz = 0;
    page.on("response", async (r) => {
      try {
        const body = await r.body();
        raw += body.length;
        gz += gzipSync(body, { level: 6 }).length;
      } catch {
        /* redirects and failed responses have no body */
      }
    });
    await page.goto(server.url + path, { waitUntil: "networkidle" });
    await page.waitForTimeout(300);
    return { page, raw, gz };
  };
  try {
    const overview = await weigh("/");
    await overview.page.close();
    const countyRows = readFileSync(join(work, "metrics", "counties.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1);
    const biggest = countyRows.map((l) => l.split(",")).sort((a, b) => Number(b[3]) - Number(a[3]))[0][0];
    const county = await weigh(`/county/${biggest}.html`);
    await county.page.close();
    const methods = await weigh("/methods.html");
    const timings = (await methods.page.evaluate(
      `typeof window.xianbaoScenarioBench === "function" ? window.xianbaoScenarioBench(${scenarioRuns}) : null`,
    )) as number[] | null;
    await methods.page.close();
    return {
      overview_kb: { raw: Math.round(overview.raw / 1024), gzip: Math.round(overview.gz / 1024) },
      largest_county: biggest,
      county_kb: { raw: Math.round(county.raw / 1024), gzip: Math.round(county.gz / 1024) },
      methods_kb: { raw: Math.round(methods.raw / 1024), gzip: Math.round(methods.gz / 1024) },
      scenario_ms_median: timings ? Math.round(median(timings) * 10) / 10 : null,
      scenario_runs: timings?.length ?? 0,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

await ensureSample();
const inputBytes = dirBytes(dataDir);
const db = join(work, "warehouse.duckdb");
const floorDb = join(work, "floor.duckdb");
log(`基准 bench: ${scale}, ${runs} run(s), input ${(inputBytes / 2 ** 20).toFixed(0)} MB`);
const results: StepResult[] = [];
results.push(await step("floor", ["scripts/bench-step.ts", "floor", dataDir, floorDb], runs));
rmSync(floorDb, { force: true });
results.push(await step("ingest", ["scripts/bench-step.ts", "ingest", dataDir, db], runs));
results.push(
  await step("metrics", ["scripts/bench-step.ts", "metrics", dataDir, db, join(work, "metrics")], runs),
);
let site: StepResult | null = null;
let pages: Awaited<ReturnType<typeof pageWeights>> | null = null;
if (withSite) {
  const siteDir = join(work, "site");
  site = await step(
    "site build",
    ["scripts/build-site.ts", "build"],
    Math.min(runs, 3),
    {
      XIANBAO_DATA: dataDir,
      XIANBAO_SITE_OUTPUT: siteDir,
      XIANBAO_SITE_CACHE: join(work, "site-cache"),
      XIANBAO_HASH_SECRET: "bench-secret-0123456789",
    },
    () => rmSync(join(work, "site-cache"), { recursive: true, force: true }),
  );
  results.push(site);
  if (withBrowser) pages = await pageWeights(siteDir, 21);
}

const floorS = results[0].seconds_median;
const ingestS = results[1].seconds_median;
const metricsS = results[2].seconds_median;
const commit = (() => {
  try {
    return execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
})();
const summary = {
  scale,
  date: new Date().toISOString().slice(0, 10),
  commit,
  machine: {
    cpu: cpus()[0]?.model ?? "",
    cores: cpus().length,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  input_mb: Math.round(inputBytes / 2 ** 20),
  steps: results,
  ratio_ingest_plus_metrics_to_floor: Math.round(((ingestS + metricsS) / floorS) * 100) / 100,
  pages,
};

const table = [
  "| step | runs | wall s (median) | rows | rows/s | peak memory MB |",
  "|---|---|---|---|---|---|",
  ...results.map(
    (r) =>
      `| ${r.step} | ${r.runs} | ${r.seconds_median.toFixed(2)} | ${r.rows ? r.rows.toLocaleString("en-US") : "—"} | ${r.rows ? r.rows_per_second.toLocaleString("en-US") : "—"} | ${r.peak_memory_mb} |`,
  ),
].join("\n");
const md = [
  `# Benchmark: ${scale}`,
  "",
  `${summary.date}, commit ${commit}; ${summary.machine.cores} cores (${summary.machine.cpu}), ${summary.machine.memory_gb} GiB, Node ${summary.machine.node}; input ${summary.input_mb} MB.`,
  "",
  table,
  "",
  `(ingest + metrics) / floor = **${summary.ratio_ingest_plus_metrics_to_floor}**`,
  "",
  pages
    ? `Pages (gzip as served): overview ${pages.overview_kb.gzip} KB (raw ${pages.overview_kb.raw} KB); largest county page ${pages.largest_county} ${pages.county_kb.gzip} KB (raw ${pages.county_kb.raw} KB); 新旧办法对比 ${pages.methods_kb.gzip} KB; scenario recompute median ${pages.scenario_ms_median ?? "n/a"} ms over ${pages.scenario_runs} runs.`
    : "Pages: not measured at this scale.",
  "",
  "Floor: DuckDB `read_csv`/`read_parquet` of every input file into a table of a database file, with its own type detection, no validation. Ingest: every rule of DOMAIN section 1, rejects, load report, atomic swap. Metrics: DOMAIN section 3 and the CSV outputs. Site build: ingest + metrics + page data + `observable build`, from a cold cache. Peak memory: resident set of the whole process tree, sampled every 50 ms.",
  "",
].join("\n");
// Each file whole or not at all: an interrupted run keeps the previous figures (loaders/atomic.ts).
await writeFileAtomically(
  join(root, "docs", "benchmarks", `${scale}.json`),
  JSON.stringify(summary, null, 2) + "\n",
);
await writeFileAtomically(join(root, "docs", "benchmarks", `${scale}.md`), md);
process.stdout.write(md);
