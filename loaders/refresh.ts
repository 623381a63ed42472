/**
 * The refresh cache (docs/data.md#refresh): a warehouse kept in a file (`ingest --db`, `metrics --db`)
 * keeps, beside it, what each source file gave the last load: its loaded rows, its rejects, how its values
 * were read, the keys it offered to later tables and its entry of the load report. A later load into the
 * same warehouse reuses the entry of every file whose key is unchanged instead of reading and checking the
 * file again, and reads and checks only the others; the warehouse it builds is the one a full load builds.
 *
 * A file's key holds everything its rows depend on: its name and content, its table, the code's version
 * (contract, SQL, readers, package versions), the load day, the column map and the reader's limits, and
 * the keys of every file of the tables loaded before it, in order (a file is checked against the projects,
 * villages and pairs those files gave, so a changed projects file renews every later entry). Duplicates
 * across files are judged after every file of a table is in, reused or not, exactly as in a full load.
 *
 * The entries hold what the warehouse holds (full ID numbers among it): they live beside it, under the
 * same protection (docs/privacy.md#warehouse), and go when their file goes.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { removeOnInterrupt } from "./cleanup.ts";
import { SEEN_KEYS, type SourceTable } from "./contract.ts";
import { codeVersion } from "./site/hash.ts";
import type { SourceFile } from "./sources/discover.ts";
import { literal } from "./sql.ts";
import type { StagedFile } from "./stage.ts";
import type { Warehouse } from "./warehouse.ts";

/** The tables whose files are kept (the large ones); counties and the rectification ledger are read each time. */
export const REFRESH_TABLES: ReadonlySet<SourceTable> = new Set([
  "projects",
  "villages",
  "project_villages",
  "fund_flows",
  "distributions",
]);

/** Version of the entry layout: bump when what an entry holds changes. */
const LAYOUT = 1;
const DONE = "entry.json";

/** The refresh cache directory of a warehouse file. */
export function refreshDir(dbPath: string): string {
  return `${resolve(dbPath)}.refresh`;
}

/** What a load reused and read, for the command line. */
export interface RefreshStats {
  reused: number;
  read: number;
}

export class RefreshCache {
  readonly dir: string;
  readonly stats: RefreshStats = { reused: 0, read: 0 };
  private readonly used = new Set<string>();
  private chain: string | null = null;
  /** Set while the folder was made by this load and the load is not complete: forgets it on interrupt. */
  private made: (() => void) | null = null;

  /**
   * The cache of a warehouse file.
   * @param reuse false: every file is read again and its entry renewed (`--full`)
   */
  constructor(
    dbPath: string,
    private readonly reuse = true,
  ) {
    this.dir = refreshDir(dbPath);
  }

  /** Starts a load with these settings (everything besides the files that the checked rows depend on). */
  async begin(settings: Record<string, unknown>): Promise<void> {
    this.chain = createHash("sha256")
      .update(JSON.stringify({ layout: LAYOUT, code: await codeVersion(), ...settings }))
      .digest("hex");
    // A cache made by this load goes with it when the load is interrupted (there is no warehouse for it to
    // belong to); once the load is complete (prune) it stays.
    if (!existsSync(this.dir)) this.made = removeOnInterrupt(this.dir);
    await mkdir(this.dir, { recursive: true });
  }

  /**
   * The keys of one table's files, in order, chained to the tables before it; the chain then moves on past
   * this table (call once per table, in load order).
   */
  async keysOf(table: SourceTable, files: SourceFile[]): Promise<string[]> {
    const before = this.chain;
    if (before === null) throw new Error("RefreshCache.begin() first");
    const keys: string[] = [];
    for (const file of files)
      keys.push(
        createHash("sha256")
          .update(`${before}\0${table}\0${file.name}\0${await contentHash(file.path)}`)
          .digest("hex")
          .slice(0, 32),
      );
    this.chain = createHash("sha256")
      .update(`${before}\0${table}\0${keys.join(",")}`)
      .digest("hex");
    return keys;
  }

