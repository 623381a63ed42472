/**
 * The one owner of DuckDB's lifecycle. `withWarehouse` opens, runs and closes in `finally`;
 * `buildWarehouse` builds a new database file beside the target and swaps it in only when complete, so a
 * failed or killed load leaves the previous warehouse as it was.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from "@duckdb/node-api";
import { mkdir, mkdtemp, readdir, rename, rm, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { removeOnInterrupt } from "./cleanup.ts";
import { BilingualError } from "./errors.ts";
import { fsErrorCode, fsProblem } from "./fsErrors.ts";
import { isAlive } from "./lock.ts";
import { sqlText } from "./sql.ts";

export type Params = Record<string, DuckDBValue>;

export interface WarehouseOptions {
  readOnly?: boolean;
  /** DuckDB memory_limit, e.g. "6GB"; default "6GB". */
  memoryLimit?: string;
  /**
   * The folder in which this run's own spill folder is made (default the system's temporary folder):
   * spilled pages hold copies of the data, so each run spills privately and removes its folder.
   */
  tempDir?: string;
  threads?: number;
}

/** A connection with the few ways we talk to DuckDB. */
export class Warehouse {
  constructor(readonly connection: DuckDBConnection) {}

  /**
   * Runs SQL text (one or more statements) with named `$parameters`; each statement is bound with the
   * parameters it uses (DuckDB's own multi-statement run binds only the last statement).
   */
  async run(sql: string, params?: Params): Promise<void> {
    if (!params) {
      await this.connection.run(sql);
      return;
    }
    const statements = await this.connection.extractStatements(sql);
    for (let i = 0; i < statements.count; i++) {
      const prepared = await statements.prepare(i);
      try {
        for (let p = 1; p <= prepared.parameterCount; p++) {
          const name = prepared.parameterName(p);
          if (!(name in params)) throw new Error(`SQL parameter $${name} has no value`);
          prepared.bindValue(p, params[name]);
        }
        await prepared.run();
      } finally {
        prepared.destroySync();
      }
    }
  }

  /** Runs a named SQL file from loaders/sql. */
  async runFile(name: string, params?: Params): Promise<void> {
    await this.connection.run(sqlText(name), params);
  }

  /** Rows as JSON-safe objects: DECIMAL and BIGINT as strings, DATE as ISO text, INTEGER and DOUBLE as numbers. */
  async rows<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJson() as T[];
  }

  /** The first column of the first row, JSON-safe; undefined when there is no row. */
  async value<T = unknown>(sql: string, params?: Params): Promise<T | undefined> {
    const reader = await this.connection.runAndReadAll(sql, params);
    const rows = reader.getRowsJson();
    return rows.length ? (rows[0][0] as T) : undefined;
  }
}

async function openInstance(path: string, options: WarehouseOptions, spill: string): Promise<DuckDBInstance> {
  const config: Record<string, string> = {
    memory_limit: options.memoryLimit ?? "6GB",
    temp_directory: spill,
    // Extensions cannot be downloaded on these machines; fail fast rather than hang on the network.
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "true",
    // CSV record numbers are derived from row ids and rely on inserts keeping the file's order
    // (DuckDB's default, pinned here): docs/decisions.md I15.
    preserve_insertion_order: "true",
  };
  if (options.threads) config.threads = String(options.threads);
  if (options.readOnly) config.access_mode = "READ_ONLY";
  return DuckDBInstance.create(path, config);
}

