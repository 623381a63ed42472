/**
 * The auditors' evidence export: every finding with its project, village and person, as CSV or XLSX. It is
 * also the findings list sent to the counties: each row carries its finding_key and empty 整改状态 / 报告日期
 * / 整改说明 columns, so the county fills in the file it was sent and the province loads it back unchanged
 * as the rectification ledger (docs/review.md#ledger; columns in common/evidence.js).
 * People are masked unless the caller asks for personal data explicitly; then the file says, in its first
 * line, that it holds personal data (docs/privacy.md#personal-export: full IDs leave only through a local export that
 * says so). The site build never calls this.
 */
import { extname } from "node:path";
import { EVIDENCE_COLUMNS } from "@xianbao/common/evidence.js";
import { RULES } from "@xianbao/common/rules.js";
import JSZip from "jszip";
import { csvCell, sheetTypes, toCsv, toSheet } from "@xianbao/common/csv.js";
import { writeXlsx } from "@xianbao/common/xlsx.js";
import { writeFileAtomically } from "./atomic.ts";
import type { Warehouse } from "./warehouse.ts";

/** What `export --out` is, for messages. */
export const EVIDENCE_OUT = { zh: "证据文件 (--out)", en: "the evidence file (--out)" };

export const PERSONAL_DATA_NOTICE =
  "个人信息: 本文件含完整公民身份号码, 仅限审计取证使用, 不得外传或上传到网站 / PERSONAL DATA: this file holds full citizen ID numbers; for audit evidence only, do not share or publish";

export interface EvidenceOptions {
  /** Write full ID numbers (and the personal-data notice); otherwise masked. */
  personalData: boolean;
  /** Only these rule codes (F01..F12); all when empty. */
  codes?: string[];
}

/**
 * The evidence rows (findings joined to their names and their proof figures, loaders/sql/metrics/proof.sql),
 * in the findings' stable order. Money and decimals come as exact decimal text, dates as YYYY-MM-DD, counts
 * as numbers: the writers type them by EVIDENCE_COLUMNS.
 */
export async function evidenceRows(
  db: Warehouse,
  options: EvidenceOptions,
): Promise<Record<string, unknown>[]> {
  const rows = await db.rows<Record<string, unknown>>(
    `SELECT f.finding_key, f.code, f.county_code, c.county_name, c.city_name, f.project_id, pr.project_name,
       f.village_code, v.village_name, CASE WHEN $personal THEN f.person_id ELSE mask_id(f.person_id) END AS person,
       CASE WHEN $personal THEN f.record_id ELSE mask_ids_in(f.record_id) END AS record_id,
       f.amount_yuan, f.event_on,
       CASE WHEN $personal THEN f.detail ELSE mask_ids_in(f.detail) END AS detail,
       p.* EXCLUDE (finding_key),
       s.file AS source_file, CAST(di.src_row AS INTEGER) AS source_row
     FROM m_findings f
     LEFT JOIN m_finding_proof p ON p.finding_key = f.finding_key
     LEFT JOIN counties c USING (county_code)
     LEFT JOIN projects pr USING (project_id)
     LEFT JOIN villages v USING (village_code)
     LEFT JOIN distributions di ON di.record_id = f.record_id
     LEFT JOIN sources s ON s.file_id = di.src_file
     WHERE len($codes::VARCHAR[]) = 0 OR list_contains($codes::VARCHAR[], f.code)
     ORDER BY f.code, f.project_id, f.village_code NULLS FIRST, f.event_on NULLS FIRST, f.record_id NULLS FIRST`,
    { personal: options.personalData, codes: JSON.stringify(options.codes ?? []) },
  );
  const titles = new Map(RULES.map((r) => [r.code, r.title]));
  return rows.map((r) => ({
    ...r,
    title: titles.get(String(r.code)) ?? "",
    status: "",
    reported_on: "",
    note: "",
  }));
}

/**
 * Writes the evidence to `file` (.xlsx, else CSV with a BOM), complete or not at all (written beside,
 * flushed, renamed: atomic.ts); returns the number of findings written.
 */
export async function writeEvidence(db: Warehouse, file: string, options: EvidenceOptions): Promise<number> {
  const rows = await evidenceRows(db, options);
  if (extname(file).toLowerCase() === ".xlsx") {
    const sheet = toSheet(rows, EVIDENCE_COLUMNS);
    if (options.personalData) sheet.unshift([PERSONAL_DATA_NOTICE]);
    // The notice stays above the header: the header, frozen and filtered, is the row below it.
    const table = { header: options.personalData ? 1 : 0, types: sheetTypes(EVIDENCE_COLUMNS) };
    await writeFileAtomically(
      file,
      await writeXlsx(JSZip, sheet, { sheetName: "审计线索", table }),
      EVIDENCE_OUT,
    );
  } else {
    const csv = toCsv(rows, EVIDENCE_COLUMNS);
    // The notice is the first line, before the header, so it is the first thing anyone opening the file sees.
    await writeFileAtomically(
      file,
      options.personalData ? `\ufeff${csvCell(PERSONAL_DATA_NOTICE)}\r\n${csv.slice(1)}` : csv,
      EVIDENCE_OUT,
    );
  }
  return rows.length;
}
