// The malformed-input corpus (test/corpus/cases.ts) through ingest: whole-file failures leave the previous
// warehouse untouched and say what is wrong in Chinese and English; every other case accounts for every
// row (read = loaded + rejected, per file and per table) with exact rejects. A few cases also go through
// the command line for its exit codes.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createHash } from "node:crypto";
import { cp, copyFile, mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { main } from "../loaders/cli.ts";
import { BilingualError } from "../loaders/errors.ts";
import { ingest, ingestInto } from "../loaders/ingest.ts";
import { formatReport, isBalanced, type LoadReport } from "../loaders/report.ts";
import type { Limits } from "../loaders/sources/limits.ts";
import { withWarehouse } from "../loaders/warehouse.ts";
import { BASE, CASES, TODAY, writeBase, type CorpusCase, type RowsOutcome } from "./corpus/cases.ts";
import { DOOR_CASES, type DoorCase } from "./corpus/door.ts";

const STACK_LINE = /^\s+at /m;
// Rejects of a whole line or row, not of one field.
const LINE_CODES = new Set(["row_too_long", "cell_too_long", "beyond_header"]);
const CHINESE = /[\u4e00-\u9fff]/;
const ENGLISH = /[A-Za-z]{3}/;

interface Reject {
  table_name: string;
  file: string;
  row: number;
  field: string | null;
  value: string | null;
  reason_code: string;
  reason_zh: string;
  reason_en: string;
}

interface Loaded {
  report: LoadReport;
  rejects: Reject[];
  rows: Record<string, Record<string, unknown>[]>;
}

// Every directory of this file lives under one root, removed at the end (some cases hold 10 MB files).
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "xianbao-corpus-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));
const scratch = () => mkdtemp(join(root, "d-"));

async function build(c: CorpusCase): Promise<string> {
  const dir = await writeBase(await scratch());
  await c.build(dir);
  return dir;
}

async function load(dir: string, limits?: Limits): Promise<Loaded> {
  return withWarehouse(":memory:", async (db) => {
    const report = await ingestInto(db, dir, { today: TODAY, limits });
    const rejects = await db.rows<Reject>(
      `SELECT r.table_name, s.file, CAST(r.row AS INTEGER) AS row, r.field, r.value, r.reason_code, r.reason_zh, r.reason_en
       FROM rejects r JOIN sources s USING (file_id) ORDER BY r.file_id, r.row, r.field`,
    );
    const rows: Loaded["rows"] = {};
    for (const t of Object.keys(BASE))
      rows[t] = await db.rows(`SELECT * FROM ${t} ORDER BY src_file, src_row`);
    return { report, rejects, rows };
  });
}

/** What a warehouse holds: row counts of every table and the stored load report. */
async function snapshot(db: string): Promise<unknown> {
  return withWarehouse(
    db,
    (w) =>
      w.rows(
        `SELECT (SELECT count(*) FROM projects)::INTEGER AS projects, (SELECT count(*) FROM villages)::INTEGER AS villages,
                (SELECT count(*) FROM project_villages)::INTEGER AS project_villages,
                (SELECT count(*) FROM fund_flows)::INTEGER AS fund_flows,
                (SELECT count(*) FROM distributions)::INTEGER AS distributions,
                (SELECT sum(amount_yuan) FROM fund_flows)::VARCHAR AS flow_total,
                (SELECT value FROM meta WHERE key = 'load_report') AS report`,
      ),
    { readOnly: true },
  );
}

async function sha256(path: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(path))
    .digest("hex");
}

function rejectKey(r: Reject): string {
  return `${r.file}:${r.row}:${r.field ?? "-"}:${r.reason_code}`;
}

function expectBalanced(report: LoadReport): void {
  expect(isBalanced(report)).toBe(true);
  for (const f of report.files) expect(f.rows_read, f.file).toBe(f.rows_loaded + f.rows_rejected);
  for (const [name, t] of Object.entries(report.tables)) {
    expect(t.rows_read, name).toBe(t.rows_loaded + t.rows_rejected);
    const mine = report.files.filter((f) => f.table === name);
    expect(t.rows_read, name).toBe(mine.reduce((n, f) => n + f.rows_read, 0));
  }
}

