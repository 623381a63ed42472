// What the commands check before any work, and what they leave when they fail or are stopped: outputs
// never in, over or around the data folder, a --db folder refused at once, a full disk named with its fix,
// metrics killed mid-write leaving the previous complete set, Ctrl-C leaving no copy of the data.
// Real child processes, as test/warehouse.test.ts runs them.
import { beforeAll, describe, expect, onTestFinished, test } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import {
  chmod,
  copyFile,
  cp,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeBase } from "./corpus/cases.ts";
import { bigDataDir, smallDisk, treeOf } from "./opsHelpers.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TODAY = "2026-11-23";

let root: string;
let base: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "ops-cli-"));
  base = await writeBase(join(root, "base"));
  return () => rm(root, { recursive: true, force: true });
});

async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(root, "case-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function xianbao(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(process.execPath, ["bin/xianbao.js", ...args], {
    cwd: ROOT,
    env: { ...process.env, XIANBAO_TODAY: TODAY, ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 1 with a Chinese and an English line containing `en`, having done no work (no report printed). */
function expectRefused(r: Run, en: string): void {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).toMatch(/^错误: .*[\u4e00-\u9fff]/m);
  expect(r.stderr).toContain(en);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  expect(r.stdout).toBe("");
}

describe("outputs inside the data folder are refused before any work, the inputs untouched", () => {
  test("metrics --out D (and D/out, and D through `..`): exit 1, D as it was", async () => {
    const d = join(await scratch(), "data");
    await cp(base, d, { recursive: true });
    const before = await treeOf(d);
    for (const out of [d, join(d, "out"), join(d, "..", "data", "out")])
      expectRefused(
        xianbao(["metrics", "--data", d, "--out", out]),
        "is, or lies inside, the data directory",
      );
    expect(await treeOf(d)).toEqual(before);
  });

  test("export --out D/fund_flows.csv, and an export onto an input reached through a link", async () => {
    const dir = await scratch();
    const d = join(dir, "data");
    await cp(base, d, { recursive: true });
    await mkdir(join(dir, "exports"));
    await copyFile(join(d, "fund_flows.csv"), join(dir, "exports", "flows.csv"));
    await rm(join(d, "fund_flows.csv"));
    await symlink(join(dir, "exports", "flows.csv"), join(d, "fund_flows.csv"));
    const before = await treeOf(dir);
    expectRefused(
      xianbao(["export", "--data", d, "--out", join(d, "fund_flows.csv")]),
      "is, or lies inside, the data directory",
    );
    expectRefused(
      xianbao(["export", "--data", d, "--out", join(dir, "exports", "flows.csv")]),
      "is the input file fund_flows.csv (through a link)",
    );
    expect(await treeOf(dir)).toEqual(before);
  });

  test("--db inside the data folder (ingest and metrics)", async () => {
    const d = join(await scratch(), "data");
    await cp(base, d, { recursive: true });
    expectRefused(xianbao(["ingest", d, "--db", join(d, "w.duckdb")]), "the warehouse (--db)");
    expectRefused(
      xianbao(["metrics", "--data", d, "--out", join(d, "..", "out"), "--db", join(d, "w.duckdb")]),
      "is, or lies inside, the data directory",
    );
    expect(await readdir(d)).toEqual(await readdir(base));
  });
});

describe("checked before any work", () => {
  test("--db pointing at a folder: exit 1 at once, nothing written there", async () => {
    const folder = await scratch();
    const r = xianbao(["ingest", base, "--db", folder]);
    expectRefused(
      r,
      `--db ${folder} is a folder; give the warehouse's file name, e.g. ${join(folder, "xianbao.duckdb")}`,
    );
    expect(await readdir(folder)).toEqual([]);
  });

  test("a data folder that is a file: exit 1, no ENOTDIR stack", async () => {
    expectRefused(
      xianbao(["metrics", "--data", join(base, "projects.csv"), "--out", join(await scratch(), "out")]),
      "is a file, not a folder. Give the folder that holds the tables",
    );
  });

  test("metrics --out a folder with files of the user's: refused, they stay; --db inside --out refused", async () => {
    const out = await scratch();
    await writeFile(join(out, "notes.txt"), "mine");
    expectRefused(
      xianbao(["metrics", "--data", base, "--out", out]),
      "holds files this tool did not write (notes.txt)",
    );
    expect(await treeOf(out)).toEqual({ "notes.txt": "mine" });
    const fresh = join(await scratch(), "out");
    expectRefused(
      xianbao(["metrics", "--data", base, "--out", fresh, "--db", join(fresh, "w.duckdb")]),
      "lies inside --out",
    );
  });

  test("sample --out a folder with the user's files: refused before writing, they stay", async () => {
    const out = await scratch();
    await writeFile(join(out, "我的说明.docx"), "mine");
    expectRefused(
      xianbao(["sample", "--scale", "small", "--out", out]),
      "holds files this tool did not write (我的说明.docx)",
    );
    expect(await readdir(out)).toEqual(["我的说明.docx"]);
  });

  test("an output whose folder is a file: refused naming the file (was ENOTDIR or EEXIST, internal error, exit 3)", async () => {
    const file = join(await scratch(), "notes.txt");
    await writeFile(file, "x");
    for (const args of [
      ["metrics", "--data", base, "--out", join(file, "out")],
      ["ingest", base, "--db", join(file, "w.duckdb")],
      ["export", "--data", base, "--out", join(file, "e.csv")],
    ])
      expectRefused(xianbao(args), `${file} is a file, not a folder. Choose another place.`);
  });

  // Root may write anywhere: the check is seen through another user, where the machine has one.
  const nobody =
    process.getuid?.() === 0 && spawnSync("su", ["nobody", "-s", "/bin/sh", "-c", "true"]).status === 0;
  test.skipIf(!nobody)(
    "an output in a folder the user may not write in: refused before any work",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "ops-perm-"));
      onTestFinished(() => rm(dir, { recursive: true, force: true }));
      await chmod(dir, 0o755);
      await cp(base, join(dir, "data"), { recursive: true });
      await mkdir(join(dir, "locked"), { mode: 0o555 });
      const out = join(dir, "locked", "e.csv");
      const r = spawnSync(
        "su",
        [
          "nobody",
          "-s",
          "/bin/sh",
          "-c",
          `cd ${ROOT} && exec "${process.execPath}" bin/xianbao.js export --data ${join(dir, "data")} --out ${out}`,
        ],
        { env: { ...process.env, XIANBAO_TODAY: TODAY }, encoding: "utf8" },
      );
      expectRefused(
        { status: r.status, stdout: r.stdout, stderr: r.stderr },
        `no permission to write in ${join(dir, "locked")} (EACCES)`,
      );
    },
  );

  test("export --out with another extension than .csv or .xlsx", async () => {
    expectRefused(
      xianbao(["export", "--data", base, "--out", join(await scratch(), "e.xls")]),
      "must end in .csv or .xlsx",
    );
  });

  test("a bad XIANBAO_* value stops every command with its name; --help still works", async () => {
    expectRefused(
      xianbao(["ingest", base, "--db", join(await scratch(), "w.duckdb")], { XIANBAO_MEMORY_LIMIT: "lots" }),
      "XIANBAO_MEMORY_LIMIT=lots is not a memory size",
    );
    expectRefused(
      xianbao(["check", base], { XIANBAO_TODAY: "2026-02-30" }),
      "XIANBAO_TODAY=2026-02-30 is not a YYYY-MM-DD date",
    );
    expect(xianbao(["--help"], { XIANBAO_MEMORY_LIMIT: "lots" }).status).toBe(0);
  });

  test("every date option must be a calendar day (2026-02-30 was read as 2 March): a usage error, exit 2", async () => {
    const out = await scratch();
    for (const args of [
      ["check", base, "--today", "2026-02-30"],
      ["ingest", base, "--db", join(out, "w.duckdb"), "--today", "2026-02-30"],
      ["metrics", "--data", base, "--out", join(out, "m"), "--as-of", "2026-02-30"],
      ["metrics", "--data", base, "--out", join(out, "m"), "--today", "2025-13-01"],
      ["export", "--data", base, "--out", join(out, "e.csv"), "--as-of", "2026-02-30"],
    ]) {
      const r = xianbao(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(
        /argument '(2026-02-30|2025-13-01)' is invalid\. 应为 YYYY-MM-DD 格式的日期 \/ must be a YYYY-MM-DD date/,
      );
      expect(r.stderr).not.toMatch(/internal error/);
    }
    expect(await readdir(out)).toEqual([]);
  });

  test("usage errors exit 2, as --help documents; help itself exits 0", () => {
    for (const args of [["metrics", "--bogus"], ["metrics", "--out", "x"], ["check"], ["nosuch"], []])
      expect(xianbao(args).status, args.join(" ")).toBe(2);
    const help = xianbao(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("2 = 命令用法有误");
    expect(help.stdout).toContain(
      "a usage error (unknown option, missing argument, a date that is no calendar day",
    );
    expect(xianbao(["help", "metrics"]).status).toBe(0);
  });
});

