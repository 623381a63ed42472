// Citizen IDs (loaders/personId.ts) and their masking inside any text: the TypeScript maskIdsIn and the SQL
// macro mask_ids_in (loaders/sql/macros.sql) are one rule, held equal here, and an ID placed anywhere in
// random text, in any of the ways people type it, never comes out whole.
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { checkCharacter, halfwidth, isValidPersonId, maskIdsIn, maskPersonId } from "../loaders/personId.ts";
import { withWarehouse } from "../loaders/warehouse.ts";

const ID = "44010219800101123X";
const fullWidth = (s: string) =>
  s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe("maskIdsIn(text)", () => {
  test.each([
    ["编号FF44010219800101123x备注", "编号FF440102********123X备注"],
    ["ID_44010219800101123X_2023", "ID_440102********123X_2023"],
    ["D1234401021980010112", "D123440********0112"],
    ["440102 19800101 123X", "440102********123X"],
    ["4401-0219-8001-0112-3X", "440102********123X"],
    [fullWidth("P44010219800101123x"), "P440102********123X"],
    ["旧号 440102800101123 已换", "旧号 440102********1123 已换"],
    [
      "电话 13800138000, 村代码 440103001001, 批次 4417212015002",
      "电话 13800138000, 村代码 440103001001, 批次 4417212015002",
    ],
    ["两个 44010219800101123X 和 110105194912310029", "两个 440102********123X 和 110105********0029"],
    ["", ""],
  ])("%s", (text, masked) => {
    expect(maskIdsIn(text)).toBe(masked);
  });

  const typed = fc.constantFrom(
    (id: string) => id,
    (id: string) => id.toLowerCase(),
    (id: string) => fullWidth(id),
    (id: string) => `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`,
    (id: string) => `${id.slice(0, 6)}-${id.slice(6, 14)}-${id.slice(14)}`,
    (id: string) => id.replace(/(.{4})/g, "$1 ").trim(),
  );
  const validId = fc
    .tuple(
      fc.integer({ min: 110000, max: 659999 }),
      fc.date({ min: new Date("1930-01-01"), max: new Date("2020-12-31"), noInvalidDate: true }),
      fc.integer({ min: 0, max: 999 }),
    )
    .map(([area, birth, seq]) => {
      const first17 = `${area}${birth.toISOString().slice(0, 10).replace(/-/g, "")}${String(seq).padStart(3, "0")}`;
      return first17 + checkCharacter(first17);
    });
  const noise = fc.string({ unit: fc.constantFrom(..."村名ab_XYz 　,;:-（）备注".split("")), maxLength: 12 });
  const glued = fc.string({ unit: fc.constantFrom(..."0123456789".split("")), maxLength: 3 });

  test("an ID typed any way at any place in random text never comes out whole, nor its birth date", () => {
    fc.assert(
      fc.property(validId, typed, noise, glued, glued, noise, (id, type, before, left, right, after) => {
        const out = maskIdsIn(before + left + type(id) + right + after);
        const bare = halfwidth(out).replace(/[\s-]/g, "");
        expect(bare).not.toContain(id.slice(6, 14));
        expect(bare.toUpperCase()).not.toContain(id);
        expect(maskIdsIn(out)).toBe(out);
      }),
      { numRuns: 500, seed: 14 },
    );
  });

  test("mask_ids_in(text) in SQL gives exactly what maskIdsIn gives", async () => {
    const texts = fc.sample(
      fc
        .tuple(validId, typed, noise, glued, glued, noise)
        .map(([id, type, a, l, r, b]) => a + l + type(id) + r + b),
      { numRuns: 300, seed: 10 },
    );
    texts.push(
      "no ID here 13800138000",
      "",
      fullWidth("x440102198001011234y"),
      "12345678901234",
      "123456789012345",
    );
    const sql = await withWarehouse(":memory:", async (db) => {
      await db.runFile("macros");
      const rows = await db.rows<{ t: string; m: string }>(
        `SELECT t, mask_ids_in(t) AS m FROM (SELECT unnest(from_json($texts, '["VARCHAR"]')) AS t)`,
        { texts: JSON.stringify(texts) },
      );
      return rows;
    });
    for (const { t, m } of sql) expect(m, t).toBe(maskIdsIn(t));
  });
});

describe("personId helpers", () => {
  test("checkCharacter(first17), isValidPersonId(id), maskPersonId(id)", () => {
    expect(checkCharacter("11010519491231002")).toBe("X");
    expect(isValidPersonId("11010519491231002X")).toBe(true);
    expect(isValidPersonId("11010519491231002x")).toBe(false);
    expect(maskPersonId(ID)).toBe("440102********123X");
  });
});