function expectRows(loaded: Loaded, outcome: RowsOutcome): void {
  const { report, rejects, rows } = loaded;
  expectBalanced(report);
  expect(rejects.map(rejectKey)).toEqual(outcome.rejects);
  for (const r of rejects) {
    expect(r.file).not.toBe("");
    expect(r.row).toBeGreaterThanOrEqual(2);
    if (!LINE_CODES.has(r.reason_code) && !r.reason_code.startsWith("csv_"))
      expect(r.field, rejectKey(r)).not.toBeNull();
    expect(r.reason_zh, rejectKey(r)).toMatch(CHINESE);
    expect(r.reason_en, rejectKey(r)).toMatch(ENGLISH);
  }
  for (const [key, pattern] of Object.entries(outcome.reasons ?? {})) {
    const r = rejects.find((x) => rejectKey(x) === key);
    expect(r, key).toBeDefined();
    expect(`${r!.reason_zh}\n${r!.reason_en}`).toMatch(pattern);
  }
  for (const f of report.files) {
    const declared = outcome.files[f.file];
    if (!declared) {
      const table = f.table as keyof typeof BASE;
      expect([f.rows_read, f.rows_loaded, f.rows_rejected], f.file).toEqual([
        BASE[table].length,
        BASE[table].length,
        0,
      ]);
      continue;
    }
    const [read, loadedRows, rejected, more = {}] = declared;
    expect([f.rows_read, f.rows_loaded, f.rows_rejected], f.file).toEqual([read, loadedRows, rejected]);
    const { warning, ...fields } = more;
    expect(f).toMatchObject(fields);
    if (warning) expect(f.warnings.join("\n")).toMatch(warning);
  }
  for (const name of Object.keys(outcome.files)) expect(report.files.map((f) => f.file)).toContain(name);
  for (const [table, expected] of Object.entries(outcome.loaded ?? {})) {
    expect(rows[table].length, table).toBeGreaterThanOrEqual(expected.length);
    expected.forEach((e, i) => expect(rows[table][i], `${table}[${i}]`).toMatchObject(e));
  }
  if (outcome.ignored) expect(report.ignored_files).toEqual(outcome.ignored);
}

describe("the corpus", () => {
  test("holds at least 40 cases with unique names, each with exactly one expected outcome", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    for (const c of CASES) expect(Number(Boolean(c.fails)) + Number(Boolean(c.rows)), c.name).toBe(1);
  });

  test("BASE loads whole, without a reject", async () => {
    const loaded = await load(await writeBase(await scratch()));
    expectRows(loaded, { files: {}, rejects: [] });
  });
});

describe("ingest(dir, dbFile): a file that cannot be read stops the load and leaves the previous warehouse", () => {
  let pristine: string;
  beforeAll(async () => {
    pristine = join(await scratch(), "pristine.duckdb");
    await ingest(await writeBase(await scratch()), pristine, { today: TODAY });
  });

  for (const c of CASES.filter((x) => x.fails))
    test(`${c.category}: ${c.name}`, async () => {
      const dir = await build(c);
      const work = await scratch();
      const db = join(work, "w.duckdb");
      await copyFile(pristine, db);
      const bytes = await sha256(db);
      const before = await snapshot(db);

      const error = await ingest(dir, db, { today: TODAY, limits: c.limits }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, "the load should fail").toBeInstanceOf(BilingualError);
      const { zh, en, message } = error as BilingualError;
      expect(zh).toMatch(CHINESE);
      expect(en).toMatch(ENGLISH);
      expect(zh).toContain(c.fails!.file);
      expect(en).toContain(c.fails!.file);
      expect(`${zh}\n${en}`).toMatch(c.fails!.message);
      expect(message).not.toMatch(STACK_LINE);

      expect(await sha256(db)).toBe(bytes);
      expect(await snapshot(db)).toEqual(before);
      expect(await readdir(work)).toEqual(["w.duckdb"]);
    });
});

describe("ingestInto(db, dir): bad rows are rejected with file, row, field and reason; every row is accounted for", () => {
  for (const c of CASES.filter((x) => x.rows))
    test(`${c.category}: ${c.name}`, async () => {
      expectRows(await load(await build(c), c.limits), c.rows!);
    });
});

const FILES = join(import.meta.dirname, "corpus", "files");
const TABLE_NAMES = Object.keys(BASE);

/** The clean data set with the case's files in place of the tables they name. */
async function doorDir(name: string): Promise<string> {
  const dir = await scratch();
  await cp(join(FILES, "clean"), dir, { recursive: true });
  if (name === "clean") return dir;
  for (const entry of await readdir(join(FILES, name))) {
    const table = TABLE_NAMES.find(
      (t) => entry.toLowerCase() === t || entry.slice(0, -extname(entry).length).toLowerCase() === t,
    );
    if (table) await rm(join(dir, `${table}.csv`), { force: true });
    await cp(join(FILES, name, entry), join(dir, entry), { recursive: true });
  }
  return dir;
}

/** Loaded rows without where they came from, sorted, per table: what "the same figures" compares. */
function content(rows: Loaded["rows"]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [t, list] of Object.entries(rows))
    out[t] = list
      .map(({ src_file: _f, src_row: _r, ...rest }) => (void _f, void _r, JSON.stringify(rest)))
      .sort();
  return out;
}

