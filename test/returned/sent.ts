/**
 * Writes the findings list of data set A (test/reviewFixture.ts) as `xianbao export` sends it to the
 * counties (XLSX, as of 2021-12-31), for fill.py to fill in as a clerk would:
 *   npx tsx test/returned/sent.ts /tmp/sent.xlsx && python3 test/returned/fill.py /tmp/sent.xlsx test/returned/returned.xlsx
 */
import { main } from "../../loaders/cli.ts";
import { writeDataDir } from "../fixtures.ts";
import { tables } from "../reviewFixture.ts";

/** The export of data set A into `out`; resolves to the CLI's exit code. */
export async function writeSent(out: string): Promise<number> {
  const dir = await writeDataDir(tables);
  const quiet = { out: () => {}, err: () => {}, isTTY: false };
  return main(
    [
      "node",
      "xianbao",
      "export",
      "--data",
      dir,
      "--out",
      out,
      "--as-of",
      "2021-12-31",
      "--today",
      "2026-11-23",
    ],
    quiet,
  );
}

if (process.argv[1]?.endsWith("sent.ts")) process.exitCode = await writeSent(process.argv[2]);
