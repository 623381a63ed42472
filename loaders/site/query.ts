/**
 * The site's reads of the warehouse: each a named query in loaders/sql/site/<name>.sql, its `$parameters`
 * bound by name. A query must be given exactly the parameters it uses: a missing one and one it does not
 * use are both errors, so a renamed parameter cannot pass unnoticed.
 */
import type { DuckDBValue } from "@duckdb/node-api";
import { sqlText } from "../sql.ts";
import type { Warehouse } from "../warehouse.ts";

/** Rows of the named site query as JSON-safe objects (see Warehouse.rows). */
export async function siteRows<T = Record<string, unknown>>(
  db: Warehouse,
  name: string,
  params: Record<string, DuckDBValue> = {},
): Promise<T[]> {
  const prepared = await db.connection.prepare(sqlText(`site/${name}`));
  try {
    const used = new Set<string>();
    for (let i = 1; i <= prepared.parameterCount; i++) used.add(prepared.parameterName(i));
    for (const key of used)
      if (!(key in params)) throw new Error(`loaders/sql/site/${name}.sql: parameter $${key} has no value`);
    for (const key of Object.keys(params))
      if (!used.has(key)) throw new Error(`loaders/sql/site/${name}.sql takes no parameter $${key}`);
    for (const [key, value] of Object.entries(params))
      prepared.bindValue(prepared.parameterIndex(key), value);
    return (await prepared.runAndReadAll()).getRowObjectsJson() as T[];
  } finally {
    prepared.destroySync();
  }
}

/** The site queries' shared macros (fen, site_text, reject_value); run once before the others. */
export async function defineSiteMacros(db: Warehouse): Promise<void> {
  await db.run(sqlText("site/macros"));
}
