/**
 * Finds the header of a table among the first rows of a file and maps its columns to the contract's
 * fields (docs/decisions.md I15): by matching the fields' English names, Chinese labels, aliases and the
 * data directory's columns.json, not by position, so that title rows, a unit row ("单位: 元"), a two-row
 * header under merged group cells and a 序号 column are read as a clerk laid them out.
 */
import { headerSpellings, normalizeLabel, type TableSpec } from "../contract.ts";
import { BilingualError } from "../errors.ts";
import { maskIdsIn } from "../personId.ts";
import type { ColumnMap } from "./columns.ts";

/** How a column's header named its field. */
export type MappedVia = "name" | "label" | "alias" | "columns.json";

export interface ColumnReport {
  /** 1-based column number. */
  column: number;
  /** The header as written (the two header rows joined by " / " when both hold text). */
  header: string;
  /** The field it maps to, or null for a column that is not read. */
  field: string | null;
  via: MappedVia | null;
}

export interface HeaderMapping {
  /** Field name -> 0-based column index, for the fields present. */
  fields: Map<string, number>;
  /** Columns that name no field, as written in the file. */
  extras: string[];
  columns: ColumnReport[];
}

export interface HeaderMatch extends HeaderMapping {
  /** 0-based index, among the rows searched, of the first header row. */
  first: number;
  /** 0-based index of the last header row (a unit row or a column-number row under it included). */
  last: number;
}

interface Spelling {
  field: string;
  via: MappedVia;
}

/** Every accepted header of a table's fields, normalised, with how it names its field. */
export function spellingsOf(spec: TableSpec, custom?: ColumnMap[string]): Map<string, Spelling> {
  const lookup = new Map<string, Spelling>();
  for (const field of spec.fields)
    for (const spelling of headerSpellings(field)) {
      const via: MappedVia =
        spelling === normalizeLabel(field.name)
          ? "name"
          : [field.label, field.label.replace(/[(（][^)）]*[)）]$/, "")].some(
                (l) => normalizeLabel(l) === spelling,
              )
            ? "label"
            : "alias";
      if (!lookup.has(spelling)) lookup.set(spelling, { field: field.name, via });
    }
  for (const [spelling, entry] of custom ?? [])
    lookup.set(spelling, { field: entry.field, via: "columns.json" });
  return lookup;
}

/**
 * Maps header cells (one row) to fields; throws for a field named twice or a missing required column.
 * @example mapHeader(PROJECTS, ["批次编号", "项目名称", ...], "projects.csv")
 */
export function mapHeader(
  spec: TableSpec,
  columns: readonly string[],
  file: string,
  custom?: ColumnMap[string],
): HeaderMapping {
  if (columns.length === 0 || columns.every((c) => c.trim() === "")) throw noHeader(file);
  const mapping = matchRow(spellingsOf(spec, custom), columns);
  duplicateCheck(mapping, file, 0);
  const missing = missingOf(spec, mapping);
  if (missing.length) throw missingColumns(file, missing, null);
  return toMapping(mapping);
}

/**
 * The header among the first rows of a sheet or CSV: the first row that maps every required field, or the
 * first two rows that do together (a group header above field headers; a field merged down over both);
 * a row just under it holding only units ("(元)") or column numbers (栏次 1, 2, 3) belongs to it.
 * Throws when no row or pair of rows maps every required field, naming the closest and what it lacks.
 */
export function findHeader(
  spec: TableSpec,
  rows: readonly (readonly string[])[],
  file: string,
  custom?: ColumnMap[string],
): HeaderMatch {
  const lookup = spellingsOf(spec, custom);
  if (rows.every((r) => r.every((c) => c.trim() === ""))) throw noHeader(file);
  let best: { matched: Matched; row: number } | null = null;
  for (let i = 0; i < rows.length; i++) {
    const candidates: { first: number; matched: Matched }[] = [
      { first: i, matched: matchRow(lookup, rows[i]) },
    ];
    if (i > 0) candidates.push({ first: i - 1, matched: matchRow(lookup, rows[i], rows[i - 1]) });
    for (let { first, matched } of candidates) {
      const missing = missingOf(spec, matched);
      if (missing.length === 0) {
        duplicateCheck(matched, file, i);
        // A field merged down over both header rows fills the upper row with the same text: a group
        // header row above belongs to the header.
        if (
          first === i &&
          i > 0 &&
          rows[i].some((c, k) => c.trim() !== "" && c.trim() === (rows[i - 1][k] ?? "").trim())
        )
          first = i - 1;
        let last = i;
        if (i + 1 < rows.length && isHeaderTail(rows[i + 1], lookup)) last = i + 1;
        return { ...toMapping(matched), first, last };
      }
      if (!best || required(spec, matched) > required(spec, best.matched)) best = { matched, row: i };
    }
  }
  const closest = best!;
  throw missingColumns(file, missingOf(spec, closest.matched), closest.row > 0 ? closest.row + 1 : null);
}

