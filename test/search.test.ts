// The search page's matching (src/components/search.js): any part of a Chinese name or a code, brackets and
// widths folded, every term required, a capped list with its total.
import { describe, expect, test } from "vitest";
import {
  buildIndex,
  highlight,
  normalise,
  personQuery,
  personsOf,
  search,
  termsOf,
} from "../src/components/search.js";
import { pageShell, searchBox } from "../loaders/site/pageShell.ts";

const DATA = {
  counties: {
    code: ["440103", "440404", "441721"],
    name: ["荔湾区", "金湾区", "阳西县"],
    city_name: ["广州市", "珠海市", "阳江市"],
    status: ["yellow", "red", "green"],
    projects: [2, 1, 1],
  },
  projects: {
    project_id: ["4401032019001", "4401032020001", "4404042019001", "P-ABC-7"],
    project_name: [
      "荔湾区2019年度第1批次城市建设用地（粤府土审〔2019〕345号）",
      "荔湾区2020年度第1批次村镇建设用地（粤府土审〔2020〕12号）",
      "金湾区2019年度第1批次（粤府土审〔2019〕346号）",
      "广湛高铁（阳西段）建设项目用地",
    ],
    county: [0, 0, 1, 2],
  },
  villages: {
    code: ["440103001001", "440404002003"],
    name: ["西村", "红旗村"],
    projects: [[0, 1], [2]],
  },
};

const ids = (r: ReturnType<typeof search>) => r.projects.map((p) => p.id);

describe("normalise(text)", () => {
  test("folds brackets, full-width ASCII, the ideographic space and A-Z, keeping every character in place", () => {
    for (const [text, expected] of [
      ["粤府土审〔2019〕345号", "粤府土审(2019)345号"],
      ["（ＡＢＣ）［x］【y】{z}", "(abc)(x)(y)(z)"],
      ["Ab　荔湾", "ab 荔湾"],
    ]) {
      expect(normalise(text)).toBe(expected);
      expect(normalise(text).length).toBe(text.length);
    }
  });

  test("termsOf(query) splits on any white space and drops empty terms", () => {
    expect(termsOf("  白云　2019 ")).toEqual(["白云", "2019"]);
    expect(termsOf("")).toEqual([]);
    expect(termsOf(undefined)).toEqual([]);
  });
});

describe("search(index, query)", () => {
  const index = buildIndex(DATA);

  test("finds counties by any part of their name, city or code", () => {
    expect(search(index, "湾区").counties.map((c) => c.code)).toEqual(["440103", "440404"]);
    expect(search(index, "荔湾").counties.map((c) => c.code)).toEqual(["440103"]);
    expect(search(index, "4401").counties.map((c) => c.code)).toEqual(["440103"]);
    expect(search(index, "阳西").counties.map((c) => c.code)).toEqual(["441721"]);
    expect(search(index, "珠海").counties.map((c) => c.code)).toEqual(["440404"]);
  });

  test("finds projects by a fragment of the approval number, whatever the brackets", () => {
    expect(ids(search(index, "〔2019〕345"))).toEqual(["4401032019001"]);
    expect(ids(search(index, "(2019)34"))).toEqual(["4401032019001", "4404042019001"]);
    expect(ids(search(index, "［2019］346"))).toEqual(["4404042019001"]);
  });

  test("finds projects by their number (any case), name, or their county's name", () => {
    expect(ids(search(index, "p-abc"))).toEqual(["P-ABC-7"]);
    expect(ids(search(index, "高铁"))).toEqual(["P-ABC-7"]);
    expect(ids(search(index, "阳西"))).toEqual(["P-ABC-7"]);
  });

  test("requires every term", () => {
    expect(ids(search(index, "荔湾 2020"))).toEqual(["4401032020001"]);
    expect(search(index, "荔湾 不存在").projectTotal).toBe(0);
  });

  test("caps the projects listed and counts them all", () => {
    const r = search(index, "年度", { limit: 2 });
    expect(r.projects.length).toBe(2);
    expect(r.projectTotal).toBe(3);
  });

  test("an empty query finds nothing", () => {
    expect(search(index, "  ")).toEqual({
      terms: [],
      counties: [],
      projects: [],
      projectTotal: 0,
      villages: [],
      villageTotal: 0,
    });
  });

  test("finds villages by name or code, with their projects and their county", () => {
    const r = search(index, "西村");
    expect(r.villages.map((v) => v.code)).toEqual(["440103001001"]);
    expect(r.villages[0].projects.map((p) => p.id)).toEqual(["4401032019001", "4401032020001"]);
    expect(r.villages[0].county.name).toBe("荔湾区");
    expect(search(index, "002003").villages.map((v) => v.name)).toEqual(["红旗村"]);
    // A county's name finds its villages too, as it finds its projects.
    expect(search(index, "金湾").villages.map((v) => v.name)).toEqual(["红旗村"]);
    expect(search(index, "不存在").villageTotal).toBe(0);
  });
});

