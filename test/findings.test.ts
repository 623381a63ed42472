// The compact findings.json round trip (builder encodes, browser decodes) and the page's filter.
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { encodeDetail, RULE_CODES } from "../loaders/site/pages/findings.ts";
import {
  decodeFindings,
  expandDetail,
  filterFindings,
  findingsSummary,
} from "../src/components/findingsData.js";

describe("encodeDetail(detail) / expandDetail(template, args)", () => {
  test("keeps the words in the template and the numbers in args", () => {
    const e = encodeDetail("批复日 2019-10-15 到账 45700.00 元, 应筹 191316.07 元");
    expect(e).toEqual({
      template: "批复日 \u0001 到账 \u0001 元, 应筹 \u0001 元",
      args: "2019-10-15 45700.00 191316.07",
    });
    expect(expandDetail(e.template, e.args)).toBe("批复日 2019-10-15 到账 45700.00 元, 应筹 191316.07 元");
  });

  test("rows of one rule share a template", () => {
    const a = encodeDetail("第 2 次记账 (首次: 记录 R00000012, 2021-03-04)");
    const b = encodeDetail("第 3 次记账 (首次: 记录 R00000977, 2022-11-30)");
    expect(a.template).toBe(b.template);
  });

  test("round-trips any text exactly", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const e = encodeDetail(text);
        expect(expandDetail(e.template, e.args)).toBe(text);
      }),
    );
    for (const text of ["", "0", "1 2  3", "a\u0001b 12", "-5.00 元", "2020-01-01-", "x 1.2.3 y"]) {
      const e = encodeDetail(text);
      expect(expandDetail(e.template, e.args)).toBe(text);
    }
  });
});

describe("decodeFindings(data) / filterFindings(rows, filter)", () => {
  const data = {
    codes: RULE_CODES,
    counties: {
      code: ["440103", "441702"],
      name: ["荔湾区", "江城区"],
      city_code: ["4401", "4417"],
      city: ["广州市", "阳江市"],
      findings: [1, 3],
      F01: [1, 0],
      F08: [0, 2],
    },
    projects: { id: ["P1", "P2"], name: ["荔湾项目 (粤府土审〔2019〕1号)", "江城项目"], county: [0, 1] },
    villages: { code: ["441702100001"], name: ["甲村"] },
    persons: { mask: ["441702********123X"], key: ["abcdef012345"] },
    templates: ["批复日 \u0001 缺口", "第 \u0001 次记账"],
    rows: {
      rule: [0, 7, 7, 8],
      project: [0, 1, 1, 1],
      village: [null, 0, 0, 0],
      person: [null, 0, 0, 0],
      record: [null, "R2", "R3", "R3"],
      amount_fen: [150, 900000, 900000, null],
      date: ["2019-10-15", "2021-01-02", "2021-02-03", "2021-02-03"],
      detail: [0, 1, 1, null],
      args: ["2019-10-15", "2", "3", "未满 16 周岁"],
    },
  };
  const { rows, cities } = decodeFindings(data);
  const all = { rule: "", city: "", county: "", text: "", person: null };

  test("rows carry their county, city, project, person and expanded detail", () => {
    expect(rows[0]).toMatchObject({
      code: "F01",
      county: "荔湾区",
      city: "广州市",
      project_name: "荔湾项目 (粤府土审〔2019〕1号)",
      detail: "批复日 2019-10-15 缺口",
      amount_meaning: "批复日缺口",
    });
    expect(rows[1]).toMatchObject({
      code: "F08",
      person: "441702********123X",
      person_findings: 3,
      village_name: "甲村",
      detail: "第 2 次记账",
    });
    expect(rows[3].detail).toBe("未满 16 周岁");
    expect(rows[3].amount_meaning).toBe("");
    expect(cities.map((c) => c.code)).toEqual(["4401", "4417"]);
  });

  test("filters by rule, city, county, person and every text term", () => {
    expect(filterFindings(rows, all)).toBe(rows);
    expect(filterFindings(rows, { ...all, rule: "F08" }).map((r) => r.i)).toEqual([1, 2]);
    expect(filterFindings(rows, { ...all, city: "4401" }).map((r) => r.i)).toEqual([0]);
    expect(filterFindings(rows, { ...all, county: "441702", rule: "F09" }).map((r) => r.i)).toEqual([3]);
    expect(filterFindings(rows, { ...all, person: "abcdef012345" }).map((r) => r.i)).toEqual([1, 2, 3]);
    expect(filterFindings(rows, { ...all, text: "  r3   p2 " }).map((r) => r.i)).toEqual([2, 3]);
    expect(filterFindings(rows, { ...all, text: "2019〕1号" }).map((r) => r.i)).toEqual([0]);
  });

  test("counties carry their counts by rule from the roll-up", () => {
    const { counties } = decodeFindings(data);
    expect(counties[1]).toEqual({
      code: "441702",
      name: "江城区",
      city_code: "4417",
      city: "阳江市",
      findings: 3,
      F01: 0,
      F08: 2,
    });
  });

  test("findingsSummary(rows): findings, projects, counties and the sum of the amounts shown", () => {
    expect(findingsSummary(filterFindings(rows, { ...all, county: "441702" }))).toEqual({
      findings: 3,
      projects: 1,
      counties: 1,
      amount_fen: 1800000,
    });
  });
});