describe("a full disk: a bilingual message naming the disk and the fix, exit 1, nothing half-written", () => {
  test("ingest --db on a full disk: the previous warehouse unchanged, no building file, no staging left", async () => {
    const disk = await smallDisk(8 * 2 ** 20);
    onTestFinished(disk.remove);
    const childTmp = await scratch();
    const db = join(disk.dir, "w.duckdb");
    const run = (data: string) => {
      const { command, args } = disk.command([
        process.execPath,
        "bin/xianbao.js",
        "ingest",
        data,
        "--db",
        db,
      ]);
      return spawnSync(command, args, {
        cwd: ROOT,
        env: { ...process.env, XIANBAO_TODAY: TODAY, TMPDIR: childTmp },
        encoding: "utf8",
      });
    };
    expect(run(base).status).toBe(0);
    const bytes = await readFile(db);
    const r = run(join(ROOT, "data", "sample"));
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).not.toContain("internal error");
    expect(r.stderr).toContain(`写入仓库文件 ${db}`);
    if (disk.kind === "tmpfs") {
      expect(r.stderr).toContain(`磁盘已满: 写入仓库文件 ${db} 时 ${disk.dir} 没有足够空间`);
      expect(r.stderr).toContain(
        `the disk is full: no room on ${disk.dir} while writing the warehouse ${db}`,
      );
      expect(r.stderr).toContain("Free space on that disk, or put the warehouse on a disk with more room.");
    } else expect(r.stderr).toContain("Raise the ulimit -f limit");
    expect(Buffer.compare(await readFile(db), bytes)).toBe(0);
    // The building file held full ID numbers: it is gone, and so are the staging copies. The refresh folder
    // of the last complete load stays (docs/data.md#refresh), with no entry half-written in it.
    expect((await readdir(disk.dir)).sort()).toEqual(["w.duckdb", "w.duckdb.refresh"]);
    expect((await readdir(`${db}.refresh`)).filter((e) => e.includes(".building-"))).toEqual([]);
    expect((await readdir(childTmp)).filter((e) => e.startsWith("xianbao-"))).toEqual([]);
  });

  test("metrics --out on a full disk: the previous outputs unchanged, nothing beside them", async () => {
    const disk = await smallDisk(512 * 1024);
    onTestFinished(disk.remove);
    const out = join(disk.dir, "out");
    const db = join(await scratch(), "w.duckdb");
    const run = (data: string) => {
      const { command, args } = disk.command([
        process.execPath,
        "bin/xianbao.js",
        "metrics",
        "--data",
        data,
        "--out",
        out,
      ]);
      return spawnSync(command, args, {
        cwd: ROOT,
        env: { ...process.env, XIANBAO_TODAY: TODAY },
        encoding: "utf8",
      });
    };
    expect(run(base).status).toBe(0);
    const before = await treeOf(out);
    const r = run(join(ROOT, "data", "sample"));
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).not.toContain("internal error");
    expect(r.stderr).toContain("Nothing half-written was left and the previous result is unchanged.");
    if (disk.kind === "tmpfs")
      expect(r.stderr).toContain(`no room on ${disk.dir} while writing the output folder (--out) ${out}`);
    expect(await treeOf(out)).toEqual(before);
    expect(await readdir(disk.dir)).toEqual(["out"]);
    void db;
  });
});