/** Opens a database (":memory:" or a file), runs `fn`, and always closes. */
export async function withWarehouse<T>(
  path: string,
  fn: (db: Warehouse) => Promise<T>,
  options: WarehouseOptions = {},
): Promise<T> {
  const spill = await makeWorkDir("spill", options.tempDir);
  try {
    const instance = await openInstance(path, options, spill);
    const connection = await instance.connect();
    try {
      return await fn(new Warehouse(connection));
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  } catch (error) {
    // A full spill disk is the user's to fix, like a full --db disk.
    if (fsErrorCode(error) && String((error as Error).message).includes(spill))
      throw fsProblem(error, spill, {
        zh: "溢出目录 (XIANBAO_TEMP_DIR)",
        en: "the spill folder (XIANBAO_TEMP_DIR)",
      });
    throw error;
  } finally {
    await rm(spill, { recursive: true, force: true });
  }
}

/**
 * Checks, before any work, that a warehouse file can be written at `target`: not a folder, its folder
 * creatable. Throws a bilingual message naming the flag.
 */
export async function checkWarehousePath(target: string, flag = "--db"): Promise<void> {
  const info = await stat(target).catch(() => null);
  if (info?.isDirectory())
    throw new BilingualError(
      `${flag} ${target} 是一个文件夹; 请给出仓库文件名, 如 ${join(target, "xianbao.duckdb")}`,
      `${flag} ${target} is a folder; give the warehouse's file name, e.g. ${join(target, "xianbao.duckdb")}`,
    );
  if (info && !info.isFile())
    throw new BilingualError(
      `${flag} ${target} 不是普通文件; 请给出仓库文件名`,
      `${flag} ${target} is not a regular file; give the warehouse's file name`,
    );
}

/**
 * Builds a database into a new file next to `target` and renames it over `target` only after `fn`
 * succeeded and the file was checkpointed and closed. On failure the new file is removed and `target` is
 * untouched. Leftovers of builds that were killed are removed first.
 */
export async function buildWarehouse<T>(
  target: string,
  fn: (db: Warehouse) => Promise<T>,
  options: WarehouseOptions = {},
): Promise<T> {
  const full = resolve(target);
  await checkWarehousePath(target);
  const role = { zh: "仓库文件", en: "the warehouse" };
  try {
    await mkdir(dirname(full), { recursive: true });
  } catch (error) {
    throw fsProblem(error, full, role) ?? error;
  }
  await removeStaleBuilds(full);
  const building = `${full}.building-${process.pid}`;
  // The building file holds full ID numbers: it must not outlive an interrupted run either.
  const forgetDb = removeOnInterrupt(building);
  const forgetWal = removeOnInterrupt(`${building}.wal`);
  await removeDatabase(building);
  let result: T;
  try {
    result = await withWarehouse(
      building,
      async (db) => {
        const value = await fn(db);
        await db.run("CHECKPOINT");
        return value;
      },
      options,
    );
    // A WAL beside the target belongs to the old file; it must not be replayed onto the new one.
    if (existsSync(`${full}.wal`)) await rm(`${full}.wal`, { force: true });
    await rename(building, full);
    await rm(`${building}.wal`, { force: true });
  } catch (error) {
    await removeDatabase(building);
    throw fsProblem(error, full, role) ?? error;
  } finally {
    forgetDb();
    forgetWal();
  }
  return result;
}

/** Removes a database file and its write-ahead log. */
export async function removeDatabase(path: string): Promise<void> {
  await rm(path, { force: true });
  await rm(`${path}.wal`, { force: true });
}

async function removeStaleBuilds(target: string): Promise<void> {
  const dir = dirname(target);
  const prefix = `${basename(target)}.building-`;
  for (const entry of await readdir(dir)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length).replace(/\.wal$/, ""));
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) continue;
    await rm(join(dir, entry), { force: true });
  }
}

/**
 * A new private directory `xianbao-<kind>-<pid>-XXXXXX` in `root` (default the system's temporary
 * directory). Those that killed processes left behind (their pid is gone) are removed first: they may
 * hold copies of the data.
 */
export async function makeWorkDir(kind: string, root = tmpdir()): Promise<string> {
  await mkdir(root, { recursive: true });
  for (const entry of await readdir(root).catch(() => [] as string[])) {
    const pid = Number(/^xianbao-[a-z]+-(\d+)-/.exec(entry)?.[1]);
    if (pid && pid !== process.pid && !isAlive(pid))
      await rm(join(root, entry), { recursive: true, force: true });
  }
  const dir = await mkdtemp(join(root, `xianbao-${kind}-${process.pid}-`));
  // Removed by its user when done; should the run be interrupted first, by the interrupt handler.
  removeOnInterrupt(dir);
  return dir;
}

/** Whether a path is an existing file. */
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
