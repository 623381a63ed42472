// The 数据质量 page's checks and labels: does every file and table balance, and how to name formats.
import { html } from "htl";
import { markup } from "./markup.js";

/**
 * @typedef {{rows_read: number, rows_loaded: number, rows_rejected: number, stored_rows: number | null,
 *   rejected_rows_found: number}} Counted
 */

/**
 * What is wrong with one file's or table's counts, in Chinese; empty when it balances. Three checks:
 * read = loaded + rejected (the load report), the rows found in the warehouse = loaded, and the distinct
 * rows in the rejects list = rejected.
 * @param {Counted} c
 * @returns {string[]}
 * @example imbalance({rows_read: 3, rows_loaded: 2, rows_rejected: 1, stored_rows: 2, rejected_rows_found: 1}) // []
 */
export function imbalance(c) {
  const out = [];
  if (c.rows_read !== c.rows_loaded + c.rows_rejected)
    out.push(`读入 ${c.rows_read} ≠ 导入 ${c.rows_loaded} + 拒绝 ${c.rows_rejected}`);
  if (c.stored_rows !== null && c.stored_rows !== undefined && c.stored_rows !== c.rows_loaded)
    out.push(`库中实有 ${c.stored_rows} 行 ≠ 导入 ${c.rows_loaded} 行`);
  if (c.rejected_rows_found !== c.rows_rejected)
    out.push(`拒绝清单 ${c.rejected_rows_found} 行 ≠ 拒绝 ${c.rows_rejected} 行`);
  return out;
}

/**
 * Every imbalance of the files and tables, and of each table against the sum of its files.
 * @param {{tables: any[], files: any[]}} q quality.json
 * @returns {string[]}
 */
export function controlProblems(q) {
  const out = [];
  for (const f of q.files) for (const p of imbalance(f)) out.push(`${f.file}: ${p}`);
  for (const t of q.tables) {
    for (const p of imbalance(t)) out.push(`${t.table}: ${p}`);
    const files = q.files.filter((f) => f.table === t.table);
    for (const k of ["rows_read", "rows_loaded", "rows_rejected"]) {
      const sum = files.reduce((a, f) => a + f[k], 0);
      if (sum !== t[k]) out.push(`${t.table}: 各文件 ${k} 之和 ${sum} ≠ 表合计 ${t[k]}`);
    }
  }
  return out;
}

/** A check mark or a red cross with what is wrong on hover, as a table cell. @param {Counted} c */
export function checkMark(c) {
  const problems = imbalance(c);
  return problems.length
    ? markup`<span class="check bad" title=${problems.join("; ")}>✘ 不符</span>`
    : markup`<span class="check ok" title="读入 = 导入 + 拒绝; 库中行数与拒绝清单均相符">✔ 相符</span>`;
}

const ENCODINGS = /** @type {Record<string, string>} */ ({
  "utf-8": "UTF-8",
  "utf-8-bom": "UTF-8 (带 BOM)",
  gb18030: "GBK / GB18030",
  gbk: "GBK",
  "utf-16le": "UTF-16 (Unicode 文本)",
  "utf-16be": "UTF-16 BE",
});

/**
 * The file's format as a reader would say it: "CSV · UTF-8 (带 BOM)", "Excel XLSX · 工作表 Sheet1".
 * @param {{format: string, encoding: string | null, delimiter: string | null, sheet: string | null}} f
 */
export function formatLabel(f) {
  const parts = [
    f.format === "xlsx"
      ? "Excel XLSX"
      : f.format === "csv"
        ? "CSV"
        : f.format === "parquet"
          ? "Parquet"
          : f.format,
  ];
  if (f.encoding) parts.push(ENCODINGS[f.encoding] ?? f.encoding);
  if (f.delimiter && f.delimiter !== ",") parts.push(`分隔符 ${f.delimiter === "\t" ? "Tab" : f.delimiter}`);
  if (f.sheet) parts.push(`工作表 ${f.sheet}`);
  return parts.join(" · ");
}

/** Bytes as KB / MB. @param {number} n */
export function bytes(n) {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} B`;
}

/** Chinese names of the money parts in the control totals. */
export const MONEY_PARTS = /** @type {Record<string, Record<string, string>>} */ ({
  projects: { "": "应筹补贴资金" },
  fund_flows: { deposit: "到账 (deposit)", transfer: "划入专户 (transfer)", refund: "原渠道退回 (refund)" },
  distributions: { individual: "记入个人账户", pre_deposit: "记入个人预存款账户" },
});

/**
 * The filter bar of the rejects list: table, file and reason, each with its count. Its value is
 * {table, file, reason} ("" for all); it emits input events, so `view()` sees every change.
 * @param {{table_name: string, file: string, reason_code: string}[]} rejects
 * @param {{tableName: (t: string) => string, reasonText: (code: string) => string}} names
 */
export function rejectFilters(rejects, { tableName, reasonText }) {
  /** @param {"table_name" | "file" | "reason_code"} key @param {string} name @param {string} all @param {(v: string) => string} label */
  function select(key, name, all, label) {
    /** @type {Map<string, number>} */
    const counts = new Map();
    for (const r of rejects) counts.set(r[key], (counts.get(r[key]) ?? 0) + 1);
    const values = [...counts.keys()].sort();
    return /** @type {HTMLSelectElement} */ (
      html`<select name=${name}>
        ${[
          html`<option value="">${all}</option>`,
          ...values.map((v) => html`<option value=${v}>${label(v)} (${counts.get(v)})</option>`),
        ]}
      </select>`
    );
  }
  const table = select("table_name", "table", "全部表", tableName);
  const file = select("file", "file", "全部文件", (v) => v);
  const reason = select("reason_code", "reason", "全部原因", (v) => {
    const text = reasonText(v);
    return text.length > 28 ? `${text.slice(0, 27)}…` : text;
  });
  const form = /** @type {any} */ (
    html`<form class="filters reject-filters">
      <label>表<br />${table}</label> <label>文件<br />${file}</label> <label>原因<br />${reason}</label>
    </form>`
  );
  form.addEventListener("submit", (/** @type {Event} */ e) => e.preventDefault());
  Object.defineProperty(form, "value", {
    get: () => ({ table: table.value, file: file.value, reason: reason.value }),
  });
  return form;
}
