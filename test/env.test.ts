// The XIANBAO_* environment: read once, at the edges (loaders/env.ts), every value checked with a message
// in both languages, and documented once, in README's table, which must list exactly these variables.
import { describe, expect, test } from "vitest";
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ENV_VARS, MIN_SECRET_LENGTH, isIsoDate, isMemorySize, readEnv } from "../loaders/env.ts";
import { BilingualError } from "../loaders/errors.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

function failure(env: NodeJS.ProcessEnv): BilingualError {
  try {
    readEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(BilingualError);
    return error as BilingualError;
  }
  throw new Error("readEnv accepted a bad environment");
}

describe("readEnv(env): every XIANBAO_* value checked before any work", () => {
  test("an empty environment gives no settings", () => {
    expect(readEnv({})).toEqual({
      data: undefined,
      asOf: undefined,
      compareTo: undefined,
      today: undefined,
      hashSecret: undefined,
      memoryLimit: undefined,
      tempDir: undefined,
      chunkBytes: undefined,
      siteOutput: undefined,
      siteCache: undefined,
      siteFiles: undefined,
      debug: false,
      chromium: undefined,
    });
  });

  test("good values are read and converted (paths absolute, MB to bytes)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ops-env-"));
    const env = readEnv({
      XIANBAO_DATA: dir,
      XIANBAO_AS_OF: "2024-02-29",
      XIANBAO_TODAY: "2026-11-23",
      XIANBAO_MEMORY_LIMIT: "3GB",
      XIANBAO_CHUNK_MB: "64",
      XIANBAO_SITE_OUTPUT: "reports/site",
      XIANBAO_HASH_SECRET: "0123456789abcdef",
      XIANBAO_DEBUG: "1",
    });
    expect(env).toMatchObject({
      data: dir,
      asOf: "2024-02-29",
      today: "2026-11-23",
      memoryLimit: "3GB",
      chunkBytes: 64 * 2 ** 20,
      siteOutput: join(process.cwd(), "reports", "site"),
      hashSecret: "0123456789abcdef",
      debug: true,
    });
  });

  test("a memory limit that is not a size", () => {
    const e = failure({ XIANBAO_MEMORY_LIMIT: "3G" });
    expect(e.zh).toContain("XIANBAO_MEMORY_LIMIT=3G 不是内存大小");
    expect(e.en).toContain(
      "XIANBAO_MEMORY_LIMIT=3G is not a memory size; write a number and a unit, e.g. 3GB",
    );
  });

  test("dates that are not YYYY-MM-DD calendar dates: the format, and a day that does not exist", () => {
    expect(failure({ XIANBAO_TODAY: "2026/11/23" }).en).toContain(
      "XIANBAO_TODAY=2026/11/23 is not a YYYY-MM-DD date",
    );
    expect(failure({ XIANBAO_AS_OF: "2026-02-30" }).zh).toContain(
      "XIANBAO_AS_OF=2026-02-30 不是 YYYY-MM-DD 格式的日期",
    );
    expect(failure({ XIANBAO_COMPARE_TO: "yesterday" }).en).toContain("XIANBAO_COMPARE_TO=yesterday");
  });

  test("a compare-to date must come before the as-of date", () => {
    expect(failure({ XIANBAO_AS_OF: "2024-06-30", XIANBAO_COMPARE_TO: "2024-06-30" }).en).toContain(
      "XIANBAO_COMPARE_TO=2024-06-30 must be before XIANBAO_AS_OF=2024-06-30",
    );
  });

  test("a data folder that is a file, or missing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ops-env-"));
    const file = join(dir, "projects.csv");
    await writeFile(file, "x\n");
    const e = failure({ XIANBAO_DATA: file });
    expect(e.zh).toContain(`XIANBAO_DATA=${file} 是一个文件, 不是文件夹`);
    expect(e.en).toContain(`XIANBAO_DATA=${file} is a file, not a folder`);
    expect(e.message).not.toMatch(/ENOTDIR|\n\s+at /);
    expect(failure({ XIANBAO_DATA: join(dir, "nowhere") }).en).toContain("does not exist");
  });

  test(`a person-hash secret shorter than ${MIN_SECRET_LENGTH} characters`, () => {
    const e = failure({ XIANBAO_HASH_SECRET: "a" });
    expect(e.zh).toContain(`XIANBAO_HASH_SECRET 只有 1 个字符, 至少需要 ${MIN_SECRET_LENGTH} 个`);
    expect(e.en).toContain(`XIANBAO_HASH_SECRET has 1 characters; at least ${MIN_SECRET_LENGTH} are needed`);
    expect(readEnv({ XIANBAO_HASH_SECRET: "x".repeat(MIN_SECRET_LENGTH) }).hashSecret).toHaveLength(16);
  });

  test("several bad values are reported together", () => {
    const e = failure({ XIANBAO_MEMORY_LIMIT: "lots", XIANBAO_CHUNK_MB: "0", XIANBAO_TODAY: "soon" });
    expect(e.en).toMatch(/XIANBAO_MEMORY_LIMIT=lots[\s\S]*XIANBAO_CHUNK_MB=0[\s\S]*XIANBAO_TODAY=soon/);
  });

  test("isIsoDate and isMemorySize", () => {
    expect([isIsoDate("2024-02-29"), isIsoDate("2023-02-29"), isIsoDate("2024-2-9")]).toEqual([
      true,
      false,
      false,
    ]);
    expect(["3GB", "512 MB", "1.5GiB", "3", "3 G", "-1GB"].map(isMemorySize)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && /\.(ts|js|md)$/.test(entry.name) && !path.includes("node_modules")) out.push(path);
  }
  return out;
}

