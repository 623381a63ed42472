/**
 * The load report (docs/data.md#accounting): per table and per file, rows read = rows loaded + rows
 * rejected; what was ignored; what was kept aside; and how each file was read (the header found, the
 * columns mapped, the sheet, the rows that are not data, every value read from another form). Shared by
 * the CLI, the metrics outputs and the site.
 */
import type { SourceTable } from "./contract.ts";
import type { ColumnReport } from "./sources/headers.ts";
import type { ControlTotal, Note } from "./stage.ts";

export interface FileReport {
  table: SourceTable;
  file: string;
  format: string;
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  bytes: number;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  blank_rows: number;
  /** Rectification ledger only: rows whose answer columns are all empty (not data, like blank rows). */
  unanswered_rows?: number;
  extra_columns: string[];
  warnings: string[];
  /** First and last row of the header (after title and unit rows); null for Parquet. */
  header_rows: [number, number] | null;
  /** Every column: its header, the field it maps to (and through which spelling) or null. */
  columns: ColumnReport[];
  /** Sheets (or HTML tables) not read, and why. */
  sheets_skipped: { sheet: string; reason: string }[];
  /** Totals and signature rows: not data, not counted as read. */
  rows_not_data: { row: number; kind: "total" | "footer"; word: string }[];
  /** The file's own 合计 row checked against the sum of its rows. */
  control_totals: ControlTotal[];
  /** Values read from another form than the plain one, and cells the reader filled, by kind. */
  normalised: Note[];
}

export interface TableReport {
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  /** Rectification ledger only: findings the county did not answer. */
  unanswered_rows?: number;
  files: string[];
}

export interface LoadReport {
  data_dir: string;
  loaded_at: string;
  today: string;
  tables: Record<SourceTable, TableReport>;
  files: FileReport[];
  ignored_files: string[];
  /** Problems (one rejected row may have several). */
  reject_problems: number;
  seconds: number;
}

/** Whether every table and file satisfies rows read = rows loaded + rows rejected. */
export function isBalanced(report: LoadReport): boolean {
  const sums = (r: { rows_read: number; rows_loaded: number; rows_rejected: number }) =>
    r.rows_read === r.rows_loaded + r.rows_rejected;
  return report.files.every(sums) && Object.values(report.tables).every(sums);
}

const TABLE_ORDER: SourceTable[] = [
  "projects",
  "villages",
  "project_villages",
  "fund_flows",
  "distributions",
  "counties",
  "rectifications",
];

/** A plain-text table of the report for a terminal. */
export function formatReport(report: LoadReport): string {
  const lines: string[] = [];
  const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - displayWidth(s)));
  const num = (n: number) => n.toLocaleString("en-US").padStart(12);
  lines.push(`数据目录 data: ${report.data_dir}`);
  lines.push(
    `${pad("表 table", 22)}${"读入 read".padStart(12)}${"导入 loaded".padStart(12)}${"拒绝 rejected".padStart(14)}`,
  );
  for (const table of TABLE_ORDER) {
    const t = report.tables[table];
    if (!t || ((table === "counties" || table === "rectifications") && t.files.length === 0)) continue;
    lines.push(
      `${pad(table, 22)}${num(t.rows_read)}${num(t.rows_loaded)}${num(t.rows_rejected).padStart(14)}`,
    );
  }
  for (const f of report.files) {
    const notes = [
      f.format + (f.encoding ? `/${f.encoding}` : "") + (f.sheet ? `/${f.sheet}` : ""),
      f.header_rows && f.header_rows[1] > 1
        ? `表头在第 ${rowsText(f.header_rows)} 行 header on row ${rowsText(f.header_rows)}`
        : "",
      f.blank_rows ? `${f.blank_rows} 空行 blank` : "",
      f.unanswered_rows ? `${f.unanswered_rows} 未填写 unanswered` : "",
      f.extra_columns.length ? `未用列 extra columns: ${f.extra_columns.join(", ")}` : "",
    ].filter(Boolean);
    lines.push(`  ${f.file}: ${f.rows_read} = ${f.rows_loaded} + ${f.rows_rejected}  (${notes.join("; ")})`);
    const mapped = (f.columns ?? []).filter((c) => c.via === "alias" || c.via === "columns.json");
    if (mapped.length)
      lines.push(
        `    列名对应 columns mapped: ${mapped.map((c) => `“${c.header}” → ${c.field}${c.via === "columns.json" ? " (columns.json)" : ""}`).join(", ")}`,
      );
    for (const s of f.sheets_skipped ?? [])
      lines.push(`    未读工作表 sheet not read: “${s.sheet}” (${SHEET_REASONS[s.reason] ?? s.reason})`);
    const notData = f.rows_not_data ?? [];
    if (notData.length)
      lines.push(`    非数据行 rows not data: ${notData.map((r) => `${r.row} ${r.word}`).join(", ")}`);
    for (const c of f.control_totals ?? [])
      lines.push(
        c.agrees
          ? `    合计核对 control total: 第 ${c.row} 行 ${c.field} ${c.stated} = 各行之和 sum of rows ✓`
          : `    合计不符 control total differs: 第 ${c.row} 行 ${c.field} ${c.stated ?? "?"} ≠ 各行之和 sum of rows ${c.sum}`,
      );
    const normalised = f.normalised ?? [];
    if (normalised.length)
      lines.push(
        `    读取时转换 read from another form: ${normalised.map((n) => `${n.field ? `${n.field} ` : ""}${n.kind} ×${n.count.toLocaleString("en-US")}`).join(", ")}`,
      );
    for (const w of f.warnings) lines.push(`    注意 warning: ${w}`);
  }
  if (report.ignored_files.length) lines.push(`未读取 ignored: ${report.ignored_files.join(", ")}`);
  lines.push(
    isBalanced(report)
      ? "核对 check: 每个文件 读入 = 导入 + 拒绝 / every file: read = loaded + rejected"
      : "核对失败 CHECK FAILED: 读入 ≠ 导入 + 拒绝 / read ≠ loaded + rejected",
  );
  return lines.join("\n");
}

function rowsText([first, last]: [number, number]): string {
  return first === last ? String(first) : `${first}-${last}`;
}

const SHEET_REASONS: Record<string, string> = {
  hidden: "隐藏 hidden",
  veryHidden: "深度隐藏 very hidden",
  empty: "空白 empty",
  no_header: "没有本表的表头 no header of this table",
  also_matches: "也含本表表头, 每个文件只读一个工作表 also has the header; one sheet per file is read",
};

/** Terminal width of a string: CJK characters take two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
        ? 2
        : 1;
  return width;
}
