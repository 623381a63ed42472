/**
 * The site's data files: compact JSON made from the metric tables, one file per page (and one per county),
 * so that no page loads more than it shows. Money is in whole fen (exact integers in JavaScript); people
 * appear only masked, linked across rows by a keyed hash (DOMAIN section 5).
 */
import { createHmac } from "node:crypto";
import type { Warehouse } from "../warehouse.ts";
import type { LoadReport } from "../report.ts";
import { FINDING_CODES } from "@xianbao/common/rules.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Rows to columns: `{a: [..], b: [..]}`, which is half the size of an array of objects. */
export function columns(rows: readonly object[], keys: readonly string[]): Record<string, Json[]> {
  const out: Record<string, Json[]> = {};
  for (const key of keys) out[key] = rows.map((r) => ((r as Record<string, unknown>)[key] ?? null) as Json);
  return out;
}

/** A keyed hash of a person ID for linking rows without revealing it: 12 hex characters of HMAC-SHA256. */
export function personKey(secret: string, personId: string): string {
  return createHmac("sha256", secret).update(personId).digest("hex").slice(0, 12);
}

const FEN = (column: string, alias = column.replace(/_yuan$/, "_fen")) =>
  `CAST(yuan_to_fen(${column}) AS DOUBLE) AS ${alias}`;

const ROLLUP_FIELDS = [
  "projects",
  FEN("required_yuan"),
  FEN("received_yuan"),
  FEN("in_special_yuan"),
  FEN("distributed_yuan"),
  FEN("unallocated_yuan"),
  FEN("over_allocated_yuan"),
  FEN("shortfall_yuan"),
  "stock_projects",
  FEN("stock_baseline_yuan"),
  FEN("stock_remaining_yuan"),
  "stock_progress",
  "increment_projects",
  FEN("increment_open_yuan"),
  FEN("unallocated_0_180", "unallocated_0_180_fen"),
  FEN("unallocated_181_365", "unallocated_181_365_fen"),
  FEN("unallocated_366_730", "unallocated_366_730_fen"),
  FEN("unallocated_731_1095", "unallocated_731_1095_fen"),
  FEN("unallocated_over_1095", "unallocated_over_1095_fen"),
  "CAST(actual_people AS DOUBLE) AS actual_people",
  "CAST(virtual_people AS DOUBLE) AS virtual_people",
  FEN("old_method_yuan"),
  FEN("new_method_yuan"),
  FINDING_CODES.join(", "),
].join(", ");

export interface Rollup extends Record<string, Json> {
  code: string;
  name: string;
  city_code: string;
  city_name: string;
  status: string;
  reasons: string[];
}

/** County, city and province rows with their status. */
export async function rollups(
  db: Warehouse,
): Promise<{ province: Rollup; cities: Rollup[]; counties: Rollup[] }> {
  const rows = await db.rows<Rollup & { level: string }>(
    `SELECT r.level, r.code, r.name, r.city_code, r.city_name, ${ROLLUP_FIELDS}, s.status, s.reasons
     FROM m_rollups r JOIN m_status s USING (level, code) ORDER BY r.level, r.code`,
  );
  const strip = (r: Rollup & { level: string }) => {
    const { level: _level, ...rest } = r;
    void _level;
    return rest as Rollup;
  };
  return {
    province: strip(rows.find((r) => r.level === "all")!),
    cities: rows.filter((r) => r.level === "city").map(strip),
    counties: rows.filter((r) => r.level === "county").map(strip),
  };
}

const MONTHLY_FIELDS = `month, ${FEN("received_yuan")}, ${FEN("distributed_yuan")}, ${FEN("unallocated_yuan")}, ${FEN("stock_remaining_yuan")}`;

/** The province's monthly series. */
export async function provinceMonthly(db: Warehouse): Promise<Record<string, Json[]>> {
  const rows = await db.rows(`SELECT ${MONTHLY_FIELDS} FROM m_monthly ORDER BY month`);
  return columns(rows, [
    "month",
    "received_fen",
    "distributed_fen",
    "unallocated_fen",
    "stock_remaining_fen",
  ]);
}

/** Every county's monthly series, by county code. */
export async function countyMonthly(db: Warehouse): Promise<Map<string, Record<string, Json[]>>> {
  const rows = await db.rows<{ county_code: string }>(
    `SELECT county_code, ${MONTHLY_FIELDS} FROM m_monthly_county ORDER BY county_code, month`,
  );
  const out = new Map<string, Record<string, Json[]>>();
  for (const [code, list] of groupBy(rows, (r) => r.county_code))
    out.set(
      code,
      columns(list, ["month", "received_fen", "distributed_fen", "unallocated_fen", "stock_remaining_fen"]),
    );
  return out;
}