describe("metrics killed with SIGKILL while writing its outputs", () => {
  test("the previous complete set stays byte for byte; the next run removes the leftovers and writes a new set", async () => {
    const dir = await scratch();
    const big = await bigDataDir(join(dir, "big"));
    const work = join(dir, "work");
    await mkdir(work);
    const out = join(work, "out");
    expect(xianbao(["metrics", "--data", big, "--out", out, "--as-of", "2025-06-30"]).status).toBe(0);
    const before = await treeOf(out);

    // Kill when the new set's folder appears, when it holds three files, and when it holds five.
    for (const files of [0, 3, 5]) {
      const child = spawn(process.execPath, ["bin/xianbao.js", "metrics", "--data", big, "--out", out], {
        cwd: ROOT,
        env: { ...process.env, XIANBAO_TODAY: TODAY },
        stdio: "ignore",
      });
      const exited = new Promise<NodeJS.Signals | null>((ok) => child.on("exit", (_c, s) => ok(s)));
      const building = `${out}.building-${child.pid}`;
      const started = Date.now();
      for (;;) {
        const n = await readdir(building).then(
          (e) => e.length,
          () => -1,
        );
        if (n >= files) break;
        if (child.exitCode !== null || Date.now() - started > 90_000)
          throw new Error(`no ${building} with ${files} files`);
        await new Promise((r) => setTimeout(r, 2));
      }
      child.kill("SIGKILL");
      expect(await exited, "metrics finished before the kill").toBe("SIGKILL");
      expect(await treeOf(out), `killed at ${files} files`).toEqual(before);
      for (const e of await readdir(work)) expect(e).toMatch(/^out(\.building-\d+)?$/);
    }
    const next = xianbao(["metrics", "--data", big, "--out", out]);
    expect(next.status, next.stderr).toBe(0);
    expect(await readdir(work)).toEqual(["out"]);
    const after = await treeOf(out);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(after["projects.csv"]).not.toBe(before["projects.csv"]);
    expect(JSON.parse(after["load_report.json"]).tables.distributions.rows_read).toBeGreaterThan(0);
  });
});

