// The planted anomalies of the sample generator (its manifest, computed by an independent evaluator) are
// exactly what ingest + metrics find: every finding with its amount, every bad row at its file, row and
// field, and the control totals to the fen. A clean sample finds nothing.
import { describe, expect, test } from "vitest";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSample } from "../tools/sample/index.ts";
import { ingestInto } from "../loaders/ingest.ts";
import { comparePeriods, halfYearBefore } from "../loaders/metrics.ts";
import { withWarehouse } from "../loaders/warehouse.ts";

interface Finding {
  code: string;
  project_id: string;
  village_code: string | null;
  person: string | null;
  amount_yuan: string | null;
  finding_key: string;
  resolved: boolean;
}

async function run(options: { clean?: boolean; seed?: number }, chunkBytes?: number) {
  const dir = await mkdtemp(join(tmpdir(), "xianbao-manifest-"));
  await writeSample({ scale: "small", out: dir, ...options });
  const manifest = JSON.parse(await readFile(join(dir, "anomalies.json"), "utf8"));
  return withWarehouse(":memory:", async (db) => {
    const report = await ingestInto(db, dir, { chunkBytes });
    await comparePeriods(db, { compareTo: halfYearBefore(manifest.as_of) });
    const findings = await db.rows<Finding>(
      `SELECT code, project_id, village_code, mask_id(person_id) AS person, CAST(amount_yuan AS VARCHAR) AS amount_yuan,
         finding_key, resolved FROM m_findings`,
    );
    const [province] = await db.rows<Record<string, unknown>>(`SELECT * FROM m_changes WHERE level = 'all'`);
    const counted = await db.rows<Record<string, unknown>>(
      `SELECT finding_key, county_code, status, CAST(reported_on AS VARCHAR) AS reported_on, matched, verdict
       FROM m_rectifications ORDER BY finding_key`,
    );
    const rejects = await db.rows<{
      table: string;
      file: string;
      row: number;
      field: string;
      problem: string;
    }>(
      `SELECT r.table_name AS "table", s.file, CAST(r.row AS INTEGER) AS row, r.field, r.reason_code AS problem
       FROM rejects r JOIN sources s USING (file_id)`,
    );
    const sums = (
      await db.rows<Record<string, string>>(
        `SELECT (SELECT CAST(sum(required_yuan) AS VARCHAR) FROM projects) AS required,
              (SELECT CAST(sum(amount_yuan) AS VARCHAR) FROM distributions) AS distributed`,
      )
    )[0];
    return { manifest, report, findings, rejects, sums, province, counted };
  });
}

const key = (f: Finding) =>
  [
    f.code,
    f.project_id,
    f.village_code ?? "",
    f.person ?? "",
    f.amount_yuan ?? "",
    f.finding_key,
    f.resolved,
  ].join("|");

describe("sample manifest vs ingest + metrics", () => {
  for (const seed of [20221222, 7]) {
    test(`writeSample({scale: "small", seed: ${seed}}): every planted finding and bad row is found, nothing else`, async () => {
      const { manifest, report, findings, rejects, sums } = await run({ seed });
      expect(manifest.expected_findings.length).toBeGreaterThan(100);
      expect(findings.map(key).sort()).toEqual((manifest.expected_findings as Finding[]).map(key).sort());
      const planted = manifest.planted_rejects as {
        table: string;
        file: string;
        row: number;
        field: string;
        problem: string;
      }[];
      expect(planted.length).toBeGreaterThan(10);
      for (const p of planted) expect(rejects, JSON.stringify(p)).toContainEqual(expect.objectContaining(p));
      expect(new Set(rejects.map((r) => `${r.file}:${r.row}`)).size).toBe(planted.length);
      for (const [table, rows] of Object.entries(manifest.totals.rows as Record<string, number>))
        expect(report.tables[table as "projects"].rows_loaded, table).toBe(rows);
      expect(sums.distributed).toBe(manifest.totals.distributed_yuan);
    });
  }

  test(`writeSample({scale: "small"}): the period comparison and the returned ledger are what the generator's oracle says`, async () => {
    const { manifest, report, province, counted } = await run({});
    const review = manifest.review;
    expect(review.compare_to).toBe(halfYearBefore(manifest.as_of));
    expect(province).toMatchObject({
      findings_open_then: review.findings_open_then,
      findings_open_now: review.findings_open_now,
      findings_new: review.findings_new,
      findings_resolved: review.findings_resolved,
      stock_remaining_yuan_then: review.stock_remaining_then_yuan,
      stock_remaining_yuan_now: review.stock_remaining_now_yuan,
      stock_cleared_yuan: review.stock_cleared_yuan,
      new_increment_projects: review.new_increment_projects,
    });
    expect(review.findings_resolved).toBeGreaterThan(0);
    expect(Number(review.stock_cleared_yuan)).toBeGreaterThan(0);
    const ledger = review.rectifications;
    expect(report.tables.rectifications).toMatchObject({
      rows_read: ledger.rows_read,
      rows_loaded: ledger.rows_loaded,
      rows_rejected: ledger.rows_rejected,
      unanswered_rows: ledger.unanswered_rows,
      files: ledger.files,
    });
    expect(counted).toEqual(ledger.counted);
    const kinds = new Set(counted.map((c) => `${c.status} ${c.verdict} ${c.matched}`));
    for (const kind of [
      "rectified confirmed true",
      "rectified not_confirmed true",
      "in_progress null true",
      "explained null true",
      "explained null false",
    ])
      expect(kinds, kind).toContain(kind);
    expect(ledger.unanswered_rows).toBeGreaterThan(0);
  });

  test("ingestInto(db, dir, {chunkBytes: 1}): every file checked on its own gives the same loads, rejects and findings", async () => {
    const whole = await run({ seed: 11 });
    const chunked = await run({ seed: 11 }, 1);
    expect(chunked.findings.map(key).sort()).toEqual(whole.findings.map(key).sort());
    expect(chunked.rejects).toEqual(expect.arrayContaining(whole.rejects));
    expect(chunked.rejects).toHaveLength(whole.rejects.length);
    expect(chunked.report.files).toEqual(whole.report.files);
  });

  test(`writeSample({scale: "small", clean: true}): nothing is found and nothing rejected`, async () => {
    const { findings, rejects } = await run({ clean: true });
    expect(findings).toEqual([]);
    expect(rejects).toEqual([]);
  });
});
