// The circular (loaders/circular.ts) through `xianbao report`: a valid .docx in the layout of GB/T 9704,
// holding the figures of changes.csv in 万元 and naming exactly the counties with new increments or
// 整改不实 claims. The document is read back from its XML, independently of the code that wrote it.
import { describe, expect, test } from "vitest";
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { SaxesParser } from "saxes";
import { main } from "../loaders/cli.ts";
import { writeSample } from "../tools/sample/index.ts";
import { project, writeDataDir } from "./fixtures.ts";
import { flow } from "./reviewFixture.ts";

const quiet = () => {
  const err: string[] = [];
  return { io: { out: () => {}, err: (t: string) => err.push(t), isTTY: false }, err };
};

/** Paragraph texts and tables (rows of cell texts) of word/document.xml, in document order. */
function readDocument(xml: string) {
  const paragraphs: string[] = [];
  const tables: string[][][] = [];
  const parser = new SaxesParser();
  let text = "";
  let inText = false;
  let depth = 0;
  let row: string[] | null = null;
  let cell: string[] | null = null;
  parser.on("opentag", (tag) => {
    if (tag.name === "w:tbl") {
      if (depth++ === 0) tables.push([]);
    } else if (tag.name === "w:tr") row = [];
    else if (tag.name === "w:tc") cell = [];
    else if (tag.name === "w:p") text = "";
    else if (tag.name === "w:t") inText = true;
    else if (tag.name === "w:br") text += "\n";
  });
  parser.on("text", (t) => {
    if (inText) text += t;
  });
  parser.on("closetag", (tag) => {
    if (tag.name === "w:t") inText = false;
    else if (tag.name === "w:p") {
      if (cell) cell.push(text);
      else paragraphs.push(text);
    } else if (tag.name === "w:tc") {
      row!.push(cell!.join("\n"));
      cell = null;
    } else if (tag.name === "w:tr") {
      tables.at(-1)!.push(row!);
      row = null;
    } else if (tag.name === "w:tbl") depth--;
  });
  parser.write(xml).close();
  return { paragraphs, tables };
}

/** Yuan text (non-negative) as 万元 with 2 decimals, half up: the oracle of the figures in the circular. */
const wan = (yuan: string) => {
  const [w, f] = yuan.split(".");
  return (Math.round((Number(w) * 100 + Number(f)) / 10000) / 100).toFixed(2);
};

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...rows] = text.trimEnd().split("\n");
  const keys = header.split(",");
  return rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [keys[i], v])));
}

/** Runs metrics --compare-to and report on the same data; returns the CSVs and the document. */
async function both(dir: string, dates: string[]) {
  const out = await mkdtemp(join(tmpdir(), "xianbao-circular-"));
  expect(await main(["node", "xianbao", "metrics", "--data", dir, "--out", out, ...dates], quiet().io)).toBe(
    0,
  );
  const file = join(out, "通报.docx");
  expect(await main(["node", "xianbao", "report", "--data", dir, "--out", file, ...dates], quiet().io)).toBe(
    0,
  );
  const zip = await JSZip.loadAsync(await readFile(file));
  return {
    out,
    file,
    zip,
    changes: parseCsv(await readFile(join(out, "changes.csv"), "utf8")),
    counties: parseCsv(await readFile(join(out, "counties.csv"), "utf8")),
    xml: await zip.file("word/document.xml")!.async("string"),
  };
}

/** The counties a sentence names, as "市县（n个）" / "市县（n条）" after 分别是：. */
function namedIn(paragraphs: string[], marker: string): string[] {
  const p = paragraphs.find((x) => x.includes(marker));
  if (!p) return [];
  const list = new RegExp(`${marker}[^：]*分别是：([^；。]*)`).exec(p)?.[1] ?? "";
  return [...list.matchAll(/([^、（]+)（(\d+)(?:个|条)）/g)].map((m) => `${m[1]} ${m[2]}`).sort();
}

