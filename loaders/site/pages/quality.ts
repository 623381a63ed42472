/**
 * quality.json: 数据质量, the load report per table and per file, the control totals recounted from the
 * warehouse (rows stored per source file, distinct rejected rows, money loaded), the reasons and the first
 * 5,000 rejects, every value masked.
 */
import { columns, groupBy, type Json } from "../export.ts";
import type { SiteContext } from "../context.ts";
import { siteRows } from "../query.ts";
import type { FileReport, LoadReport } from "../../report.ts";
import { OPTIONAL_TABLES, TABLES } from "../../contract.ts";

/** How many rejects the page lists; the command line gives all of them. */
export const REJECTS_LISTED = 5000;

interface Stored {
  table_name: string;
  file_id: number;
  part: string | null;
  total: boolean;
  rows: number;
  amount_fen: number | null;
}

export async function writeQuality(ctx: SiteContext): Promise<void> {
  const db = ctx.db;
  const [meta] = await siteRows<{ value: string }>(db, "meta", { key: "load_report" });
  const report = JSON.parse(meta?.value ?? "{}") as LoadReport;
  const sources = await siteRows<{ file_id: number; file: string; table_name: string }>(
    db,
    "quality_sources",
  );
  const fileIds = new Map(sources.map((s) => [`${s.table_name}\0${s.file}`, s.file_id]));
  const stored = groupBy(await siteRows<Stored>(db, "quality_stored"), (s) => String(s.file_id));
  const rejected = new Map(
    (await siteRows<{ file_id: number; rows: number; problems: number }>(db, "quality_rejected")).map((r) => [
      r.file_id,
      r,
    ]),
  );

  const files = report.files.map((f: FileReport) => {
    const id = fileIds.get(`${f.table}\0${f.file}`);
    const own = id === undefined ? [] : (stored.get(String(id)) ?? []);
    const total = own.find((s) => s.total);
    const rej = id === undefined ? undefined : rejected.get(id);
    return {
      ...f,
      stored_rows: total?.rows ?? null,
      rejected_rows_found: rej?.rows ?? 0,
      problems: rej?.problems ?? 0,
      amount_fen: total?.amount_fen ?? null,
      amount_split: Object.fromEntries(
        own.filter((s) => !s.total).map((s) => [s.part as string, s.amount_fen ?? 0]),
      ) as Record<string, number>,
    };
  });
  const loaded = new Set(TABLES.map((t) => t.name as string));

  const tables = Object.entries(report.tables)
    .filter(([name, t]) => loaded.has(name) || t.files.length > 0)
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

  const [total] = await siteRows<{ total: number }>(db, "quality_rejects_total");
  await ctx.write("quality.json", {
    as_of: ctx.asOf,
    load_day: report.today,
    data_hash: ctx.freshness.data_hash as string,
    tables: tables as unknown as Json,
    files: files as unknown as Json,
    ignored_files: report.ignored_files,
    reject_problems: report.reject_problems,
    rejects_total: total.total,
    rejects_listed_max: REJECTS_LISTED,
    reasons: (await siteRows(db, "quality_reasons")) as Json[],
    labels: {
      tables: Object.fromEntries([...TABLES, ...OPTIONAL_TABLES].map((t) => [t.name, t.label])),
      fields: Object.fromEntries(
        [...TABLES, ...OPTIONAL_TABLES].flatMap((t) => t.fields.map((f) => [`${t.name}.${f.name}`, f.label])),
      ),
    },
    rejects: columns(await siteRows(db, "quality_rejects", { limit: REJECTS_LISTED })),
  });
}
