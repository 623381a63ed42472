// Every conversion between yuan text and whole fen (common/money.js): the site's policy amounts, the e2e
// comparisons with the CSV outputs, the downloads. "-1.50" was once read as -50 (methods.ts toFen) and
// "-0.50" as +50 (the e2e fen()); both are here.
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { fenToYuan, yuanToFen } from "@xianbao/common/money.js";

describe("yuanToFen(yuan)", () => {
  test("signs, missing decimals and one decimal", () => {
    expect(yuanToFen("-1.50")).toBe(-150);
    expect(yuanToFen("-0.50")).toBe(-50);
    expect(yuanToFen("-0.05")).toBe(-5);
    expect(yuanToFen("9000")).toBe(900000);
    expect(yuanToFen("9000.5")).toBe(900050);
    expect(yuanToFen("+3.00")).toBe(300);
    expect(yuanToFen("0.00")).toBe(0);
    expect(yuanToFen(16200)).toBe(1620000);
    expect(yuanToFen(0.1)).toBe(10);
    expect(yuanToFen("")).toBe(null);
    expect(yuanToFen(null)).toBe(null);
  });

  test("refuses what is not an amount of at most 2 decimals instead of guessing", () => {
    for (const bad of ["1.234", "1,000.00", "abc", "1e3", "--1", "1."])
      expect(() => yuanToFen(bad), bad).toThrow();
    expect(() => yuanToFen(0.001)).toThrow();
  });
});

describe("fenToYuan(fen)", () => {
  test("exact text with 2 decimals", () => {
    expect(fenToYuan(-150)).toBe("-1.50");
    expect(fenToYuan(-5)).toBe("-0.05");
    expect(fenToYuan(0)).toBe("0.00");
    expect(fenToYuan(123456789012)).toBe("1234567890.12");
    expect(fenToYuan(null)).toBe(null);
  });

  test("round-trips every whole fen", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (fen) => yuanToFen(fenToYuan(fen)) === fen),
      { numRuns: 2000, seed: 1 },
    );
  });
});