function expectFiguresOf(doc: ReturnType<typeof readDocument>, changes: Record<string, string>[]) {
  const body = doc.paragraphs.join("\n");
  const province = changes.find((c) => c.level === "province")!;
  for (const k of ["received_yuan_now", "distributed_yuan_now", "unallocated_yuan_now", "shortfall_yuan_now"])
    expect(body, k).toContain(`${wan(province[k])}万元`);
  if (province.stock_cleared_yuan)
    expect(body).toContain(`本期化解存量${wan(province.stock_cleared_yuan)}万元`);
  expect(body).toContain(`尚余${wan(province.stock_remaining_yuan_now)}万元`);
  expect(body).toContain(
    `未解决的审计线索${province.findings_open_now}条，上期为${province.findings_open_then}条`,
  );
  expect(body).toContain(
    `本期新增${province.findings_new}条，解决或已不存在的${province.findings_resolved}条`,
  );
  const [countyTable] = doc.tables;
  const counties = changes.filter((c) => c.level === "county");
  expect(countyTable.length).toBe(1 + counties.length + 1);
  for (const c of counties) {
    const row = countyTable.find((r) => r[1] === c.name)!;
    expect(row, c.name).toBeDefined();
    expect(row[3], `${c.name} shortfall`).toBe(wan(c.shortfall_yuan_now));
    expect(row[5], `${c.name} stock`).toBe(c.stock_remaining_yuan_now ? wan(c.stock_remaining_yuan_now) : "");
    expect(row[6], `${c.name} cleared`).toBe(c.stock_cleared_yuan ? wan(c.stock_cleared_yuan) : "");
    expect(row[7], `${c.name} increment`).toBe(wan(c.increment_open_yuan_now));
    expect(row[8]).toBe(c.new_increment_projects);
    expect(row[9]).toBe(c.findings_open_now);
  }
  expect(countyTable.at(-1)![0]).toBe("合计");
  expect(countyTable.at(-1)![3]).toBe(wan(province.shortfall_yuan_now));
}

function expectNamed(
  doc: ReturnType<typeof readDocument>,
  changes: Record<string, string>[],
  counties: Record<string, string>[],
) {
  const city = new Map(counties.map((c) => [c.county_code, c.city_name]));
  const expected = (
    count: (c: Record<string, string>) => string,
    rows: Record<string, string>[],
    code: string,
  ) =>
    rows
      .filter((c) => Number(count(c)) > 0)
      .map((c) => `${city.get(c[code])}${c.county_name ?? c.name} ${count(c)}`)
      .sort();
  expect(namedIn(doc.paragraphs, "增量批次")).toEqual(
    expected(
      (c) => c.new_increment_projects,
      changes.filter((c) => c.level === "county"),
      "code",
    ),
  );
  expect(namedIn(doc.paragraphs, "整改不实")).toEqual(
    expected((c) => c.rectified_not_confirmed, counties, "county_code"),
  );
}

