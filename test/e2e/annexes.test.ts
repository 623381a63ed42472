// `xianbao report --annexes DIR` on the small e2e site (docs/outputs.md#annexes): one PDF per county,
// read back with pdftotext (poppler-utils): on every page the county's name, "第 N 页 / 共 M 页" and
// the day of printing; the refusals (no browser, no site, another as-of, inside the data folder); a run
// killed with SIGKILL half-way leaves the previous annex folder as it was.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { main } from "../../loaders/cli.ts";
import { PAGE_NUMBER } from "../../loaders/site/print.ts";
import { CHROMIUM } from "./browser.ts";
import { parseCsv } from "./site.ts";

const fixture = inject("site");
const root = await mkdtemp(join(tmpdir(), "ops-annexes-e2e-"));
afterAll(() => rm(root, { recursive: true, force: true }));

/** The CLI in this process, with its own environment; resolves to the exit code and what it printed. */
async function run(args: string[], env: NodeJS.ProcessEnv = { XIANBAO_CHROMIUM: CHROMIUM }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ["node", "xianbao", ...args],
    { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false },
    env,
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** The text of each page of a PDF (pdftotext ends every page with a form feed). */
function pagesOf(pdf: string): string[] {
  const done = spawnSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" });
  expect(done.status, done.stderr).toBe(0);
  return done.stdout.split("\f").slice(0, -1);
}

/** The day as the print margin writes it, in this process's calendar (the browser's: same TZ). */
const dayText = (d: Date) => `打印日期 ${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort())
    out[name] = createHash("sha256")
      .update(await readFile(join(dir, name)))
      .digest("hex");
  return out;
}

const counties = JSON.parse(
  await readFile(
    join(
      fixture.site,
      /registerFile\("\.\/data\/counties\.json", \{[^}]*"path":"\.\/([^"]+)"/.exec(
        await readFile(join(fixture.site, "counties.html"), "utf8"),
      )![1],
    ),
    "utf8",
  ),
) as { as_of: string; counties: { code: string; name: string; city_name: string }[] };

describe("report --annexes", () => {
  const out = join(root, "附件");

  it("refuses without a browser, naming XIANBAO_CHROMIUM, and writes nothing", async () => {
    const missing = join(root, "no-chromium");
    const r = await run(["report", "--annexes", out, "--site", fixture.site], { XIANBAO_CHROMIUM: missing });
    expect(r.code).toBe(1);
    expect(r.err).toContain(`错误: XIANBAO_CHROMIUM=${missing} 不存在`);
    expect(r.err).toContain(`error: XIANBAO_CHROMIUM=${missing} does not exist`);
    expect(existsSync(out)).toBe(false);
  });

  it("refuses a site that is not built, or built for another as-of date, naming the fix", async () => {
    const none = await run(["report", "--annexes", out, "--site", join(root, "no-site")]);
    expect(none.code).toBe(1);
    expect(none.err).toContain("npm run build");
    expect(none.err).toContain("--site");
    const other = await run(["report", "--annexes", out, "--site", fixture.site, "--as-of", "2026-06-30"]);
    expect(other.code).toBe(1);
    expect(other.err).toContain(`按截止日期 ${counties.as_of} 构建`);
    expect(other.err).toContain("XIANBAO_AS_OF=2026-06-30 npm run build");
    const inData = await run([
      "report",
      "--annexes",
      join(fixture.data, "附件"),
      "--site",
      fixture.site,
      "--data",
      fixture.data,
    ]);
    expect(inData.code).toBe(1);
    expect(inData.err).toContain("数据目录");
    expect(existsSync(out) || existsSync(join(fixture.data, "附件"))).toBe(false);
  });

  // Six counties printed twice (once killed part-way) by Chromium: about 15 s a county on this loaded
  // machine, measured; the default 2 minutes is too short for the work, not for a hang.
  it(
    "prints one PDF per county with its name, page numbers and the day of printing on every page; a run killed half-way leaves the previous folder",
    { timeout: 900_000 },
    async () => {
      // The previous annexes: a folder as this command writes it.
      await mkdir(out, { recursive: true });
      await writeFile(join(out, "440103_荔湾区.pdf"), "%PDF-1.4 previous run\n");
      await writeFile(join(out, "目录.csv"), "previous run\n");
      const before = await snapshot(out);

      const child = spawn(
        process.execPath,
        ["bin/xianbao.js", "report", "--annexes", out, "--site", fixture.site],
        { env: { ...process.env, XIANBAO_CHROMIUM: CHROMIUM }, stdio: ["ignore", "pipe", "pipe"] },
      );
      let printed = "";
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          printed += chunk.toString();
          // Killed once the first annex is written and the others are being printed.
          if (printed.includes("附件 annex 1/")) resolve();
        });
        child.on("exit", () => reject(new Error(`exited before the first annex: ${printed}`)));
      });
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
      expect(await snapshot(out)).toEqual(before);
      // What the killed run left is only its own staging folder beside, never inside, the annexes.
      const beside = (await readdir(dirname(out))).filter((n) => n.startsWith("附件") && n !== "附件");
      expect(beside).toEqual([`附件.building-${child.pid}`]);

      const started = new Date();
      const r = await run(["report", "--annexes", out, "--site", fixture.site, "--as-of", counties.as_of]);
      const ended = new Date();
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      // The next run removed the killed run's leftovers.
      expect((await readdir(dirname(out))).filter((n) => n.startsWith("附件"))).toEqual(["附件"]);
      const days = [dayText(started), dayText(ended)];

      const index = parseCsv((await readFile(join(out, "目录.csv"), "utf8")).replace(/^\ufeff/, ""));
      expect(index[0]).toEqual(["县区代码", "县区", "所属市", "文件", "页数", "数据截至"]);
      const rows = index.slice(1).filter((row) => row.length > 1);
      expect(rows.map((row) => row[0])).toEqual(counties.counties.map((c) => c.code));
      expect((await readdir(out)).sort()).toEqual(
        [...counties.counties.map((c) => `${c.code}_${c.name}.pdf`), "目录.csv"].sort(),
      );
      for (const [code, name, city, file, pages, asOf] of rows) {
        expect(r.out).toContain(`${code} ${name} → ${file}`);
        expect(asOf).toBe(counties.as_of);
        const texts = pagesOf(join(out, file));
        expect(texts.length, file).toBe(Number(pages));
        const info = spawnSync("pdfinfo", [join(out, file)], { encoding: "utf8" }).stdout;
        expect(info).toMatch(new RegExp(`Pages:\\s+${pages}\\n`));
        texts.forEach((text, i) => {
          const where = `${file} page ${i + 1}`;
          expect(text, where).toContain(`${name} (${city}) · 县区报告`);
          expect(PAGE_NUMBER.exec(text)?.slice(1), where).toEqual([String(i + 1), pages]);
          expect(
            days.some((day) => text.replace(/\s+/g, "").includes(day.replace(/\s+/g, ""))),
            where,
          ).toBe(true);
          // Screen-only hints are not printed.
          expect(text, where).not.toContain("点击表头排序");
          expect(text, where).not.toContain("鼠标停在");
        });
      }
    },
  );
});