describe("people by masked ID", () => {
  const index = buildIndex(DATA);
  const shard = {
    persons: {
      "123X": [
        ["440103********123X", [0, 1], 3],
        ["440404********123X", [2], 1],
      ],
    },
  };

  test("personQuery reads a masked ID as the site shows it, or its last four characters", () => {
    expect(personQuery("440103********123x")).toEqual({ last4: "123X", prefix: "440103" });
    expect(personQuery("123X")).toEqual({ last4: "123X", prefix: null });
    expect(personQuery("荔湾 0042")).toEqual({ last4: "0042", prefix: null });
    expect(personQuery("荔湾")).toBeNull();
    expect(personQuery("12345")).toBeNull();
    expect(personQuery("12x4")).toBeNull();
  });

  test("personsOf lists the people of the shard that fit, with their projects", () => {
    const all = personsOf(shard, { last4: "123X", prefix: null }, index);
    expect(all.map((p) => p.person)).toEqual(["440103********123X", "440404********123X"]);
    expect(all[0].projects.map((p) => p.id)).toEqual(["4401032019001", "4401032020001"]);
    expect(all[0].credits).toBe(3);
    const one = personsOf(shard, { last4: "123X", prefix: "440404" }, index);
    expect(one.map((p) => p.person)).toEqual(["440404********123X"]);
    expect(personsOf(shard, { last4: "0000", prefix: null }, index)).toEqual([]);
  });
});

describe("pageShell(html): every built page's shell", () => {
  const page = (root: string) =>
    `<html><head><meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1"></head>` +
    `<body><input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar">` +
    `<nav id="observablehq-sidebar">\n<ol>\n<label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"></label>` +
    `<li><a href="${root}">先保</a></li>\n</ol></nav><main id="observablehq-main"></main></body></html>`;

  test("adds a skip link, allows zoom, names the sidebar toggle and adds the search box", () => {
    const out = pageShell(page("./"));
    expect(out).toContain('<a class="skip-link" href="#observablehq-main">');
    expect(out).not.toContain("maximum-scale");
    expect(out).toContain('aria-label="显示或隐藏目录"');
    expect(out).toContain('<li class="sidebar-close"><label id="observablehq-sidebar-close"');
    expect(out).toContain(searchBox("./"));
  });

  test("the search box of a page in a folder points one level up", () => {
    expect(pageShell(page("../"))).toContain('action="../search.html"');
  });

  test("a page without the sidebar gets no search box", () => {
    expect(pageShell("<html><body><main></main></body></html>")).not.toContain("site-search");
  });
});

describe("highlight(text, terms)", () => {
  test("marks each occurrence in the original text, brackets as written", () => {
    expect(highlight("荔湾区（粤府土审〔2019〕345号）", termsOf("(2019)34 湾"))).toEqual([
      { text: "荔", hit: false },
      { text: "湾", hit: true },
      { text: "区（粤府土审", hit: false },
      { text: "〔2019〕34", hit: true },
      { text: "5号）", hit: false },
    ]);
  });
});
