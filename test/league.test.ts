// The league table's total rows (src/components/league.js) and the status texts (status.js): a whole city
// is its roll-up row, a filtered subset is summed with the SQL's arithmetic; reasons quote the thresholds
// of the policy in force, never a number of their own.
import { describe, expect, test } from "vitest";
import { leagueColumns, leagueDownloadColumns, totalRow } from "../src/components/league.js";
import { reasonsWithFigures, statusMarkup } from "../src/components/status.js";

const POLICY = {
  status_red_increment_share: 0.002,
  status_red_stock_progress: 0.5,
  status_red_over_allocated_share: 0.002,
  status_yellow_stock_progress: 0.6,
  status_yellow_shortfall_share: 0.02,
  status_yellow_stale_share: 0.35,
  transfer_deadline_days: 90,
  enrolment_deadline_days: 60,
  dilution_ratio: 3,
  undercoverage_ratio: 0.8,
  adult_age: 16,
  quota_valid_years: 1,
};

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
  findings: 0,
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`F${String(i + 1).padStart(2, "0")}`, 0])),
  ...over,
});

describe("totalRow(members, whole, of)", () => {
  const city = { code: "4401", name: "广州市", status: "red", stock_progress: 0.123456, projects: 9 };

  test("all of a city's counties: the city's own roll-up row, with its status", () => {
    const t = totalRow([county({}), county({})], city, 2);
    expect(t).toMatchObject({ ...city, subtotal: true, members: 2, of: 2, complete: true });
  });

  test("some of them: exact sums, the stock progress of the sums (half up to 6 decimals), no status", () => {
    const t = totalRow(
      [
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
          stock_baseline_fen: 2000,
          stock_remaining_fen: 400,
          F01: 1,
        }),
      ],
      city,
      3,
    );
    expect(t).toMatchObject({
      projects: 2,
      required_fen: 30,
      F01: 3,
      status: null,
      complete: false,
      name: "广州市",
    });
    expect(t.stock_progress).toBe(0.666667); // 1 - 1000/3000
  });

  test("before the stock baseline the stock figures stay empty", () => {
    const t = totalRow(
      [county({ stock_projects: null, stock_baseline_fen: null, stock_remaining_fen: null })],
      city,
      2,
    );
    expect(t.stock_projects).toBe(null);
    expect(t.stock_progress).toBe(null);
  });
});

describe("statusMarkup(status, {reasons, policy}) / reasonsWithFigures(county, policy)", () => {
  test("a badge reads as mark and word, its reasons with the thresholds in force", () => {
    expect(String(statusMarkup("yellow", { reasons: ["shortfall"], policy: POLICY, short: true }))).toBe(
      '<span class="status-cell"><span class="status-badge s-yellow" title="需关注: 资金缺口超过应筹资金的 2%">' +
        '<span class="mark" aria-hidden="true">▲</span> 黄</span><span class="reasons"><span class="reason">缺口&gt;2%</span></span></span>',
    );
    expect(String(statusMarkup(null))).toBe('<span class="status">—</span>');
  });

  test("each reason with the figure behind it", () => {
    expect(
      reasonsWithFigures(
        {
          reasons: ["increment", "stock_slow", "stale"],
          increment_open_projects: 2,
          increment_open_fen: 270000,
          required_fen: 100000000,
          stock_remaining_fen: 1632000,
          stock_progress: 0.55,
          unallocated_over_365_fen: 40000000,
          received_fen: 90000000,
        },
        POLICY,
      ),
    ).toEqual([
      "新增欠缴超过应筹资金的 0.2%: 2 个新增欠缴批次仍欠 2,700.00元 (应筹 100.00万元)",
      "存量化解进度低于 60%: 化解进度 55.0%, 尚未化解 1.63万元",
      "到账满一年仍未分配的资金超过已到账的 35%: 40.00万元 (已到账 90.00万元)",
    ]);
  });
});

describe("leagueColumns(policy) / leagueDownloadColumns(policy)", () => {
  test("rule titles quote the policy's thresholds; money downloads as exact yuan", () => {
    const f06 = leagueColumns(POLICY).find((c) => c.key === "F06")!;
    expect(f06.title).toBe("F06 人数稀释: 实际人数 / 虚拟人数 ≥ 3");
    const download = leagueDownloadColumns(POLICY);
    expect(download.slice(0, 6).map((c) => c.label)).toEqual([
      "县区代码",
      "县区",
      "所属市",
      "状态",
      "亮灯原因",
      "批次",
    ]);
    expect(download.find((c) => c.key === "unallocated_fen")).toMatchObject({
      label: "未分配(元)",
      kind: "money",
    });
  });
});
