// The pure parts of the 减存量 遏增量 and 资金沉淀 components: ranking rows, age buckets, long-held rows.
import { describe, expect, test } from "vitest";
import { rankRows } from "../src/components/stock.js";
import { BUCKETS, daysBetween, heldRows } from "../src/components/backlog.js";

const county = (code: string, baseline: number, remaining: number) => ({
  code,
  name: `县${code}`,
  city_name: "市",
  stock_projects: baseline > 0 ? 1 : 0,
  stock_baseline_fen: baseline,
  stock_remaining_fen: remaining,
  stock_progress: baseline > 0 ? 1 - remaining / baseline : null,
  increment_projects: 0,
  increment_open_fen: 0,
});

describe("rankRows(counties, {metric, extremes})", () => {
  // progress: A 0%, B 50%, C 50% with more left, D 90%, E 100%; F has no stock.
  const counties = [
    county("A", 100, 100),
    county("B", 100, 50),
    county("C", 400, 200),
    county("D", 100, 10),
    county("E", 100, 0),
    county("F", 0, 0),
  ];

  test("by progress: lowest first, ties by more money left, counties without stock left out", () => {
    expect(rankRows(counties).rows.map((r) => r.code)).toEqual(["A", "C", "B", "D", "E"]);
  });

  test("by remaining: most money left first", () => {
    expect(rankRows(counties, { metric: "remaining" }).rows.map((r) => r.code)).toEqual([
      "C",
      "A",
      "B",
      "D",
      "E",
    ]);
  });

  test("extremes keep the worst and the best and count the rest", () => {
    const many = Array.from({ length: 10 }, (_, i) => county(`K${i}`, 100, 100 - i * 10));
    const { rows, hidden } = rankRows(many, { extremes: 2 });
    expect(rows.map((r) => r.code)).toEqual(["K0", "K1", "K8", "K9"]);
    expect(hidden).toBe(6);
  });

  test("extremes larger than the list show everything", () => {
    expect(rankRows(counties, { extremes: 15 })).toMatchObject({ hidden: 0 });
  });
});

describe("age buckets", () => {
  test("BUCKETS run oldest to newest, each key naming its own day range", () => {
    const from = BUCKETS.map((b) => Number(/^\d+/.exec(b.days)![0]));
    expect(from).toEqual([...from].sort((a, b) => b - a));
    expect(new Set(from).size).toBe(BUCKETS.length);
    for (const b of BUCKETS) {
      const [lo, hi] = b.days.match(/\d+/g)!;
      expect(b.key, b.days).toBe(hi ? `unallocated_${lo}_${hi}_fen` : `unallocated_over_${lo}_fen`);
    }
  });

  test("daysBetween(from, to) counts calendar days across a leap day", () => {
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
  });

  test("heldRows(columns, names) adds county and city names", () => {
    const rows = heldRows(
      {
        project_id: ["P1"],
        county_code: ["441721"],
        unallocated_366_730_fen: [5],
        unallocated_731_1095_fen: [0],
        unallocated_over_1095_fen: [7],
        unallocated_over_365_fen: [12],
      },
      { "441721": ["阳西县", "阳江市"] },
    );
    expect(rows).toEqual([
      {
        project_id: "P1",
        county_code: "441721",
        unallocated_366_730_fen: 5,
        unallocated_731_1095_fen: 0,
        unallocated_over_1095_fen: 7,
        unallocated_over_365_fen: 12,
        county_name: "阳西县",
        city_name: "阳江市",
      },
    ]);
  });
});
