// Mirror tests of the pages' formatters (src/components/format.js), cells (cells.js), the markup template
// (markup.js) and the links (links.js): the literal text each gives, as Framework's format tests do.
import { describe, expect, test } from "vitest";
import {
  axisFormat,
  count,
  dateZh,
  decimal,
  moneyScale,
  monthZh,
  percent,
  text,
  wan,
  yuan,
  yuanExact,
} from "../src/components/format.js";
import {
  countCell,
  dateCell,
  exactCell,
  moneyCell,
  percentCell,
  projectCell,
  textCell,
  wanCell,
} from "../src/components/cells.js";
import { esc, markup, raw } from "../src/components/markup.js";
import { countyHref, pageHref, projectHref } from "../src/components/links.js";

describe("yuan(fen, {unit, digits})", () => {
  test("chooses 元, 万元 or 亿元 by size, 2 decimals, thousands separators", () => {
    expect(yuan(150)).toBe("1.50元");
    expect(yuan(1234567800)).toBe("1,234.57万元");
    expect(yuan(12345678900000)).toBe("1,234.57亿元");
    expect(yuan(-150)).toBe("-1.50元");
  });
  test("zero reads 0.00 in its unit; a missing figure reads —", () => {
    expect(yuan(0)).toBe("0.00元");
    expect(yuan(null)).toBe("—");
    expect(yuan(undefined)).toBe("—");
    expect(yuan(Number.NaN)).toBe("—");
  });
  test("a forced unit", () => {
    expect(yuan(150, { unit: "万元" })).toBe("0.00万元");
    expect(yuan(123456789, { unit: "亿元", digits: 4 })).toBe("0.0123亿元");
  });
});

describe("wan(fen)", () => {
  test("万元 without the unit; a non-zero amount never reads as zero", () => {
    expect(wan(123456789)).toBe("123.46");
    expect(wan(0)).toBe("0.00");
    expect(wan(1)).toBe("<0.01");
    expect(wan(4999)).toBe("<0.01");
    expect(wan(5000)).toBe("0.01");
    expect(wan(-1)).toBe(">-0.01");
    expect(wan(null)).toBe("—");
  });
});

describe("yuanExact(fen)", () => {
  test("exact yuan with separators", () => {
    expect(yuanExact(123456)).toBe("1,234.56");
    expect(yuanExact(-150)).toBe("-1.50");
    expect(yuanExact(-5)).toBe("-0.05");
    expect(yuanExact(0)).toBe("0.00");
    expect(yuanExact(100000000000)).toBe("1,000,000,000.00");
    expect(yuanExact(null)).toBe("—");
  });
});

describe("moneyScale(maxFen)", () => {
  test("the axis unit by size", () => {
    expect(moneyScale(5e10)).toEqual({ unit: "亿元", divisor: 1e10 });
    expect(moneyScale(5e6)).toEqual({ unit: "万元", divisor: 1e6 });
    expect(moneyScale(500)).toEqual({ unit: "元", divisor: 100 });
  });
});

describe("dates, ratios, counts", () => {
  test("dateZh(iso), monthZh(iso)", () => {
    expect(dateZh("2024-03-05")).toBe("2024年3月5日");
    expect(dateZh("2024-03")).toBe("2024年3月");
    expect(dateZh(null)).toBe("—");
    expect(monthZh("2024-03-31")).toBe("2024年3月");
  });
  test("percent(ratio, digits), count(n), decimal(n, digits)", () => {
    expect(percent(0.6625)).toBe("66.3%");
    expect(percent(1 / 3, 2)).toBe("33.33%");
    expect(percent(null)).toBe("—");
    expect(count(12345.4)).toBe("12,345");
    expect(count(0)).toBe("0");
    expect(count(null)).toBe("—");
    expect(decimal(1234.5)).toBe("1,234.50");
  });
  test("axisFormat(d) labels 1, 2 and 5 times a power of ten only", () => {
    expect(axisFormat(2000)).toBe("2,000");
    expect(axisFormat(5)).toBe("5");
    expect(axisFormat(3000)).toBe("");
  });
});

