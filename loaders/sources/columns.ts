/**
 * columns.json: a data directory's own header names for the contract's fields, for the systems whose
 * exports use names no alias covers (docs/decisions.md I15). `{"distributions": {"身份证件": "person_id"}}`.
 * Every entry is checked before anything is read; a mistake stops the load with the key to fix.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { headerSpellings, normalizeLabel, tableSpec, type SourceTable, type TableSpec } from "../contract.ts";
import { BilingualError } from "../errors.ts";

/** Per table: normalised header -> the header as written and its field. */
export type ColumnMap = Record<string, Map<string, { header: string; field: string }>>;

/** The file name, at the top of a data directory. */
export const COLUMNS_FILE = "columns.json";

/**
 * Reads and checks `columns.json` in `dataDir`; an empty map when there is none.
 * @param tables the tables a data directory may hold (their specs decide the fields)
 */
export async function readColumnMap(dataDir: string, tables: readonly SourceTable[]): Promise<ColumnMap> {
  let text: string;
  try {
    text = await readFile(join(dataDir, COLUMNS_FILE), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw fail(
      `无法读取 (${(error as NodeJS.ErrnoException).code})`,
      `cannot be read (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\ufeff/, ""));
  } catch (error) {
    throw fail(
      `不是有效的 JSON (${(error as Error).message})。格式: {"表名": {"贵单位的列名": "字段名"}}`,
      `is not valid JSON (${(error as Error).message}). Its shape: {"table": {"your header": "field"}}`,
    );
  }
  if (!isObject(json))
    throw fail(
      `应为一个对象: {"表名": {"贵单位的列名": "字段名"}}`,
      `must be an object: {"table": {"your header": "field"}}`,
    );
  const out: ColumnMap = {};
  for (const [table, entries] of Object.entries(json)) {
    if (!tables.includes(table as SourceTable))
      throw fail(
        `“${table}” 不是表名; 可用的表: ${tables.join(", ")}`,
        `"${table}" is not a table; the tables are ${tables.join(", ")}`,
      );
    if (!isObject(entries))
      throw fail(
        `${table} 的值应为 {"贵单位的列名": "字段名"}`,
        `the value of ${table} must be {"your header": "field"}`,
      );
    out[table] = checkTable(tableSpec(table as SourceTable), entries);
  }
  return out;
}

function checkTable(spec: TableSpec, entries: Record<string, unknown>): ColumnMap[string] {
  const fields = spec.fields.map((f) => f.name);
  const builtIn = new Map<string, string>();
  for (const f of spec.fields) for (const s of headerSpellings(f)) builtIn.set(s, f.name);
  const map: ColumnMap[string] = new Map();
  for (const [header, field] of Object.entries(entries)) {
    const key = `${spec.name}.${header}`;
    if (typeof field !== "string" || !fields.includes(field))
      throw fail(
        `${key} 的值 ${JSON.stringify(field)} 不是 ${spec.name} 的字段; 可用的字段: ${fields.join(", ")}`,
        `${key}: ${JSON.stringify(field)} is not a field of ${spec.name}; its fields are ${fields.join(", ")}`,
      );
    const spelling = normalizeLabel(header);
    if (spelling === "") throw fail(`${spec.name} 中有空的列名`, `${spec.name} has an empty header`);
    const other = builtIn.get(spelling);
    if (other && other !== field)
      throw fail(
        `${key}: “${header}” 已是字段 ${other} 的列名, 不能再对应 ${field}`,
        `${key}: "${header}" is already a header of the field ${other}; it cannot also name ${field}`,
      );
    const earlier = map.get(spelling);
    if (earlier && earlier.field !== field)
      throw fail(
        `${spec.name}: “${earlier.header}” 和 “${header}” 是同一个列名, 却对应两个字段 ${earlier.field} 和 ${field}`,
        `${spec.name}: "${earlier.header}" and "${header}" are one header mapped to two fields, ${earlier.field} and ${field}`,
      );
    map.set(spelling, { header, field });
  }
  return map;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(zh: string, en: string): BilingualError {
  return new BilingualError(`${COLUMNS_FILE}: ${zh}。`, `${COLUMNS_FILE}: ${en}.`);
}