describe("xianbao report --data DIR --out FILE.docx --as-of T1 --compare-to T0", () => {
  // S1 (Liwan) a stock project 60,000 short at the baseline, 30,000 paid in 2023; I1 (Jiangcheng) approved
  // 2023-03-01 with nothing, 50,000 of 80,000 by May: a new increment, and its F01 claimed rectified
  // although still open (整改不实).
  const data = {
    projects: [
      project("S1", { approved_on: "2019-05-01", required_yuan: "100000.00" }),
      project("I1", { county_code: "441702", approved_on: "2023-03-01", required_yuan: "80000.00" }),
    ],
    fund_flows: [
      flow("S1", "deposit", "special", "2019-01-01", "40000.00"),
      flow("S1", "deposit", "special", "2023-06-01", "30000.00"),
      flow("I1", "deposit", "special", "2023-05-01", "50000.00"),
    ],
  };
  const ledger = [{ finding_key: "F01:I1", status: "已整改", reported_on: "2023-11-30", note: "已到账" }];
  const dates = ["--as-of", "2023-12-31", "--compare-to", "2023-01-31"];

  test("a valid .docx: A4, GB/T 9704 margins, the fonts with their fallbacks, page numbers at the foot", async () => {
    const { zip, xml } = await both(await writeDataDir(data, { rectifications: ledger }), dates);
    expect(Object.keys(zip.files)).toEqual(
      expect.arrayContaining(["[Content_Types].xml", "word/document.xml", "word/fontTable.xml"]),
    );
    expect(() => readDocument(xml)).not.toThrow();
    // 210 x 297 mm; top 37, bottom 35, left 28, right 26 mm (1 mm = 56.7 twips)
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/);
    for (const font of ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"])
      expect(xml).toContain(`w:eastAsia="${font}"`);
    expect(xml).toMatch(/w:eastAsia="方正小标宋简体"[^>]*\/>(<[^>]+>)*<w:sz w:val="44"/);
    const fonts = await zip.file("word/fontTable.xml")!.async("string");
    for (const [font, fallback] of [
      ["仿宋_GB2312", "仿宋"],
      ["方正小标宋简体", "宋体"],
      ["楷体_GB2312", "楷体"],
      ["黑体", "SimHei"],
    ])
      expect(fonts).toContain(`<w:font w:name="${font}"><w:altName w:val="${fallback}"/>`);
    const footers = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /^word\/footer\d+\.xml$/.test(f))
        .map((f) => zip.file(f)!.async("string")),
    );
    expect(footers.some((f) => /— <\/w:t>[\s\S]*PAGE[\s\S]*<w:t[^>]*> —/.test(f))).toBe(true);
    expect(await zip.file("word/settings.xml")!.async("string")).toContain("<w:evenAndOddHeaders/>");
  });

  test("holds the figures of changes.csv in 万元 and names the counties with new increments and 整改不实", async () => {
    const { xml, changes, counties } = await both(
      await writeDataDir(data, { rectifications: ledger }),
      dates,
    );
    const doc = readDocument(xml);
    expect(doc.paragraphs[0]).toBe("关于广东省被征地农民养老保险补贴资金\n督查情况的通报");
    expect(doc.paragraphs[1]).toBe("（2023年1月31日至2023年12月31日）");
    expectFiguresOf(doc, changes);
    expectNamed(doc, changes, counties);
    expect(namedIn(doc.paragraphs, "增量批次")).toEqual(["阳江市江城区 1"]);
    expect(namedIn(doc.paragraphs, "整改不实")).toEqual(["阳江市江城区 1"]);
    // hand-worked: stock 60,000 at the baseline = 6.00 万元, 3.00 cleared, 3.00 left (50.0%)
    expect(doc.paragraphs.join("\n")).toContain(
      "基准日缺口6.00万元；本期化解存量3.00万元，尚余3.00万元，化解进度50.0%",
    );
    const annex = doc.tables[1];
    expect(annex[0].slice(2, 4)).toEqual(["F01\n批复时资金未到位", "F02\n供地时资金未到位"]);
    expect(annex.find((r) => r[1] === "江城区")!.slice(2, 3)).toEqual(["1"]);
  });

  test("writeSample({scale: 'small'}): the figures of changes.csv and the counties named", async () => {
    const dir = await mkdtemp(join(tmpdir(), "xianbao-circular-sample-"));
    await writeSample({ scale: "small", out: dir });
    const { xml, changes, counties } = await both(dir, ["--compare-to", "2026-06-30"]);
    const doc = readDocument(xml);
    expectFiguresOf(doc, changes);
    expectNamed(doc, changes, counties);
    expect(namedIn(doc.paragraphs, "整改不实").length).toBeGreaterThan(0);
    expect(doc.paragraphs.join("\n")).not.toMatch(/\d{17}[\dX]/);
  }, 60_000);

  test("refuses an output inside the data directory or not .docx; replaces an older file whole", async () => {
    const dir = await writeDataDir(data);
    const c = quiet();
    expect(await main(["node", "xianbao", "report", "--data", dir, "--out", join(dir, "x.docx")], c.io)).toBe(
      1,
    );
    expect(c.err.join("\n")).toMatch(/数据目录[\s\S]*data directory/);
    const d = quiet();
    const out = await mkdtemp(join(tmpdir(), "xianbao-circular-"));
    expect(await main(["node", "xianbao", "report", "--data", dir, "--out", join(out, "x.pdf")], d.io)).toBe(
      1,
    );
    expect(d.err.join("\n")).toContain(".docx");
    const file = join(out, "x.docx");
    for (let i = 0; i < 2; i++)
      expect(
        await main(["node", "xianbao", "report", "--data", dir, "--out", file, ...dates], quiet().io),
      ).toBe(0);
    expect(await readdir(out)).toEqual(["x.docx"]);
  });
});