export interface ProjectRow extends Record<string, Json> {
  project_id: string;
  county_code: string;
}

export const PROJECT_KEYS = [
  "project_id",
  "project_name",
  "county_code",
  "approved_on",
  "supplied_on",
  "method",
  "area_mu",
  "zone_price",
  "required_fen",
  "received_fen",
  "in_special_fen",
  "distributed_fen",
  "shortfall_fen",
  "unallocated_fen",
  "over_allocated_fen",
  "funded_on",
  "virtual_people",
  "actual_people",
  "headcount_ratio",
  "per_capita_fen",
  "monthly_from_account_fen",
  "old_method_fen",
  "new_method_fen",
  "land_ratio",
  "is_stock",
  "stock_baseline_fen",
  "is_increment",
  "received_at_approval_fen",
  "unallocated_over_365_fen",
  "oldest_unallocated_on",
] as const;

/** Every project with the figures the pages show. */
export async function projects(db: Warehouse): Promise<ProjectRow[]> {
  return db.rows<ProjectRow>(
    `SELECT project_id, project_name, county_code, CAST(approved_on AS VARCHAR) AS approved_on,
       CAST(supplied_on AS VARCHAR) AS supplied_on, method,
       CAST(area_mu AS DOUBLE) AS area_mu, CAST(zone_price AS DOUBLE) AS zone_price,
       ${FEN("required_yuan")}, ${FEN("received_yuan")}, ${FEN("in_special_yuan")}, ${FEN("distributed_yuan")},
       ${FEN("shortfall_yuan")}, ${FEN("unallocated_yuan")}, ${FEN("over_allocated_yuan")},
       CAST(funded_on AS VARCHAR) AS funded_on,
       CAST(round(virtual_people, 2) AS DOUBLE) AS virtual_people, CAST(actual_people AS DOUBLE) AS actual_people,
       round(headcount_ratio, 4) AS headcount_ratio,
       ${FEN("per_capita_yuan")}, ${FEN("monthly_from_account_yuan")},
       ${FEN("old_method_yuan")}, ${FEN("new_method_yuan")}, CAST(land_ratio AS DOUBLE) AS land_ratio,
       is_stock, ${FEN("stock_baseline_yuan")}, is_increment, ${FEN("received_at_approval", "received_at_approval_fen")},
       CAST(yuan_to_fen(unallocated_366_730 + unallocated_731_1095 + unallocated_over_1095) AS DOUBLE) AS unallocated_over_365_fen,
       CAST(oldest_unallocated_on AS VARCHAR) AS oldest_unallocated_on
     FROM m_projects ORDER BY project_id`,
  );
}

export interface FindingRow extends Record<string, Json> {
  code: string;
  project_id: string;
  county_code: string;
}

/** Every finding with its evidence; persons masked, linked by keyed hash. */
export async function findings(db: Warehouse, secret: string): Promise<FindingRow[]> {
  const rows = await db.rows<FindingRow & { person_id: string | null }>(
    `SELECT f.code, f.project_id, f.county_code, f.village_code, v.village_name, f.person_id,
       mask_id(f.person_id) AS person, f.record_id, ${FEN("f.amount_yuan", "amount_fen")},
       CAST(f.event_on AS VARCHAR) AS event_on, f.detail
     FROM m_findings f LEFT JOIN villages v USING (village_code)
     ORDER BY f.code, f.project_id, f.village_code NULLS FIRST, f.event_on NULLS FIRST, f.record_id NULLS FIRST`,
  );
  return rows.map(({ person_id, ...rest }) => ({
    ...rest,
    person_key: person_id ? personKey(secret, person_id) : null,
  }));
}

export const BANDS = [
  { key: "ge9000", label: "≥ 9,000 元", min: 9000, max: null },
  { key: "6000_9000", label: "6,000–9,000 元", min: 6000, max: 9000 },
  { key: "3000_6000", label: "3,000–6,000 元", min: 3000, max: 6000 },
  { key: "lt3000", label: "< 3,000 元", min: 0, max: 3000 },
] as const;

/**
 * Seed 001's table: people by the total credited to them (all projects), in four bands, province-wide
 * and by county (a person counts in the county of each project that credited them, with that amount).
 */
