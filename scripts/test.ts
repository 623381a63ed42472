// `npm test`: everything, in order: the strict type check, then vitest (unit tests, then the end-to-end
// tests that build the site and open every page in Debian's Chromium). The e2e tests need Chromium and
// CJK fonts, the annexes' tests poppler-utils (pdftotext), the evidence and ledger tests LibreOffice Calc
// and openpyxl; on a machine without them, they are installed when we may (root), else we say what to run.
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
const succeeds = (command: string, args: string[]) =>
  spawnSync(command, args, { stdio: "ignore" }).status === 0;
/** The Debian packages the tests need that are missing here (LibreOffice and openpyxl read spreadsheets back). */
const missing = () =>
  [
    { packages: ["chromium", "fonts-noto-cjk"], there: existsSync(CHROMIUM) },
    { packages: ["poppler-utils"], there: existsSync(PDFTOTEXT) },
    { packages: ["libreoffice-calc-nogui"], there: succeeds("sh", ["-c", "command -v soffice"]) },
    { packages: ["python3-openpyxl"], there: succeeds("python3", ["-c", "import openpyxl"]) },
  ]
    .filter((n) => !n.there)
    .flatMap((n) => n.packages);
if (missing().length) {
  if (process.getuid?.() === 0) {
    process.stderr.write(`安装测试所需的软件包 / installing what the tests need: ${missing().join(" ")}\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    spawnSync("apt-get", ["install", "-y", "-qq", ...missing()], { stdio: "inherit", env });
  }
  if (missing().length)
    process.stderr.write(
      `测试需要 / the tests need: sudo apt-get install ${missing().join(" ")} (Chromium 也可用 XIANBAO_CHROMIUM 指定 / or set XIANBAO_CHROMIUM for Chromium)\n`,
    );
  // Without a browser no end-to-end test can start; the spreadsheet tests fail on their own, naming the tool.
  if (!existsSync(CHROMIUM) || !existsSync(PDFTOTEXT)) process.exit(1);
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
