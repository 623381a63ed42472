/**
 * Maps a file's header row to the contract's fields: English names or Chinese labels, spaces and
 * full-width brackets tolerated. Missing required columns and a field named twice stop the load of the
 * file; unknown columns are kept aside and reported.
 */
import { headerSpellings, normalizeLabel, type TableSpec } from "../contract.ts";
import { BilingualError } from "../errors.ts";

export interface HeaderMapping {
  /** Field name -> 0-based column index, for the fields present. */
  fields: Map<string, number>;
  /** Columns that name no field, as written in the file. */
  extras: string[];
}

/**
 * Maps header cells to fields of a table.
 * @example mapHeader(PROJECTS, ["批次编号", "项目名称", ...], "projects.csv")
 */
export function mapHeader(spec: TableSpec, columns: readonly string[], file: string): HeaderMapping {
  if (columns.length === 0 || columns.every((c) => c.trim() === ""))
    throw new BilingualError(
      `${file}: 文件为空或没有表头行。请导出第一行为列名的表格。`,
      `${file}: the file is empty or has no header row. Export the table with column names in the first row.`,
    );
  const lookup = new Map<string, string>();
  for (const field of spec.fields)
    for (const spelling of headerSpellings(field)) lookup.set(spelling, field.name);
  const fields = new Map<string, number>();
  const extras: string[] = [];
  columns.forEach((raw, index) => {
    const name = lookup.get(normalizeLabel(raw));
    if (name === undefined) {
      extras.push(raw.trim() === "" ? `(第${index + 1}列/column ${index + 1})` : raw.trim());
      return;
    }
    const first = fields.get(name);
    if (first !== undefined)
      throw new BilingualError(
        `${file}: 第${first + 1}列“${columns[first].trim()}”和第${index + 1}列“${raw.trim()}”都是字段 ${name}。请删除或改名其中一列。`,
        `${file}: column ${first + 1} "${columns[first].trim()}" and column ${index + 1} "${raw.trim()}" both name the field ${name}. Delete or rename one of them.`,
      );
    fields.set(name, index);
  });
  const missing = spec.fields.filter((f) => f.required && !fields.has(f.name));
  if (missing.length > 0) {
    const zh = missing.map((f) => `${f.label}(${f.name})`).join("、");
    const en = missing.map((f) => `${f.name} (${f.label})`).join(", ");
    throw new BilingualError(
      `${file}: 缺少必填列 ${zh}。请在表头加入这些列 (中文或英文列名均可), 见 data/README.md。`,
      `${file}: missing required column(s) ${en}. Add them to the header row (Chinese or English names), see data/README.md.`,
    );
  }
  return { fields, extras };
}
