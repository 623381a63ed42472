/**
 * Finds the files of each table in a data directory: `projects.csv` (or .xlsx, .xlsm, .xls, .parquet,
 * .txt, .tsv; the name in any case), or a folder `projects/` holding several such files (one per county
 * or month), read as one table. A file named after a table in a format that cannot be read (.ods, WPS
 * .et, .xlsb, an archive) is claimed all the same, so that it stops the load with the fix rather than
 * leaving the table missing or, inside a folder, silently smaller (docs/decisions.md I11).
 */
import { readdir, stat } from "node:fs/promises";
import { join, relative, extname, basename } from "node:path";
import { LOAD_ORDER, TABLES, tableSpec, type SourceTable } from "../contract.ts";
import { BilingualError } from "../errors.ts";
import { walkFiles, type WalkEntry } from "../files.ts";
import { COLUMNS_FILE, type ColumnMap } from "./columns.ts";
import { parseRecords, readTextHead, sepLine } from "./delimited.ts";
import { findHeader } from "./headers.ts";

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
  /** Files and folders that belong to no table (reported, not read); inside a table folder, notes. */
  ignored: string[];
}

/** Extensions of files read as a table, or claimed to stop the load with the fix. */
const TABLE_EXTENSIONS = new Set([
  ".csv",
  ".txt",
  ".tsv",
  ".xlsx",
  ".xlsm",
  ".xls",
  ".htm",
  ".html",
  ".parquet",
  // Not readable; claimed so the message names them (stage.ts).
  ".ods",
  ".fods",
  ".et",
  ".ett",
  ".xlsb",
  ".xlt",
  ".xltx",
  ".xltm",
  ".numbers",
  ".dbf",
  ".zip",
  ".rar",
  ".7z",
]);
const KNOWN_OTHER = new Set(["policy.json", COLUMNS_FILE]);

/** Lists a data directory's table files in a stable order (table order, then file name). */
export async function discoverSources(dataDir: string, columns: ColumnMap = {}): Promise<Discovery> {
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
  const tableOf = (entry: string, isDir: boolean) => {
    const base = (isDir ? entry : basename(entry, extname(entry))).toLowerCase();
    return tables.find((t) => t === base);
  };
  for (const table of tables) {
    for (const entry of entries) {
      const full = join(dataDir, entry);
      const ext = extname(entry).toLowerCase();
      const named = tableOf(entry, false) === table && TABLE_EXTENSIONS.has(ext);
      const info = await stat(full).catch((error: NodeJS.ErrnoException) => {
        // A link to nowhere: an error when it stands for a table, otherwise listed as ignored.
        if (tableOf(entry, true) === table || named) throw unreadable(entry, error);
        return null;
      });
      if (!info) continue;
      if (info.isFile() && named) {
        files.push({ table, path: full, name: entry });
        claimed.add(entry);
      } else if (info.isDirectory() && tableOf(entry, true) === table) {
        claimed.add(entry);
        for (const inner of await listFiles(full, dataDir)) {
          const innerExt = extname(inner.path).toLowerCase();
          const name = relative(dataDir, inner.path);
          const base = basename(inner.path);
          if (
            inner.kind !== "file" ||
            !TABLE_EXTENSIONS.has(innerExt) ||
            base.startsWith(".") ||
            base.startsWith("~$")
          )
            ignored.push(name);
          else if (innerExt === ".txt" && !(await looksLikeTable(inner.path, table, columns)))
            ignored.push(name);
          else files.push({ table, path: inner.path, name });
        }
      }
    }
  }
  for (const entry of entries) if (!claimed.has(entry) && !KNOWN_OTHER.has(entry)) ignored.push(entry);
  const missing = TABLES.filter((t) => !files.some((f) => f.table === t.name));
  if (missing.length > 0) {
    const names = missing.map((t) => `${t.name} (${t.label})`).join(", ");
    const near = ignored.filter((e) => missing.some((t) => basename(e, extname(e)).toLowerCase() === t.name));
    const nearZh = near.length
      ? ` 目录中有 ${near.join(", ")}, 但它不是可读取的表格格式; 请另存为 .xlsx 或 CSV。`
      : "";
    const nearEn = near.length
      ? ` The directory holds ${near.join(", ")}, which is not a table format that can be read; save it as .xlsx or CSV.`
      : "";
    throw new BilingualError(
      `数据目录 ${dataDir} 缺少表 ${names}。每张表需要一个文件 (如 ${missing[0].name}.csv / .xlsx / .parquet) 或同名文件夹; 没有数据的表也请提供只有表头的文件。${nearZh}`,
      `the data directory ${dataDir} lacks the table(s) ${names}. Each table needs a file (e.g. ${missing[0].name}.csv / .xlsx / .parquet) or a folder of that name; for a table with no rows give a file with the header only.${nearEn}`,
    );
  }
  return { files, ignored };
}

/**
 * Whether a .txt inside a table folder is a table (Excel's "Unicode text", or text whose header names
 * the table's fields) rather than a note.
 */
async function looksLikeTable(path: string, table: SourceTable, columns: ColumnMap): Promise<boolean> {
  const head = await readTextHead(path);
  if (head.encoding === "utf-16le" || head.encoding === "utf-16be") return true;
  if (head.encoding === null) return false;
  const sep = sepLine(head.text);
  for (const delimiter of sep ? [sep] : [",", "\t", ";", "|"]) {
    const rows = parseRecords(
      sep ? head.text.slice(head.text.indexOf("\n") + 1) : head.text,
      delimiter,
      30,
      head.whole,
    );
    try {
      findHeader(tableSpec(table), rows, path, columns[table]);
      return true;
    } catch {
      // not with this delimiter
    }
  }
  return false;
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
