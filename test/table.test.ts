// @vitest-environment jsdom
// Mirror tests of the one table (src/components/table.js): the literal HTML it renders, sorting (Chinese
// collation, missing values last both ways), column groups, group subtotals, the footer, "show more", and
// keyboard sorting that keeps the focus.
import { describe, expect, test } from "vitest";
import { compareValues, dataTable, sortRows } from "../src/components/table.js";
import { markup } from "../src/components/markup.js";

const ROWS = [
  { a: "乙", n: 2, city: "B" },
  { a: "甲", n: null, city: "A" },
  { a: "丙", n: 10, city: "A" },
];
const COLUMNS = [
  { key: "a", label: "名称" },
  {
    key: "n",
    label: "数",
    align: "right" as const,
    unit: "个",
    format: (v: number | null) => markup`<b>${v}</b>`,
  },
];
const cells = (el: HTMLElement, key: string) =>
  [...el.querySelectorAll(`tbody td[data-key="${key}"]`)].map((td) => td.textContent);

describe("dataTable(rows, options)", () => {
  test("renders the header, the rows sorted, and the footer as literal HTML", () => {
    const t = dataTable(ROWS, {
      columns: COLUMNS,
      sort: { key: "n", desc: true },
      footer: (rows) => ({ a: "合计", n: rows.length }),
    });
    expect(t.outerHTML).toBe(
      '<div class="data-table"><p class="scroll-cue" aria-live="polite" hidden=""></p><table><thead><tr>' +
        '<th data-key="a" title="点击排序" tabindex="0" aria-sort="none">名称</th>' +
        '<th class="num" data-key="n" title="点击排序" tabindex="0" aria-sort="descending">数 ▼<span class="unit">个</span></th>' +
        "</tr></thead><tbody>" +
        '<tr><td data-key="a">丙</td><td class="num" data-key="n"><b>10</b></td></tr>' +
        '<tr><td data-key="a">乙</td><td class="num" data-key="n"><b>2</b></td></tr>' +
        '<tr><td data-key="a">甲</td><td class="num" data-key="n"><b></b></td></tr>' +
        '</tbody><tfoot><tr class="total"><td data-key="a">合计</td><td class="num" data-key="n"><b>3</b></td></tr></tfoot></table></div>',
    );
  });

  test("a cell without a format shows the value as text: escaped, bidi controls dropped, missing as —", () => {
    const t = dataTable([{ a: "<b>\u202e名</b>" }, { a: null }], { columns: [{ key: "a", label: "a" }] });
    expect([...t.querySelectorAll("tbody td")].map((td) => td.innerHTML)).toEqual([
      "&lt;b&gt;名&lt;/b&gt;",
      "—",
    ]);
  });

  test("a header click sorts, a second reverses; text in Chinese collation; missing last both ways", () => {
    const t = dataTable(ROWS, { columns: COLUMNS });
    expect(cells(t, "a")).toEqual(["乙", "甲", "丙"]);
    (t.querySelector('th[data-key="a"]') as HTMLElement).click();
    expect(cells(t, "a")).toEqual(["丙", "甲", "乙"]); // bǐng, jiǎ, yǐ
    (t.querySelector('th[data-key="n"]') as HTMLElement).click();
    expect(cells(t, "a")).toEqual(["丙", "乙", "甲"]); // a right-aligned column sorts largest first
    (t.querySelector('th[data-key="n"]') as HTMLElement).click();
    expect(cells(t, "a")).toEqual(["乙", "丙", "甲"]);
    expect(t.querySelector('th[data-key="n"]')!.getAttribute("aria-sort")).toBe("ascending");
  });

  test("Enter on a header sorts and the focus stays on that header", () => {
    const t = dataTable(ROWS, { columns: COLUMNS });
    document.body.append(t);
    const th = t.querySelector('th[data-key="a"]') as HTMLElement;
    th.focus();
    th.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(cells(t, "a")).toEqual(["丙", "甲", "乙"]);
    expect(document.activeElement?.getAttribute("data-key")).toBe("a");
    t.remove();
  });

  test("column groups make a two-row header", () => {
    const t = dataTable(ROWS, {
      columns: [
        { key: "a", label: "名称" },
        { key: "n", label: "数", group: "资金" },
        { key: "city", label: "市", group: "资金" },
      ],
    });
    expect(t.querySelector("thead tr.group-row")!.outerHTML).toBe(
      '<tr class="group-row"><th colspan="1"></th><th colspan="2" class="group">资金</th></tr>',
    );
  });

  test("groups keep their first order, sort within, and end with their subtotal row", () => {
    const t = dataTable(ROWS, {
      columns: COLUMNS,
      sort: { key: "n", desc: true },
      groups: { key: (r) => r.city, total: (city, members) => ({ a: `${city}小计`, n: members.length }) },
      rowData: (r) => ({ city: r.city ?? null }),
    });
    expect([...t.querySelectorAll("tbody tr")].map((tr) => `${tr.className}:${tr.textContent}`)).toEqual([
      ":乙2",
      "subtotal:B小计1",
      ":丙10",
      ":甲",
      "subtotal:A小计2",
    ]);
    expect(t.querySelector("tbody tr")!.getAttribute("data-city")).toBe("B");
    t.update({ groups: null });
    expect(cells(t, "a")).toEqual(["丙", "乙", "甲"]);
  });

  test("shows the first `limit` rows and more on request; update(rows) keeps the sort", () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({ a: `r${i}`, n: i }));
    const t = dataTable(rows, { columns: COLUMNS, limit: 2, sort: { key: "n", desc: true } });
    expect(cells(t, "a")).toEqual(["r6", "r5"]);
    expect(t.querySelector(".table-more")!.textContent!.replace(/\s+/g, " ").trim()).toBe(
      "显示前 2 行, 共 7 行。 再显示 5 行 全部显示",
    );
    (t.querySelector('[data-more="5"]') as HTMLElement).click();
    expect(cells(t, "a").length).toBe(7);
    t.update({ rows: rows.slice(0, 4) });
    expect(cells(t, "a")).toEqual(["r3", "r2"]);
    expect(t.visibleRows().map((r) => r.a)).toEqual(["r3", "r2", "r1", "r0"]);
  });

  test("an empty table says so across every column; row ids and classes", () => {
    const empty = dataTable([], { columns: COLUMNS, empty: "没有记录" });
    expect(empty.querySelector("tbody")!.innerHTML).toBe(
      '<tr><td colspan="2" class="empty">没有记录</td></tr>',
    );
    const t = dataTable([{ a: "x", n: 1 }], {
      columns: COLUMNS,
      rowId: (r) => `p-${r.a}`,
      rowClass: () => "open",
    });
    expect(t.querySelector("tbody tr")!.outerHTML.slice(0, 28)).toBe('<tr id="p-x" class="open"><t');
  });
});

describe("sortRows(rows, column, desc) / compareValues(x, y)", () => {
  test("ties keep their order; missing values last in either direction", () => {
    const rows = [
      { a: 1, i: 0 },
      { a: null, i: 1 },
      { a: 1, i: 2 },
      { a: 0, i: 3 },
    ];
    const column = { key: "a", label: "a" };
    expect(sortRows(rows, column, false).map((r) => r.i)).toEqual([3, 0, 2, 1]);
    expect(sortRows(rows, column, true).map((r) => r.i)).toEqual([0, 2, 3, 1]);
    expect(compareValues("甲", "乙")).toBe(-1);
    expect(compareValues(null, 1)).toBe(1);
  });
});
