/**
 * quality.json: 数据质量, the load report per table and per file, the control totals recounted from the
 * warehouse (rows stored per source file, distinct rejected rows, money loaded), the reasons and the first
 * 5,000 rejects, every value masked.
 */
import { columns, type Json } from "../export.ts";
import type { SiteContext } from "../context.ts";
import type { FileReport, LoadReport } from "../../report.ts";
import { OPTIONAL_TABLES, TABLES } from "../../contract.ts";

/** How many rejects the page lists; the command line gives all of them. */
export const REJECTS_LISTED = 5000;

const LOADED_TABLES = ["projects", "villages", "project_villages", "fund_flows", "distributions"] as const;
/** Tables whose stored rows are recounted per source file: the five and the optional ledger. */
const STORED_TABLES = [...LOADED_TABLES, "rectifications"] as const;

/** The money column of each table that has one, and how it is split for the control totals. */
const MONEY: Record<string, { column: string; split?: string }> = {
  projects: { column: "required_yuan" },
  fund_flows: { column: "amount_yuan", split: "flow" },
  distributions: { column: "amount_yuan", split: "account" },
};

// A rejected line the parser could not split may carry columns we do not load (a name, say): on the site
// its IDs are masked and every run of non-ASCII text is blanked; the clerk finds it by file and row.
/** The SQL of a reject's value as the site shows it (columns `field`, `value` of alias r). */
export const MASKED_VALUE = `CASE WHEN r.field = 'person_id' THEN mask_id(r.value)
  WHEN r.field IS NULL THEN regexp_replace(mask_ids_in(left(r.value, 200)), '[^\\x00-\\x7F]+', '＊', 'g')
  ELSE mask_ids_in(left(r.value, 200)) END`;

