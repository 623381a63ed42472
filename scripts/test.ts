// `npm test`: everything, in order: the strict type check, then vitest (unit tests, then the end-to-end
// tests that build the site and open every page in Debian's Chromium). The e2e tests need Chromium and
// CJK fonts, and the annexes' tests poppler-utils (pdftotext); on a machine without them, they are
// installed when we may (root), else we say what to run.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readEnv } from "../loaders/env.ts";

const CHROMIUM = readEnv().chromium ?? "/usr/bin/chromium";

function run(command: string, args: string[]): number {
  const result = spawnSync(command, args, { stdio: "inherit" });
  return result.status ?? 1;
}

const PDFTOTEXT = "/usr/bin/pdftotext";
if (!existsSync(CHROMIUM) || !existsSync(PDFTOTEXT)) {
  if (process.getuid?.() === 0) {
    process.stderr.write(
      "安装 Chromium、中文字体与 pdftotext / installing Debian's chromium, fonts-noto-cjk and poppler-utils for the browser tests\n",
    );
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    spawnSync("apt-get", ["install", "-y", "-qq", "chromium", "fonts-noto-cjk", "poppler-utils"], {
      stdio: "inherit",
      env,
    });
  }
  if (!existsSync(CHROMIUM) || !existsSync(PDFTOTEXT)) {
    process.stderr.write(
      `浏览器测试需要 Chromium 与 pdftotext: sudo apt-get install chromium fonts-noto-cjk poppler-utils (或设置 XIANBAO_CHROMIUM)\n` +
        `the browser tests need Chromium and pdftotext: sudo apt-get install chromium fonts-noto-cjk poppler-utils (or set XIANBAO_CHROMIUM)\n`,
    );
    process.exit(1);
  }
}

const typecheck = run("npx", ["tsc", "--noEmit"]);
if (typecheck !== 0) {
  process.stderr.write("类型检查失败 / the type check failed\n");
  process.exit(typecheck);
}
const report = join(mkdtempSync(join(tmpdir(), "xianbao-test-")), "vitest.json");
const code = run("npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);
// A closing line any CI can read, whatever the runner: "N passed, N failed".
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
  };
  process.stdout.write(
    `\n${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped\n`,
  );
}
process.exit(code);