describe("text(value)", () => {
  test("drops every bidi control character (U+202A-E, U+2066-9, U+200E/F, U+061C)", () => {
    expect(text("A\u202eB\u2066C\u2069D\u200eE\u200fF\u061cG\u202aH")).toBe("ABCDEFGH");
    expect(text("")).toBe("—");
    expect(text(null)).toBe("—");
    expect(text(42)).toBe("42");
  });
});

describe("markup`...`", () => {
  test("escapes values, keeps markup, joins arrays, drops null", () => {
    expect(
      String(markup`<a href=${"./x?a=1&b=2"} title="${'"q"'}">${["<", markup`<i>ok</i>`, null, 3]}</a>`),
    ).toBe('<a href="./x?a=1&amp;b=2" title="&quot;q&quot;">&lt;<i>ok</i>3</a>');
  });
  test("an attribute whose value is null or false is left out", () => {
    expect(String(markup`<span class=${null} data-x=${false} id=${"a"}>x</span>`)).toBe(
      '<span id="a">x</span>',
    );
  });
  test("esc(value) removes bidi controls before escaping; raw(html) is trusted", () => {
    expect(esc("<\u202e'>")).toBe("&lt;&#39;&gt;");
    expect(String(raw("<b>"))).toBe("<b>");
  });
});

describe("cells", () => {
  test("moneyCell(fen) carries the fen and the exact yuan", () => {
    expect(String(moneyCell(123456))).toBe(
      '<span class="money" title="1,234.56 元" data-fen="123456">1,234.56元</span>',
    );
    expect(String(moneyCell(null))).toBe('<span class="muted">—</span>');
  });
  test("wanCell(fen): 万元 number, zero faint", () => {
    expect(String(wanCell(0))).toBe('<span class="money zero" title="0.00 元" data-fen="0">0.00</span>');
    expect(String(wanCell(12345678))).toBe(
      '<span class="money" title="123,456.78 元" data-fen="12345678">12.35</span>',
    );
  });
  test("exactCell, countCell, percentCell, dateCell, textCell", () => {
    expect(String(exactCell(150))).toBe('<span class="money nowrap" data-fen="150">1.50</span>');
    expect(String(countCell(0))).toBe('<span class="zero">0</span>');
    expect(String(countCell(1234))).toBe("<span>1,234</span>");
    expect(String(percentCell(0.5))).toBe('<span data-value="0.5">50.0%</span>');
    expect(String(dateCell("2024-03-05"))).toBe('<span class="nowrap">2024年3月5日</span>');
    expect(String(dateCell(null))).toBe('<span class="muted">—</span>');
    expect(String(textCell("<b>\u202e"))).toBe("&lt;b&gt;");
  });
});

describe("links", () => {
  test("every page address ends in .html, relative to the linking page", () => {
    expect(pageHref("county/440103")).toBe("./county/440103.html");
    expect(pageHref("findings", { root: "..", hash: "F03" })).toBe("../findings.html#F03");
    expect(pageHref("search", { query: { q: "荔湾 2019" } })).toBe("./search.html?q=%E8%8D%94%E6%B9%BE+2019");
    expect(countyHref("440103", "..")).toBe("../county/440103.html");
  });
  test("projectHref(id, root): one page for every project, the id (any character) only in the query", () => {
    expect(projectHref("4401032010001")).toBe("./project.html?id=4401032010001");
    expect(projectHref("粤府土〔2020〕123号/2", "..")).toBe(
      "../project.html?id=%E7%B2%A4%E5%BA%9C%E5%9C%9F%E3%80%942020%E3%80%95123%E5%8F%B7%2F2",
    );
    expect(new URL(projectHref("a&b=c #d?", "."), "http://x/").searchParams.get("id")).toBe("a&b=c #d?");
    expect(String(projectCell("P<1>"))).toBe(
      '<a class="pid" href="./project.html?id=P%3C1%3E">P&lt;1&gt;</a>',
    );
  });
});
