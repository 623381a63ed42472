// The auditors' evidence export: masked by default; full IDs only behind the explicit flag, with a notice.
import { describe, expect, test } from "vitest";
import { readFile, readdir } from "node:fs/promises";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { main } from "../loaders/cli.ts";
import { PERSONAL_DATA_NOTICE } from "../loaders/evidence.ts";
import { credit9, minorDataDir } from "./evidenceFixture.ts";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), isTTY: false }, out, err };
}

describe("xianbao export --data DIR --out FILE", () => {
  test("masks IDs unless --with-personal-data is given", async () => {
    const dir = await minorDataDir();
    const out = join(await mkdtemp(join(tmpdir(), "xianbao-ev-")), "ev.csv");
    const c = capture();
    expect(await main(["node", "xianbao", "export", "--data", dir, "--out", out], c.io)).toBe(0);
    const text = await readFile(out, "utf8");
    expect(text.startsWith("\ufeff线索编号,规则,线索,")).toBe(true);
    expect(text.split("\r\n")[0].endsWith(",整改状态,报告日期,整改说明")).toBe(true);
    expect(text.split("\r\n")[1]).toMatch(/^F09:P1:R1,F09,.*,,,$/);
    expect(text).not.toContain(credit9.person);
    expect(text).toContain(credit9.masked);
    expect(text).not.toContain("PERSONAL DATA");
  });

  test("--with-personal-data writes full IDs and says so in the first line and on stderr", async () => {
    const dir = await minorDataDir();
    const folder = await mkdtemp(join(tmpdir(), "xianbao-ev-"));
    const c = capture();
    expect(
      await main(
        ["node", "xianbao", "export", "--data", dir, "--out", join(folder, "ev.csv"), "--with-personal-data"],
        c.io,
      ),
    ).toBe(0);
    const lines = (await readFile(join(folder, "ev.csv"), "utf8")).split("\r\n");
    expect(lines[0]).toContain("PERSONAL DATA");
    expect(lines[0]).toContain("个人信息");
    expect(lines.join("\n")).toContain(credit9.person);
    expect(c.err.join("\n")).toMatch(/personal|身份证号/);
    expect(
      await main(
        [
          "node",
          "xianbao",
          "export",
          "--data",
          dir,
          "--out",
          join(folder, "ev.xlsx"),
          "--with-personal-data",
          "--codes",
          "F09",
        ],
        capture().io,
      ),
    ).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(folder, "ev.xlsx"));
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe(PERSONAL_DATA_NOTICE);
    expect(ws.getRow(2).getCell(1).value).toBe("线索编号");
    expect(ws.getRow(2).getCell(2).value).toBe("规则");
    expect(ws.getRow(3).getCell(1).value).toBe("F09:P1:R1");
    expect(ws.getRow(3).getCell(11).value).toBe(credit9.person);
  });

  test("rejects an unknown rule code", async () => {
    const c = capture();
    expect(
      await main(
        [
          "node",
          "xianbao",
          "export",
          "--data",
          await minorDataDir(),
          "--out",
          "/tmp/x.csv",
          "--codes",
          "F13",
        ],
        c.io,
      ),
    ).toBe(1);
    expect(c.err.join("\n")).toContain("F13");
  });

  test("the site build never imports the export", async () => {
    const sources = async (dir: string): Promise<string[]> =>
      (await readdir(dir, { withFileTypes: true, recursive: true }))
        .filter((e) => e.isFile() && /\.(ts|js|md)$/.test(e.name) && !e.parentPath.includes(".observablehq"))
        .map((e) => join(e.parentPath, e.name));
    const files = [...(await sources("src")), ...(await sources("loaders/site")), "scripts/build-site.ts"];
    for (const file of files)
      expect(await readFile(file, "utf8"), file).not.toMatch(
        /from\s+["'][^"']*evidence(\.ts)?["']|import\(\s*["'][^"']*evidence/,
      );
  });
});