  /** The staged-file record of a kept entry, or null when the file must be read. */
  async lookup(key: string): Promise<Omit<StagedFile, "fileId"> | null> {
    if (!this.reuse) return null;
    try {
      const entry = JSON.parse(await readFile(join(this.dir, key, DONE), "utf8"));
      return entry.layout === LAYOUT ? entry.staged : null;
    } catch {
      return null;
    }
  }

  /**
   * Puts a kept file's rows into the warehouse under its new file id (the id is its place in this load).
   * Returns the staged-file record, or null when the entry cannot be read (then the file is read instead).
   */
  async restore(
    db: Warehouse,
    table: SourceTable,
    key: string,
    fileId: number,
    staged: Omit<StagedFile, "fileId">,
  ): Promise<StagedFile | null> {
    const dir = join(this.dir, key);
    const part = (name: string) => literal(join(dir, `${name}.parquet`));
    const id = `CAST(${fileId} AS USMALLINT)`;
    const seen = SEEN_KEYS[table];
    const statements = [
      `INSERT INTO ${table} SELECT * REPLACE (${id} AS src_file) FROM read_parquet(${part("rows")})`,
      `INSERT INTO rejects SELECT * REPLACE (${id} AS file_id) FROM read_parquet(${part("rejects")})`,
      `INSERT INTO forms_seen SELECT * REPLACE (${id} AS file_id) FROM read_parquet(${part("forms")})`,
      `INSERT INTO file_checks SELECT * REPLACE (${id} AS file_id) FROM read_parquet(${part("checks")})`,
      ...(seen ? [`INSERT INTO ${seen.table} SELECT * FROM read_parquet(${part("seen")})`] : []),
    ];
    try {
      await db.run(`BEGIN TRANSACTION; ${statements.join("; ")}; COMMIT`);
    } catch {
      // A partly removed entry (another load pruning it) is read again from the file instead.
      await db.run("ROLLBACK").catch(() => {});
      return null;
    }
    this.used.add(key);
    this.stats.reused++;
    return { ...staged, fileId };
  }

  /**
   * Keeps what a file just read and checked gave the warehouse (its rows are in place, the chunk's check
   * tables still exist). Written beside, then renamed: an entry is whole or absent.
   */
  async keep(db: Warehouse, table: SourceTable, key: string, staged: StagedFile): Promise<void> {
    this.used.add(key);
    this.stats.read++;
    const dir = join(this.dir, key);
    const building = `${dir}.building-${process.pid}-${randomBytes(4).toString("hex")}`;
    await rm(building, { recursive: true, force: true });
    await mkdir(building, { recursive: true });
    const to = (name: string) => literal(join(building, `${name}.parquet`));
    const f = staged.fileId;
    const seen = SEEN_KEYS[table];
    try {
      await db.run(
        [
          `COPY (SELECT * FROM ${table} WHERE src_file = ${f}) TO ${to("rows")} (FORMAT parquet)`,
          `COPY (SELECT * FROM rejects WHERE file_id = ${f} AND table_name = ${literal(table)}) TO ${to("rejects")} (FORMAT parquet)`,
          `COPY (SELECT * FROM forms_seen WHERE file_id = ${f}) TO ${to("forms")} (FORMAT parquet)`,
          `COPY (SELECT * FROM file_checks WHERE file_id = ${f}) TO ${to("checks")} (FORMAT parquet)`,
          ...(seen
            ? [
                `COPY (SELECT ${seen.column} FROM chk_${table} WHERE _file = ${f}) TO ${to("seen")} (FORMAT parquet)`,
              ]
            : []),
        ].join("; "),
      );
      const { fileId: _id, ...rest } = staged;
      await writeFile(join(building, DONE), JSON.stringify({ layout: LAYOUT, table, staged: rest }));
      await rm(dir, { recursive: true, force: true });
      await rename(building, dir);
    } catch {
      // The cache only saves time: a full disk here costs the next load its reuse, never this load its data.
      await rm(building, { recursive: true, force: true });
    }
  }

  /** After a complete load: removes the entries of files that are gone or changed, and leftovers. */
  async prune(): Promise<void> {
    this.made?.();
    this.made = null;
    for (const name of await readdir(this.dir).catch(() => [] as string[]))
      if (!this.used.has(name)) await rm(join(this.dir, name), { recursive: true, force: true });
  }
}

async function contentHash(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
