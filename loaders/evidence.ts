/**
 * The auditors' evidence export: every finding with its project, village and person, as CSV or XLSX.
 * People are masked unless the caller asks for personal data explicitly; then the file says, in its first
 * line, that it holds personal data (DOMAIN section 5: full IDs leave only through a local export that
 * says so). The site build never calls this.
 */
import { extname } from "node:path";
import { RULES } from "@xianbao/common/rules.js";
import JSZip from "jszip";
import { csvCell, toCsv, toSheet } from "@xianbao/common/csv.js";
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

const COLUMNS = [
  { key: "code", label: "规则" },
  { key: "title", label: "线索" },
  { key: "county_code", label: "县区代码" },
  { key: "county_name", label: "县区" },
  { key: "city_name", label: "地市" },
  { key: "project_id", label: "批次编号" },
  { key: "project_name", label: "项目名称" },
  { key: "village_code", label: "村代码" },
  { key: "village_name", label: "村名" },
  { key: "person", label: "公民身份号码" },
  { key: "record_id", label: "记录号" },
  { key: "amount_yuan", label: "金额(元)" },
  { key: "event_on", label: "日期" },
  { key: "detail", label: "说明" },
  { key: "source_file", label: "来源文件" },
  { key: "source_row", label: "来源行号" },
];

/** The evidence rows (findings joined to their names), in the findings' stable order. */
export async function evidenceRows(
  db: Warehouse,
  options: EvidenceOptions,
): Promise<Record<string, unknown>[]> {
  const rows = await db.rows<Record<string, unknown>>(
    `SELECT f.code, f.county_code, c.county_name, c.city_name, f.project_id, pr.project_name, f.village_code,
       v.village_name, CASE WHEN $personal THEN f.person_id ELSE mask_id(f.person_id) END AS person, f.record_id,
       CAST(f.amount_yuan AS VARCHAR) AS amount_yuan, CAST(f.event_on AS VARCHAR) AS event_on, f.detail,
       s.file AS source_file, CAST(di.src_row AS VARCHAR) AS source_row
     FROM m_findings f
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
  return rows.map((r) => ({ ...r, title: titles.get(String(r.code)) ?? "" }));
}

/**
 * Writes the evidence to `file` (.xlsx, else CSV with a BOM), complete or not at all (written beside,
 * flushed, renamed: atomic.ts); returns the number of findings written.
 */
export async function writeEvidence(db: Warehouse, file: string, options: EvidenceOptions): Promise<number> {
  const rows = await evidenceRows(db, options);
  if (extname(file).toLowerCase() === ".xlsx") {
    const sheet = toSheet(rows, COLUMNS);
    if (options.personalData) sheet.unshift([PERSONAL_DATA_NOTICE]);
    await writeFileAtomically(file, await writeXlsx(JSZip, sheet, { sheetName: "审计线索" }), EVIDENCE_OUT);
  } else {
    const csv = toCsv(rows, COLUMNS);
    // The notice is the first line, before the header, so it is the first thing anyone opening the file sees.
    await writeFileAtomically(
      file,
      options.personalData ? `\ufeff${csvCell(PERSONAL_DATA_NOTICE)}\r\n${csv.slice(1)}` : csv,
      EVIDENCE_OUT,
    );
  }
  return rows.length;
}
