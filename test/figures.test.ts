// The figures the browser recomputes (common/figures.js) equal their SQL columns on every county, city
// and the province of the small sample; and the status of loaders/sql/metrics/status.sql compares its
// thresholds exactly, at the boundary, with the thresholds policy.json sets.
import { beforeAll, describe, expect, test } from "vitest";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stockProgress, sumColumns } from "@xianbao/common/figures.js";
import { ingestInto } from "../loaders/ingest.ts";
import { comparePeriods, computeMetrics } from "../loaders/metrics.ts";
import { parsePolicyFile } from "../loaders/policy.ts";
import { writeSample } from "../tools/sample/index.ts";
import { defineSiteMacros, siteRows } from "../loaders/site/query.ts";
import { withWarehouse } from "../loaders/warehouse.ts";
import { project, writeDataDir } from "./fixtures.ts";

type Row = Record<string, any>;

describe("common/figures.js against m_rollups (small sample)", () => {
  let rows: Row[] = [];
  beforeAll(async () => {
    const root = await mkdtemp(join(tmpdir(), "xianbao-figures-"));
    await writeSample({ scale: "small", out: join(root, "data") });
    rows = await withWarehouse(":memory:", async (db) => {
      await ingestInto(db, join(root, "data"), { today: "2026-11-23" });
      // The site's roll-ups carry the comparison's columns: both as-of passes, as the site build runs them.
      await comparePeriods(db);
      await defineSiteMacros(db);
      return siteRows<Row>(db, "rollups");
    });
  });

  test("stockProgress(baselineFen, remainingFen) is stock_progress on every row", () => {
    expect(rows.filter((r) => r.stock_progress !== null).length).toBeGreaterThan(3);
    for (const r of rows)
      expect(stockProgress(r.stock_baseline_fen, r.stock_remaining_fen), `${r.level} ${r.code}`).toBe(
        r.stock_progress,
      );
  });

  test("sumColumns(counties) is the city's and the province's row, figure by figure", () => {
    // Every count and amount in fen of the roll-up (integers, summed exactly; the ratios are above).
    // monthly_from_account_fen is a per-person monthly amount: a figure of its own at each level, not a sum.
    const ratios = ["stock_progress", "headcount_ratio", "per_capita_fen", "monthly_from_account_fen"];
    const keys = Object.keys(rows[0]).filter(
      (k) => !ratios.includes(k) && rows.every((r) => r[k] === null || Number.isInteger(r[k])),
    );
    expect(keys).toContain("unallocated_over_365_fen");
    expect(keys).toContain("F12");
    const counties = rows.filter((r) => r.level === "county");
    for (const whole of rows.filter((r) => r.level !== "county")) {
      const members = counties.filter((c) => whole.level === "all" || c.city_code === whole.code);
      const sums = sumColumns(members, keys);
      for (const k of keys) expect(sums[k], `${whole.code} ${k}`).toBe(whole[k]);
      expect(stockProgress(sums.stock_baseline_fen, sums.stock_remaining_fen)).toBe(whole.stock_progress);
    }
  });
});

describe("stockProgress(baselineFen, remainingFen)", () => {
  test("rounds half up to 6 decimals as DuckDB's div_round does, and is empty without stock", () => {
    expect(stockProgress(3, 1)).toBe(0.666667);
    expect(stockProgress(3, 2)).toBe(0.333333);
    expect(stockProgress(2000000, 1)).toBe(1); // 0.9999995, half up
    expect(stockProgress(2000000, 3)).toBe(0.999999); // 0.9999985
    expect(stockProgress(100, 150)).toBe(-0.5); // remaining above the baseline (refunds since)
    expect(stockProgress(0, 0)).toBe(null);
    expect(stockProgress(null, 5)).toBe(null);
  });
});

describe("status.sql: thresholds from policy.json, compared exactly", () => {
  // Liwan: required 1,000,000.00, received 980,000.00, a shortfall of exactly 2% of required (the default
  // yellow threshold). Nothing is distributed, so the stale threshold is set to 100% to keep it out.
  const flow = {
    flow_id: "F1",
    project_id: "P1",
    flow: "deposit",
    account: "special",
    amount_yuan: "980000.00",
    flow_on: "2020-02-01",
  };
  const liwan = project("P1", { required_yuan: "1000000.00" });
  const statuses = async (tables: Parameters<typeof writeDataDir>[0], policy: object) => {
    const dir = await writeDataDir(tables, { policy });
    return withWarehouse(":memory:", async (db) => {
      await ingestInto(db, dir, { today: "2026-11-23" });
      await computeMetrics(db);
      return db.rows<{ code: string; status: string; reasons: string[] }>(
        `SELECT code, status, reasons FROM m_status WHERE level = 'county' ORDER BY code`,
      );
    });
  };

  test("a shortfall of exactly the threshold is not above it; one fen more is", async () => {
    const policy = { status_yellow_stale_share: 1 };
    expect(await statuses({ projects: [liwan], fund_flows: [flow] }, policy)).toEqual([
      { code: "440103", status: "green", reasons: [] },
    ]);
    expect(
      await statuses({ projects: [liwan], fund_flows: [{ ...flow, amount_yuan: "979999.99" }] }, policy),
    ).toEqual([{ code: "440103", status: "yellow", reasons: ["shortfall"] }]);
  });

  test("a county override of a threshold judges that county only", async () => {
    const tianhe = project("P2", { county_code: "440106", required_yuan: "1000000.00" });
    const policy = {
      status_yellow_stale_share: 1,
      overrides: { "440106": { status_yellow_shortfall_share: 0.01 } },
    };
    expect(
      await statuses(
        { projects: [liwan, tianhe], fund_flows: [flow, { ...flow, flow_id: "F2", project_id: "P2" }] },
        policy,
      ),
    ).toEqual([
      { code: "440103", status: "green", reasons: [] },
      { code: "440106", status: "yellow", reasons: ["shortfall"] },
    ]);
  });

  test("policy.json refuses a threshold that is no fraction from 0 to 1 with at most 6 decimals", () => {
    expect(() => parsePolicyFile({ status_red_stock_progress: 1.5 }, "policy.json")).toThrow(
      /status_red_stock_progress/,
    );
    expect(() => parsePolicyFile({ status_yellow_stale_share: 0.1234567 }, "policy.json")).toThrow(
      /6 decimals/,
    );
    expect(() => parsePolicyFile({ status_yellow_stale_share: "0.3" }, "policy.json")).toThrow(/fraction/);
    expect(
      parsePolicyFile({ overrides: { "4401": { status_red_increment_share: 0 } } }, "p").overrides,
    ).toEqual({
      "4401": { status_red_increment_share: 0 },
    });
  });
});
