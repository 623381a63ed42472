/**
 * The load report (DOMAIN section 1, "Bad input"): per table and per file, rows read = rows loaded + rows
 * rejected; what was ignored; what was kept aside. Shared by the CLI, the metrics outputs and the site.
 */
import type { SourceTable } from "./contract.ts";

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
      f.blank_rows ? `${f.blank_rows} 空行 blank` : "",
      f.unanswered_rows ? `${f.unanswered_rows} 未填写 unanswered` : "",
      f.extra_columns.length ? `未用列 extra columns: ${f.extra_columns.join(", ")}` : "",
      ...f.warnings,
    ].filter(Boolean);
    lines.push(`  ${f.file}: ${f.rows_read} = ${f.rows_loaded} + ${f.rows_rejected}  (${notes.join("; ")})`);
  }
  if (report.ignored_files.length) lines.push(`未读取 ignored: ${report.ignored_files.join(", ")}`);
  lines.push(
    isBalanced(report)
      ? "核对 check: 每个文件 读入 = 导入 + 拒绝 / every file: read = loaded + rejected"
      : "核对失败 CHECK FAILED: 读入 ≠ 导入 + 拒绝 / read ≠ loaded + rejected",
  );
  return lines.join("\n");
}

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
