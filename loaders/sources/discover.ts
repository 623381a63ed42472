/**
 * Finds the files of each table in a data directory: `projects.csv` (or .xlsx, .parquet, .txt, .tsv), or a
 * folder `projects/` holding several such files (one per county or month), read as one table.
 */
import { readdir, stat } from "node:fs/promises";
import { join, relative, extname, basename } from "node:path";
import { LOAD_ORDER, TABLES, type SourceTable } from "../contract.ts";
import { BilingualError } from "../errors.ts";
import { walkFiles, type WalkEntry } from "../files.ts";

export type { SourceTable };

export interface SourceFile {
  table: SourceTable;
  /** Absolute path. */
  path: string;
  /** Path relative to the data directory, as shown in reports. */
  name: string;
}

export interface Discovery {
  files: SourceFile[];
  /** Files and folders that belong to no table (reported, not read); inside a table folder, .txt notes. */
  ignored: string[];
}

const TABLE_EXTENSIONS = new Set([".csv", ".txt", ".tsv", ".xlsx", ".parquet"]);
// Inside a table's folder a .txt is more often a note than an export: only these are read there.
const FOLDER_EXTENSIONS = new Set([".csv", ".tsv", ".xlsx", ".parquet"]);
const KNOWN_OTHER = new Set(["policy.json"]);

/** Lists a data directory's table files in a stable order (table order, then file name). */
export async function discoverSources(dataDir: string): Promise<Discovery> {
  let entries: string[];
  try {
    entries = (await readdir(dataDir)).sort();
  } catch (error) {
    throw new BilingualError(
      `数据目录 ${dataDir} 无法打开 (${(error as NodeJS.ErrnoException).code})。请检查路径。`,
      `cannot open the data directory ${dataDir} (${(error as NodeJS.ErrnoException).code}). Check the path.`,
    );
  }
  const tables = LOAD_ORDER;
  const files: SourceFile[] = [];
  const ignored: string[] = [];
  const claimed = new Set<string>();
  for (const table of tables) {
    for (const entry of entries) {
      const full = join(dataDir, entry);
      const ext = extname(entry).toLowerCase();
      const info = await stat(full).catch((error: NodeJS.ErrnoException) => {
        // A link to nowhere: an error when it stands for a table, otherwise listed as ignored.
        if (entry === table || (basename(entry, extname(entry)) === table && TABLE_EXTENSIONS.has(ext)))
          throw unreadable(entry, error);
        return null;
      });
      if (!info) continue;
      if (info.isFile() && basename(entry, extname(entry)) === table && TABLE_EXTENSIONS.has(ext)) {
        files.push({ table, path: full, name: entry });
        claimed.add(entry);
      } else if (info.isDirectory() && entry === table) {
        claimed.add(entry);
        for (const inner of await listFiles(full, dataDir)) {
          const innerExt = extname(inner.path).toLowerCase();
          const name = relative(dataDir, inner.path);
          if (
            inner.kind === "file" &&
            FOLDER_EXTENSIONS.has(innerExt) &&
            !basename(inner.path).startsWith(".") &&
            !basename(inner.path).startsWith("~$")
          )
            files.push({ table, path: inner.path, name });
          else ignored.push(name);
        }
      }
    }
  }
  for (const entry of entries) if (!claimed.has(entry) && !KNOWN_OTHER.has(entry)) ignored.push(entry);
  const missing = TABLES.filter((t) => !files.some((f) => f.table === t.name));
  if (missing.length > 0) {
    const names = missing.map((t) => `${t.name} (${t.label})`).join(", ");
    throw new BilingualError(
      `数据目录 ${dataDir} 缺少表 ${names}。每张表需要一个文件 (如 ${missing[0].name}.csv / .xlsx / .parquet) 或同名文件夹; 没有数据的表也请提供只有表头的文件。`,
      `the data directory ${dataDir} lacks the table(s) ${names}. Each table needs a file (e.g. ${missing[0].name}.csv / .xlsx / .parquet) or a folder of that name; for a table with no rows give a file with the header only.`,
    );
  }
  return { files, ignored };
}

function unreadable(name: string, error: NodeJS.ErrnoException): BilingualError {
  return new BilingualError(
    `${name}: 无法打开 (${error.code}), 可能是指向不存在文件的快捷方式或链接。请放入文件本身。`,
    `${name}: cannot be opened (${error.code}); it may be a shortcut or link to a file that does not exist. Put the file itself there.`,
  );
}

/**
 * The entries of a table's folder, through links; a link back to a folder above (`self -> .`) is listed,
 * not entered, so no file is read twice (see files.ts).
 */
async function listFiles(dir: string, dataDir: string): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  for (const entry of await walkFiles(dir)) {
    if (entry.kind === "broken" && TABLE_EXTENSIONS.has(extname(entry.path).toLowerCase()))
      throw unreadable(relative(dataDir, entry.path), entry.error!);
    if (entry.kind !== "other") out.push(entry);
  }
  return out;
}