export async function amountBands(db: Warehouse): Promise<Record<string, Json>> {
  const band = `CASE WHEN amount >= 9000 THEN 'ge9000' WHEN amount >= 6000 THEN '6000_9000'
                     WHEN amount >= 3000 THEN '3000_6000' ELSE 'lt3000' END`;
  const province = await db.rows<{ band: string; people: number; amount_fen: number }>(
    `SELECT ${band} AS band, count(*)::DOUBLE AS people, CAST(yuan_to_fen(sum(amount)) AS DOUBLE) AS amount_fen
     FROM (SELECT person_id, sum(amount_yuan) AS amount FROM asof_credits d GROUP BY person_id) GROUP BY 1`,
  );
  const byCounty = await db.rows<{ county_code: string; band: string; people: number }>(
    `SELECT county_code, ${band} AS band, count(*)::DOUBLE AS people
     FROM (SELECT p.county_code, d.person_id, sum(d.amount_yuan) AS amount FROM asof_credits d JOIN asof_projects p USING (project_id) GROUP BY ALL)
     GROUP BY ALL ORDER BY county_code, band`,
  );
  return {
    bands: BANDS.map((b) => ({ ...b })) as unknown as Json,
    province: BANDS.map((b) => {
      const row = province.find((r) => r.band === b.key);
      return { band: b.key, people: row?.people ?? 0, amount_fen: row?.amount_fen ?? 0 };
    }),
    counties: columns(byCounty, ["county_code", "band", "people"]),
  };
}

/** The policy that applies to the whole data set, and the overrides. */
export async function policies(db: Warehouse): Promise<Json> {
  const rows = await db.rows<{ scope: string; policy: string }>(
    `SELECT scope, CAST(policy AS VARCHAR) AS policy FROM policy_scopes ORDER BY scope`,
  );
  return rows.map((r) => ({ scope: r.scope, ...(JSON.parse(r.policy) as Record<string, Json>) }));
}

/** The load report and the rejects (masked), for the data quality page. */
export async function quality(db: Warehouse, limit: number): Promise<Record<string, Json>> {
  const report = JSON.parse(
    (await db.value<string>(`SELECT value FROM meta WHERE key = 'load_report'`)) ?? "{}",
  ) as LoadReport;
  const rejects = await db.rows(
    `SELECT r.table_name, s.file, CAST(r.row AS DOUBLE) AS row, r.field,
       CASE WHEN r.field = 'person_id' THEN mask_id(r.value) ELSE mask_ids_in(left(r.value, 200)) END AS value,
       r.reason_code, r.reason_zh, r.reason_en
     FROM rejects r JOIN sources s USING (file_id) ORDER BY r.file_id, r.row, r.field NULLS FIRST LIMIT $limit`,
    { limit },
  );
  const reasons = await db.rows(
    `SELECT table_name, reason_code, any_value(reason_zh) AS example_zh, count(*)::DOUBLE AS problems,
       count(DISTINCT (file_id, row))::DOUBLE AS rows
     FROM rejects GROUP BY ALL ORDER BY problems DESC, table_name, reason_code`,
  );
  const totals = await db.rows(
    `SELECT 'projects' AS table_name, count(*)::DOUBLE AS rows, CAST(yuan_to_fen(coalesce(sum(required_yuan), 0)) AS DOUBLE) AS amount_fen FROM projects
     UNION ALL SELECT 'villages', count(*)::DOUBLE, NULL FROM villages
     UNION ALL SELECT 'project_villages', count(*)::DOUBLE, NULL FROM project_villages
     UNION ALL SELECT 'fund_flows', count(*)::DOUBLE, CAST(yuan_to_fen(coalesce(sum(amount_yuan), 0)) AS DOUBLE) FROM fund_flows
     UNION ALL SELECT 'distributions', count(*)::DOUBLE, CAST(yuan_to_fen(coalesce(sum(amount_yuan), 0)) AS DOUBLE) FROM distributions`,
  );
  const { loaded_at: _loadedAt, seconds: _seconds, data_dir: _dir, ...stable } = report;
  void _loadedAt;
  void _seconds;
  void _dir;
  return {
    report: stable as unknown as Json,
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
    rejects_total: Number(await db.value(`SELECT count(*)::DOUBLE FROM rejects`)),
    reasons: reasons as Json[],
    loaded_totals: totals as Json[],
  };
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(row);
  }
  return out;
}

export { groupBy };
