// The league table's sums and formats (src/components/counties.js) and a county's reasons (county.js).
import { describe, expect, test } from "vitest";
import { totalsOf, wanText } from "../src/components/counties.js";
import { reasonsWithFigures } from "../src/components/county.js";

describe("wanText(fen)", () => {
  test("万元 with 2 decimals, never a non-zero amount as zero", () => {
    expect(wanText(123456789)).toBe("123.46");
    expect(wanText(0)).toBe("0.00");
    expect(wanText(1)).toBe("<0.01");
    expect(wanText(4999)).toBe("<0.01");
    expect(wanText(5000)).toBe("0.01");
    expect(wanText(null)).toBe("—");
  });
});

describe("totalsOf(rows)", () => {
  const county = (over: Record<string, unknown>) => ({
    projects: 1,
    required_fen: 0,
    received_fen: 0,
    distributed_fen: 0,
    unallocated_fen: 0,
    unallocated_over_365_fen: 0,
    over_allocated_fen: 0,
    shortfall_fen: 0,
    stock_projects: 0,
    stock_baseline_fen: 0,
    stock_remaining_fen: 0,
    increment_projects: 0,
    increment_open_fen: 0,
    F01: 0,
    F02: 0,
    F03: 0,
    F04: 0,
    F05: 0,
    F06: 0,
    F07: 0,
    F08: 0,
    F09: 0,
    F10: 0,
    F11: 0,
    F12: 0,
    ...over,
  });

  test("sums fen exactly and recomputes stock progress from the sums", () => {
    const t = totalsOf([
      county({
        required_fen: 10,
        stock_projects: 1,
        stock_baseline_fen: 1000,
        stock_remaining_fen: 600,
        F01: 2,
      }),
      county({
        required_fen: 20,
        stock_projects: 1,
        stock_baseline_fen: 3000,
        stock_remaining_fen: 200,
        F01: 1,
      }),
    ]);
    expect(t.projects).toBe(2);
    expect(t.required_fen).toBe(30);
    expect(t.F01).toBe(3);
    expect(t.stock_progress).toBeCloseTo(1 - 800 / 4000, 12);
  });

  test("no baseline: progress is empty; before the stock baseline the stock figures stay empty", () => {
    expect(totalsOf([county({})]).stock_progress).toBe(null);
    const before = totalsOf([
      county({ stock_projects: null, stock_baseline_fen: null, stock_remaining_fen: null }),
    ]);
    expect(before.stock_projects).toBe(null);
    expect(before.stock_remaining_fen).toBe(null);
  });
});

describe("reasonsWithFigures(county)", () => {
  test("each reason of the status with the figure behind it", () => {
    const reasons = reasonsWithFigures({
      reasons: ["increment", "stock_open", "stale"],
      increment_projects: 2,
      increment_open_fen: 270000,
      stock_remaining_fen: 1632000,
      stock_progress: 0.662,
      unallocated_over_365_fen: 100,
    });
    expect(reasons).toEqual([
      "有新增欠缴: 存量基准日后批复时资金未到位的 2 个批次仍欠 2,700.00元",
      "存量尚未化解完: 尚欠 1.63万元 (化解进度 66.2%)",
      "到账满一年仍未分配到人的资金 1.00元",
    ]);
  });
});