describe("the environment is read at the edge and documented once", () => {
  test("no code but loaders/env.ts reads process.env.XIANBAO_* (tests may, for their own settings)", async () => {
    const readers: string[] = [];
    for (const dir of ["loaders", "scripts", "bin", "src", "common"])
      for (const file of await sources(dir))
        if (
          !file.endsWith(join("loaders", "env.ts")) &&
          /process\.env\.XIANBAO_|process\.env\[["']XIANBAO_/.test(await readFile(file, "utf8"))
        )
          readers.push(relative(ROOT, file));
    if (/process\.env\.XIANBAO_/.test(await readFile(join(ROOT, "observablehq.config.ts"), "utf8")))
      readers.push("observablehq.config.ts");
    // The build tells Framework's child processes where the site data is (publish.ts: a write, not a
    // read); those processes are edges of their own, and src/ may not import loaders/env.ts, so the thin
    // loaders' one helper (src/data/siteData.ts) reads that one variable itself.
    const edges = [join("loaders", "site", "publish.ts"), join("src", "data", "siteData.ts")];
    expect(readers.filter((f) => !edges.includes(f))).toEqual([]);
  });

  test("every XIANBAO_* name used anywhere is in ENV_VARS", async () => {
    const known = new Set(ENV_VARS.map((v) => v.name));
    const used = new Set<string>();
    for (const dir of ["loaders", "scripts", "bin", "src", "test", "common"])
      for (const file of await sources(dir))
        for (const m of (await readFile(file, "utf8")).matchAll(/XIANBAO_[A-Z0-9_]+/g)) used.add(m[0]);
    for (const file of ["observablehq.config.ts", "vitest.config.ts", "package.json"])
      for (const m of (await readFile(join(ROOT, file), "utf8")).matchAll(/XIANBAO_[A-Z0-9_]+/g))
        used.add(m[0]);
    expect([...used].filter((n) => !known.has(n)).sort()).toEqual([]);
  });

  test("README's table lists exactly ENV_VARS, each with its Chinese and English meaning", async () => {
    const readme = await readFile(join(ROOT, "README.md"), "utf8");
    const rows = readme.split("\n").filter((l) => /^\| `XIANBAO_/.test(l));
    expect(rows.map((r) => /^\| `(XIANBAO_[A-Z0-9_]+)`/.exec(r)![1])).toEqual(ENV_VARS.map((v) => v.name));
    for (const v of ENV_VARS) {
      const row = rows.find((r) => r.startsWith(`| \`${v.name}\``))!;
      expect(row).toContain(v.zh);
      expect(row).toContain(v.en);
    }
  });
});