describe("Ctrl-C (SIGINT) during ingest", () => {
  test("exit 130 and no building file or staging copy left, without waiting for the next run", async () => {
    const dir = await scratch();
    const big = await bigDataDir(join(dir, "big"));
    const childTmp = join(dir, "tmp");
    await mkdir(childTmp);
    const db = join(dir, "w.duckdb");
    const child = spawn(process.execPath, ["bin/xianbao.js", "ingest", big, "--db", db], {
      cwd: ROOT,
      env: { ...process.env, XIANBAO_TODAY: TODAY, TMPDIR: childTmp },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((ok) => child.on("exit", (code) => ok(code)));
    while (!existsSync(`${db}.building-${child.pid}`)) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGINT");
    expect(await exited, stderr).toBe(130);
    expect(stderr).toContain("interrupted; unfinished files removed");
    expect(await readdir(dir)).not.toContain(`w.duckdb.building-${child.pid}`);
    expect((await readdir(dir)).filter((e) => e.startsWith("w.duckdb"))).toEqual([]);
    expect((await readdir(childTmp)).filter((e) => e.startsWith("xianbao-"))).toEqual([]);
  });
});

describe("standard output closed early (`xianbao check data | head`)", () => {
  test("the run ends quietly, as on SIGPIPE: no EPIPE stack trace, exit 141 or done", async () => {
    const dir = await scratch();
    const big = await bigDataDir(join(dir, "big"));
    const child = spawn(process.execPath, ["bin/xianbao.js", "check", big], {
      cwd: ROOT,
      env: { ...process.env, XIANBAO_TODAY: TODAY },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // the reading end goes away before the report is printed, as `head` does once it has its lines
    child.stdout!.destroy();
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((ok) => child.on("exit", (c) => ok(c)));
    expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect([0, 141]).toContain(code);
  });
});