export async function writeQuality(ctx: SiteContext): Promise<void> {
  const db = ctx.db;
  const report = JSON.parse(
    (await db.value<string>(`SELECT value FROM meta WHERE key = 'load_report'`)) ?? "{}",
  ) as LoadReport;
  const sources = await db.rows<{ file_id: number; file: string; table_name: string }>(
    `SELECT CAST(file_id AS INTEGER) AS file_id, file, table_name FROM sources ORDER BY file_id`,
  );
  const fileIds = new Map(sources.map((s) => [`${s.table_name}\0${s.file}`, s.file_id]));

  const stored = new Map<
    number,
    { rows: number; amount_fen: number | null; split: Record<string, number> }
  >();
  for (const table of STORED_TABLES) {
    const money = MONEY[table];
    const amount = money ? `CAST(yuan_to_fen(coalesce(sum(${money.column}), 0)) AS DOUBLE)` : "NULL";
    const perFile = await db.rows<{ file_id: number; rows: number; amount_fen: number | null }>(
      `SELECT CAST(src_file AS INTEGER) AS file_id, count(*)::DOUBLE AS rows, ${amount} AS amount_fen
       FROM ${table} GROUP BY ALL ORDER BY 1`,
    );
    for (const r of perFile) stored.set(r.file_id, { rows: r.rows, amount_fen: r.amount_fen, split: {} });
    if (money?.split) {
      const parts = await db.rows<{ file_id: number; part: string; amount_fen: number }>(
        `SELECT CAST(src_file AS INTEGER) AS file_id, ${money.split} AS part,
           CAST(yuan_to_fen(sum(${money.column})) AS DOUBLE) AS amount_fen
         FROM ${table} GROUP BY ALL ORDER BY 1, 2`,
      );
      for (const p of parts) stored.get(p.file_id)!.split[p.part] = p.amount_fen;
    }
  }
  const rejectedRows = new Map(
    (
      await db.rows<{ file_id: number; rows: number; problems: number }>(
        `SELECT CAST(file_id AS INTEGER) AS file_id, count(DISTINCT row)::DOUBLE AS rows, count(*)::DOUBLE AS problems
         FROM rejects GROUP BY ALL`,
      )
    ).map((r) => [r.file_id, r]),
  );

  const files = report.files.map((f: FileReport) => {
    const id = fileIds.get(`${f.table}\0${f.file}`);
    const s = id === undefined ? undefined : stored.get(id);
    const rej = id === undefined ? undefined : rejectedRows.get(id);
    const loadedTable = (STORED_TABLES as readonly string[]).includes(f.table);
    return {
      ...f,
      stored_rows: loadedTable ? (s?.rows ?? 0) : null,
      rejected_rows_found: rej?.rows ?? 0,
      problems: rej?.problems ?? 0,
      amount_fen: loadedTable && MONEY[f.table] ? (s?.amount_fen ?? 0) : null,
      amount_split: (s?.split ?? {}) as Record<string, number>,
    };
  });

  const tables = Object.entries(report.tables)
    .filter(([name, t]) => (LOADED_TABLES as readonly string[]).includes(name) || t.files.length > 0)
    .map(([name, t]) => {
      const own = files.filter((f) => f.table === name);
      const sum = (get: (f: (typeof files)[number]) => number | null) =>
        own.some((f) => get(f) !== null) ? own.reduce((a, f) => a + (get(f) ?? 0), 0) : null;
      const split: Record<string, number> = {};
      for (const f of own)
        for (const [k, v] of Object.entries(f.amount_split)) split[k] = (split[k] ?? 0) + v;
      return {
        table: name,
        files: t.files.length,
        rows_read: t.rows_read,
        rows_loaded: t.rows_loaded,
        rows_rejected: t.rows_rejected,
        blank_rows: own.reduce((a, f) => a + f.blank_rows, 0),
        stored_rows: sum((f) => f.stored_rows),
        rejected_rows_found: own.reduce((a, f) => a + f.rejected_rows_found, 0),
        amount_fen: sum((f) => f.amount_fen),
        amount_split: split,
      };
    });

  const reasons = await db.rows(
    `SELECT r.reason_code, coalesce(any_value(x.zh), any_value(r.reason_zh)) AS zh,
       coalesce(any_value(x.en), any_value(r.reason_en)) AS en,
       list(DISTINCT r.table_name ORDER BY r.table_name) AS tables,
       list(DISTINCT coalesce(r.field, '(整行)') ORDER BY coalesce(r.field, '(整行)')) AS fields,
       count(*)::DOUBLE AS problems, count(DISTINCT (r.file_id, r.row))::DOUBLE AS rows
     FROM rejects r LEFT JOIN reasons x ON x.code = r.reason_code
     GROUP BY r.reason_code ORDER BY rows DESC, problems DESC, r.reason_code`,
  );
  const rejects = await db.rows(
    `SELECT r.table_name, s.file, CAST(r.row AS DOUBLE) AS row, r.field, ${MASKED_VALUE} AS value,
       r.reason_code, r.reason_zh, r.reason_en
     FROM rejects r JOIN sources s USING (file_id)
     ORDER BY r.file_id, r.row, r.field NULLS FIRST, r.reason_code LIMIT $limit`,
    { limit: REJECTS_LISTED },
  );

  await ctx.write("quality.json", {
    as_of: ctx.asOf,
    load_day: report.today,
    data_hash: ctx.freshness.data_hash as string,
    tables: tables as unknown as Json,
    files: files as unknown as Json,
    ignored_files: report.ignored_files,
    reject_problems: report.reject_problems,
    rejects_total: Number(await db.value(`SELECT count(*)::DOUBLE FROM rejects`)),
    rejects_listed_max: REJECTS_LISTED,
    reasons: reasons as Json[],
    labels: {
      tables: Object.fromEntries([...TABLES, ...OPTIONAL_TABLES].map((t) => [t.name, t.label])),
      fields: Object.fromEntries(
        [...TABLES, ...OPTIONAL_TABLES].flatMap((t) => t.fields.map((f) => [`${t.name}.${f.name}`, f.label])),
      ),
    },
    rejects: columns(rejects, [
      "table_name",
      "file",
      "row",
      "field",
      "value",
      "reason_code",
      "reason_zh",
      "reason_en",
    ]),
  });
}