interface Matched {
  /** Per column: the field and how, or null; and the header text. */
  cells: { header: string; spelling: Spelling | null }[];
}

function matchRow(lookup: Map<string, Spelling>, row: readonly string[], upper?: readonly string[]): Matched {
  const width = Math.max(row.length, upper?.length ?? 0);
  const cells: Matched["cells"] = [];
  for (let c = 0; c < width; c++) {
    const lower = (row[c] ?? "").trim();
    const top = (upper?.[c] ?? "").trim();
    const tries = upper
      ? [lower, ...(lower === "" || lower === top ? [top] : []), top && lower ? top + lower : ""]
      : [lower];
    let spelling: Spelling | null = null;
    for (const t of tries) {
      if (!t) continue;
      spelling = lookup.get(normalizeLabel(t)) ?? null;
      if (spelling) break;
    }
    const header = upper && top && lower && top !== lower ? `${top} / ${lower}` : lower || top;
    cells.push({ header, spelling });
  }
  return { cells };
}

function required(spec: TableSpec, m: Matched): number {
  const found = new Set(m.cells.map((c) => c.spelling?.field));
  return spec.fields.filter((f) => f.required && found.has(f.name)).length;
}

function missingOf(spec: TableSpec, m: Matched) {
  const found = new Set(m.cells.map((c) => c.spelling?.field));
  return spec.fields.filter((f) => f.required && !found.has(f.name));
}

const UNIT_CELL = /^[(（][^()（）]*[)）]$|^单位[:：]/;
const COLUMN_NUMBER = /^([0-9]{1,3}|[甲乙丙丁戊己庚辛壬癸])$/;

function isHeaderTail(row: readonly string[], lookup: Map<string, Spelling>): boolean {
  const cells = row.map((c) => c.trim()).filter(Boolean);
  if (cells.length === 0) return false;
  if (cells.every((c) => COLUMN_NUMBER.test(c))) return cells.length >= 3;
  return cells.every((c) => UNIT_CELL.test(c) || lookup.has(normalizeLabel(c)));
}

function duplicateCheck(m: Matched, file: string, row: number): void {
  const seen = new Map<string, number>();
  m.cells.forEach((cell, index) => {
    const field = cell.spelling?.field;
    if (!field) return;
    const first = seen.get(field);
    if (first !== undefined) {
      const a = shown(m.cells[first].header);
      const b = shown(cell.header);
      const where = row > 0 ? `第${row + 1}行表头` : "表头";
      const whereEn = row > 0 ? `the header on row ${row + 1}` : "the header";
      throw new BilingualError(
        `${file}: ${where}的第${first + 1}列“${a}”和第${index + 1}列“${b}”都是字段 ${field}。请删除或改名其中一列。`,
        `${file}: in ${whereEn}, column ${first + 1} "${a}" and column ${index + 1} "${b}" both name the field ${field}. Delete or rename one of them.`,
      );
    }
    seen.set(field, index);
  });
}

function toMapping(m: Matched): HeaderMapping {
  const fields = new Map<string, number>();
  const extras: string[] = [];
  const columns: ColumnReport[] = [];
  m.cells.forEach((cell, index) => {
    const header = shown(cell.header);
    if (cell.spelling) fields.set(cell.spelling.field, index);
    else extras.push(header === "" ? `(第${index + 1}列/column ${index + 1})` : header);
    columns.push({
      column: index + 1,
      header,
      field: cell.spelling?.field ?? null,
      via: cell.spelling?.via ?? null,
    });
  });
  return { fields, extras, columns };
}

/** A header as shown in messages and reports: trimmed, line breaks as spaces, any ID number masked. */
function shown(header: string): string {
  return maskIdsIn(header.replace(/\s+/g, " ").trim());
}

function noHeader(file: string): BilingualError {
  return new BilingualError(
    `${file}: 文件为空或没有表头行。请导出第一行为列名的表格。`,
    `${file}: the file is empty or has no header row. Export the table with column names in the first row.`,
  );
}

function missingColumns(
  file: string,
  missing: TableSpec["fields"][number][],
  closestRow: number | null,
): BilingualError {
  const zh = missing.map((f) => `${f.label}(${f.name})`).join("、");
  const en = missing.map((f) => `${f.name} (${f.label})`).join(", ");
  const whereZh = closestRow ? ` (前 30 行中第 ${closestRow} 行最像表头)` : "";
  const whereEn = closestRow ? ` (of the first 30 rows, row ${closestRow} comes closest to a header)` : "";
  return new BilingualError(
    `${file}: 缺少必填列 ${zh}${whereZh}。请在表头加入这些列 (中文或英文列名均可, 或在 columns.json 中对应), 见 data/README.md。`,
    `${file}: missing required column(s) ${en}${whereEn}. Add them to the header row (Chinese or English names, or map them in columns.json), see data/README.md.`,
  );
}
