// A long page printed to PDF as a browser prints it (docs/outputs.md#print): every page carries its
// number and the day of printing, no heading is the last line of a page, and the screen-only hints,
// the sidebar and the search box are left out. Read back with pdftotext (poppler-utils).
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PAGE_NUMBER } from "../../loaders/site/print.ts";
import { useSite } from "./site.ts";

const site = useSite();
const root = await mkdtemp(join(tmpdir(), "ops-print-e2e-"));
afterAll(() => rm(root, { recursive: true, force: true }));

const dayText = (d: Date) => `打印日期${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
const squeeze = (s: string) => s.replace(/\s+/g, "");

describe("printing a long page (资金沉淀)", () => {
  it("numbers and dates every page and leaves no heading at the foot of one", async () => {
    const v = await site.open("/backlog.html");
    const headings = await v.page.$$eval("#observablehq-main :is(h1, h2, h3, h4)", (hs) =>
      hs.map((h) => (h.textContent ?? "").trim()).filter(Boolean),
    );
    expect(headings.length).toBeGreaterThan(3);
    const started = new Date();
    const file = join(root, "backlog.pdf");
    await writeFile(file, await v.page.pdf({ preferCSSPageSize: true, printBackground: true }));
    const days = [dayText(started), dayText(new Date())];
    const done = spawnSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    expect(done.status, done.stderr).toBe(0);
    const pages = done.stdout.split("\f").slice(0, -1);
    expect(pages.length).toBeGreaterThan(2);
    const title = "资金沉淀";
    pages.forEach((text, i) => {
      const where = `page ${i + 1} of ${pages.length}`;
      expect(PAGE_NUMBER.exec(text)?.slice(1), where).toEqual([String(i + 1), String(pages.length)]);
      expect(
        days.some((day) => squeeze(text).includes(day)),
        where,
      ).toBe(true);
      expect(text, where).toContain(title);
      // The content's lines without the margins' (title, site name, date, page number).
      const lines = text
        .split("\n")
        .map((l) => l.trim())
        .filter(
          (l) =>
            l &&
            !PAGE_NUMBER.test(l) &&
            !squeeze(l).startsWith("打印日期") &&
            l !== title &&
            !l.startsWith("先保 · "),
        );
      const last = lines.at(-1);
      expect(headings.includes(last ?? ""), `${where} ends with the heading “${last}”`).toBe(false);
      for (const hint of ["点击表头排序", "鼠标停在", "县区、批次、村、身份证号后 4 位", "跳到正文"])
        expect(text, where).not.toContain(hint);
    });
  });
});
