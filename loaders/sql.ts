/**
 * SQL kept as SQL: every query lives in `loaders/sql/<name>.sql` and is read once by name.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join, dirname } from "node:path";

const SQL_DIR = join(dirname(fileURLToPath(import.meta.url)), "sql");
const cache = new Map<string, string>();

/**
 * The text of a named SQL file.
 * @example sqlText("macros") // loaders/sql/macros.sql
 */
export function sqlText(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(SQL_DIR, `${name}.sql`), "utf8");
    cache.set(name, text);
  }
  return text;
}

/**
 * Quotes an identifier for DuckDB. Identifiers we build come from the contract, never from user text;
 * quoting keeps them safe anyway.
 * @example ident('my "t"') === '"my ""t"""'
 */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A SQL string literal, for the few places DuckDB accepts no parameter (options of table functions that
 * must be constant, such as the `columns` struct of read_csv).
 * @example literal("it's") === "'it''s'"
 */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
