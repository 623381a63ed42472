// `report --annexes` before any browser starts: the file names, what the folder may hold, the browser
// looked for, the built site read and refused (docs/outputs.md#annexes); the print margins' words.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { annexFileName, findChromium, ownsAnnex, pdfPageCount, readSiteInfo } from "../loaders/annexes.ts";
import { isBilingualError } from "../loaders/errors.ts";
import { PAGE_NUMBER, PRINT_HEAD, printDate } from "../loaders/site/print.ts";

const root = await mkdtemp(join(tmpdir(), "ops-annexes-"));
afterAll(() => rm(root, { recursive: true, force: true }));

/** A site folder as Framework writes one: the league page naming its hashed data file, county pages. */
async function fakeSite(name: string, data: unknown, pages: string[]): Promise<string> {
  const site = join(root, name);
  await mkdir(join(site, "_file", "data"), { recursive: true });
  await mkdir(join(site, "county"), { recursive: true });
  await writeFile(
    join(site, "counties.html"),
    `<script type="module">registerFile("./data/counties.json", {"name":"./data/counties.json","mimeType":"application/json","path":"./_file/data/counties.0a1b2c3d.json","lastModified":946684800000,"size":10});</script>`,
  );
  await writeFile(join(site, "_file", "data", "counties.0a1b2c3d.json"), JSON.stringify(data));
  for (const code of pages) await writeFile(join(site, "county", `${code}.html`), "<html></html>");
  return site;
}

async function refusal(promise: Promise<unknown>): Promise<{ zh: string; en: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isBilingualError(error)).toBe(true);
  return error as { zh: string; en: string };
}

const counties = [
  { code: "440103", name: "荔湾区", city_name: "广州市" },
  { code: "441702", name: "江城区", city_name: "阳江市" },
];

describe("the built site", () => {
  it("gives its as-of date and counties", async () => {
    const site = await fakeSite("ok", { as_of: "2026-09-30", counties }, ["440103", "441702"]);
    const info = await readSiteInfo(site, "2026-09-30");
    expect(info.asOf).toBe("2026-09-30");
    expect(info.counties.map((c) => c.name)).toEqual(["荔湾区", "江城区"]);
  });

  it("is refused when built for another as-of date, naming the rebuild", async () => {
    const site = await fakeSite("other", { as_of: "2026-09-30", counties }, ["440103", "441702"]);
    const e = await refusal(readSiteInfo(site, "2026-06-30"));
    expect(e.zh).toContain("2026-09-30");
    expect(e.zh).toContain("XIANBAO_AS_OF=2026-06-30 npm run build");
    expect(e.en).toContain("built for the as-of date 2026-09-30, not 2026-06-30");
  });

  it("is refused when a county page is missing or the site is not built", async () => {
    const site = await fakeSite("half", { as_of: "2026-09-30", counties }, ["440103"]);
    expect((await refusal(readSiteInfo(site))).en).toContain("county/441702.html is missing");
    const empty = join(root, "empty");
    await mkdir(empty);
    const e = await refusal(readSiteInfo(empty));
    expect(e.zh).toContain("npm run build");
    expect(e.en).toContain("--site");
  });
});

describe("the browser", () => {
  it("is the one XIANBAO_CHROMIUM names, and a missing one is refused in both languages", () => {
    const missing = join(root, "no-such-chromium");
    let error: unknown;
    try {
      findChromium(missing);
    } catch (e) {
      error = e;
    }
    expect(isBilingualError(error)).toBe(true);
    const e = error as { zh: string; en: string };
    expect(e.zh).toContain(`XIANBAO_CHROMIUM=${missing} 不存在`);
    expect(e.en).toContain("apt-get install chromium");
  });

  it("is looked for in the usual places when none is named", () => {
    expect(() => findChromium(undefined, [join(root, "a"), join(root, "b")])).toThrow(/a, .*b/);
    expect(findChromium(undefined, [join(root, "a"), join(root, "ok")])).toBe(join(root, "ok"));
  });
});

describe("the annex folder", () => {
  it("names each file by county code and name, and holds nothing else", () => {
    expect(annexFileName({ code: "440103", name: "荔湾区" })).toBe("440103_荔湾区.pdf");
    expect(annexFileName({ code: "440103", name: "a/b c" })).toBe("440103_a_b_c.pdf");
    expect(ownsAnnex("440103_荔湾区.pdf")).toBe(true);
    expect(ownsAnnex("目录.csv")).toBe(true);
    expect(ownsAnnex("通报.docx")).toBe(false);
    expect(ownsAnnex("notes.pdf")).toBe(false);
  });

  it("counts a PDF's pages by its page objects, not its page tree", () => {
    const pdf = Buffer.from(
      "%PDF-1.4\n1 0 obj << /Type /Pages /Count 2 /Kids [2 0 R 3 0 R] >>\n2 0 obj << /Type /Page >>\n3 0 obj <</Type/Page/Parent 1 0 R>>\n",
      "latin1",
    );
    expect(pdfPageCount(pdf)).toBe(2);
  });
});

describe("the print margins", () => {
  it("write the day of printing and the page numbers in the words the tests read", () => {
    expect(printDate(new Date(2026, 11, 2))).toBe("打印日期 2026年12月2日");
    expect(PAGE_NUMBER.exec("第 3 页 / 共 12 页")?.slice(1)).toEqual(["3", "12"]);
    expect(PAGE_NUMBER.exec("第3页/共12页")?.slice(1)).toEqual(["3", "12"]);
    // The browser runs the same words: the head script formats the date with printDate's code.
    expect(PRINT_HEAD).toContain('"打印日期 "+d.getFullYear()+"年"');
    expect(PRINT_HEAD).toContain("beforeprint");
  });
});