describe("the front door: files as offices make them (test/corpus/files, made by make.py)", () => {
  let clean: Loaded;
  let names: string[];
  beforeAll(async () => {
    clean = await load(await doorDir("clean"));
    const text = await readFile(join(FILES, "csv-line-with-extra-fields", "distributions.csv"), "utf8");
    names = text
      .split("\n")
      .slice(1, -1)
      .map((l) => l.split(",")[7]);
  });

  test("the clean data set loads whole: 450 credits, no reject", () => {
    expectBalanced(clean.report);
    expect(clean.rejects).toEqual([]);
    expect(clean.rows.distributions).toHaveLength(450);
  });

  for (const c of DOOR_CASES)
    test(`${c.writer}: ${c.name}`, async () => {
      const dir = await doorDir(c.dir);
      if (c.fails) {
        const error = await load(dir).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error, "the load should stop").toBeInstanceOf(BilingualError);
        const { zh, en, message } = error as BilingualError;
        expect(zh).toMatch(CHINESE);
        expect(zh).toContain(c.fails.file);
        expect(en).toContain(c.fails.file);
        expect(`${zh}\n${en}`).toMatch(c.fails.message);
        expect(message).not.toMatch(STACK_LINE);
        return;
      }
      const loaded = await load(dir);
      expectBalanced(loaded.report);
      if (c.same) {
        expect(loaded.rejects.map(rejectKey)).toEqual([]);
        expect(content(loaded.rows)).toEqual(content(clean.rows));
      }
      if (c.rows) {
        for (const [file, counts] of Object.entries(c.rows.files)) {
          const f = loaded.report.files.find((x) => x.file === file);
          expect(f, file).toBeDefined();
          expect([f!.rows_read, f!.rows_loaded, f!.rows_rejected], file).toEqual(counts);
        }
        if (Array.isArray(c.rows.rejects)) expect(loaded.rejects.map(rejectKey)).toEqual(c.rows.rejects);
        else {
          const tally: Record<string, number> = {};
          for (const r of loaded.rejects)
            tally[`${r.field ?? "-"}:${r.reason_code}`] =
              (tally[`${r.field ?? "-"}:${r.reason_code}`] ?? 0) + 1;
          expect(tally).toEqual(c.rows.rejects);
        }
      }
      for (const [key, pattern] of Object.entries(c.reasons ?? {})) {
        const r = loaded.rejects.find((x) => rejectKey(x) === key);
        expect(r, key).toBeDefined();
        expect(`${r!.reason_zh}\n${r!.reason_en}`).toMatch(pattern);
      }
      for (const [file, expected] of Object.entries(c.expect ?? {}))
        expectFile(loaded.report, file, expected);
      expectPrivate(loaded, names);
    });
});

function expectFile(
  report: LoadReport,
  file: string,
  e: DoorCase["expect"] extends infer T ? (T extends Record<string, infer F> ? F : never) : never,
): void {
  const f = report.files.find((x) => x.file === file);
  expect(f, file).toBeDefined();
  const { warning, normalised, notData, control, ...fields } = e;
  expect(f).toMatchObject(fields);
  if (warning) expect(f!.warnings.join("\n")).toMatch(warning);
  for (const [key, count] of Object.entries(normalised ?? {})) {
    const [field, kind] = key.includes(":") ? key.split(":") : [null, key];
    const n = f!.normalised
      .filter((x) => x.kind === kind && (field === null || x.field === field))
      .reduce((a, x) => a + x.count, 0);
    expect(n, key).toBe(count);
  }
  if (notData) expect(Object.fromEntries(f!.rows_not_data.map((r) => [r.row, r.word]))).toEqual(notData);
  if (control) expect(f!.control_totals[0]).toMatchObject(control);
}

/** No ID number in full and no name reaches a reject, a reason, a warning or the printed report. */
function expectPrivate(loaded: Loaded, names: string[]): void {
  const text = [
    ...loaded.rejects.flatMap((r) => [r.value ?? "", r.reason_zh, r.reason_en]),
    formatReport(loaded.report),
  ].join("\n");
  expect(text).not.toMatch(/[0-9]{17}[0-9Xx]/);
  expect(text).not.toMatch(/13800138000|沙面北街/);
  for (const name of names) expect(text.includes(name), name).toBe(false);
}

describe('main(["node", "xianbao", "check", dir], io): exit codes and no stack trace', () => {
  const run = async (dir: string) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(["node", "xianbao", "check", dir, "--today", TODAY], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      isTTY: false,
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };
  const named = (name: string) => CASES.find((c) => c.name === name)!;

  test("rejects only: exit 0, the report balances and lists the rejects", async () => {
    const { code, out, err } = await run(
      await build(
        named("dangling references: a flow of an unknown project, a credit to a village not of its project"),
      ),
    );
    expect(code).toBe(0);
    expect(err).toBe("");
    expect(out).toMatch(/every file: read = loaded \+ rejected/);
    expect(out).toMatch(/fund_flows\.csv 第5行 row 5 \[project_id\] “PX”/);
  });

  for (const name of [
    "a password-protected workbook (OLE EncryptedPackage)",
    "binary junk named .csv",
    "a Parquet file with damaged data pages",
    "policy.json: a directory, not a file",
    "a table file that is a dangling symbolic link",
  ])
    test(`unreadable: ${name}: exit 1, the file named in Chinese and English`, async () => {
      const c = named(name);
      const { code, err } = await run(await build(c));
      expect(code).toBe(1);
      expect(err).toMatch(/^错误: /);
      expect(err).toMatch(/\nerror: /);
      expect(err).toContain(c.fails!.file);
      expect(err).not.toMatch(STACK_LINE);
      expect(err).not.toMatch(/internal error/);
    });
});
