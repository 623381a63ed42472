// Where commands may write (loaders/paths.ts): never into, over or around the data folder, judged on disk
// so that links and `..` cannot hide a match; and walking a folder through links without looping.
import { describe, expect, onTestFinished, test } from "vitest";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BilingualError } from "../loaders/errors.ts";
import { walkFiles } from "../loaders/files.ts";
import { checkDataDir, checkOutputs, isWithin, physicalPath } from "../loaders/paths.ts";

const ROLE = { zh: "输出目录 (--out)", en: "the output folder (--out)" };

async function tree(): Promise<{ root: string; data: string }> {
  const root = await mkdtemp(join(tmpdir(), "ops-paths-"));
  onTestFinished(() => rm(root, { recursive: true, force: true }));
  const data = join(root, "data");
  await mkdir(join(data, "distributions"), { recursive: true });
  await writeFile(join(data, "projects.csv"), "project_id\n");
  await writeFile(join(data, "distributions", "4401.csv"), "x\n");
  return { root, data };
}

async function refusal(data: string, path: string): Promise<BilingualError> {
  const error = await checkOutputs(data, [{ path, role: ROLE }]).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `${path} should be refused`).toBeInstanceOf(BilingualError);
  return error as BilingualError;
}

describe("checkOutputs(dataDir, outputs)", () => {
  test("the data folder itself, a folder inside it, and a file inside it are refused", async () => {
    const { data } = await tree();
    const e = await refusal(data, data);
    expect(e.zh).toContain(`输出目录 (--out) ${data} 位于数据目录 ${data} 之内 (或就是它)`);
    expect(e.en).toContain(
      `the output folder (--out) ${data} is, or lies inside, the data directory ${data}`,
    );
    await refusal(data, join(data, "out"));
    await refusal(data, join(data, "fund_flows.csv"));
    await refusal(data, join(data, "new", "deeper", "x.csv"));
  });

  test("through `..`, a link to the data folder, and a link whose `..` leads back into it", async () => {
    const { root, data } = await tree();
    await mkdir(join(root, "elsewhere"));
    await symlink(data, join(root, "link"));
    await symlink(join(data, "distributions"), join(root, "elsewhere", "dist"));
    await refusal(data, join(root, "elsewhere", "..", "data", "out"));
    await refusal(data, join(root, "link"));
    await refusal(data, join(root, "link", "out"));
    // The system resolves dist/.. to the link target's parent, the data folder; so must we.
    await refusal(data, `${join(root, "elsewhere", "dist")}/../out`);
    expect(await physicalPath(`${join(root, "elsewhere", "dist")}/../out`)).toBe(join(data, "out"));
  });

  test("a folder that holds the data folder is refused (replacing it would delete the data)", async () => {
    const { root, data } = await tree();
    const e = await refusal(data, root);
    expect(e.en).toContain(`the data directory ${data} lies inside the output folder (--out) ${root}`);
  });

  test("an input file reached through a link is never overwritten", async () => {
    const { root, data } = await tree();
    await mkdir(join(root, "exports"));
    await writeFile(join(root, "exports", "villages.csv"), "village_code\n");
    await symlink(join(root, "exports", "villages.csv"), join(data, "villages.csv"));
    const e = await refusal(data, join(root, "exports", "villages.csv"));
    expect(e.en).toContain("is the input file villages.csv (through a link)");
    // As a folder of outputs too: the swap would remove the file behind the link.
    await refusal(data, join(root, "exports"));
  });

  test("a sibling folder, or a new path next to the data, is fine", async () => {
    const { root, data } = await tree();
    await checkOutputs(data, [
      { path: join(root, "out"), role: ROLE },
      { path: join(root, "data-out", "x.csv"), role: ROLE },
      { path: join(root, "database.duckdb"), role: ROLE },
    ]);
    expect(await isWithin(join(root, "data2"), data)).toBe(false);
  });
});

describe("checkDataDir(dir, flag)", () => {
  test("a file, or nothing, is refused with a message naming it; a folder resolves to its absolute path", async () => {
    const { data } = await tree();
    await expect(checkDataDir(join(data, "projects.csv"), "--data")).rejects.toThrow(
      `the data directory --data ${join(data, "projects.csv")} is a file, not a folder`,
    );
    await expect(checkDataDir(join(data, "nowhere"), "--data")).rejects.toThrow("does not exist");
    expect(await checkDataDir(data)).toBe(data);
  });
});

describe("walkFiles(dir)", () => {
  test("follows links to files and folders, reports a loop (self -> .) and a broken link, reads each file once", async () => {
    const { root, data } = await tree();
    await mkdir(join(root, "more"));
    await writeFile(join(root, "more", "4402.csv"), "y\n");
    await symlink(join(root, "more"), join(data, "distributions", "more"));
    await symlink(".", join(data, "distributions", "self"));
    await symlink("..", join(data, "distributions", "up"));
    await symlink(join(root, "nowhere"), join(data, "gone.csv"));
    const entries = await walkFiles(data);
    expect(entries.map((e) => `${e.kind} ${e.name}`)).toEqual([
      "file distributions/4401.csv",
      "file distributions/more/4402.csv",
      "loop distributions/self",
      "loop distributions/up",
      "broken gone.csv",
      "file projects.csv",
    ]);
  });
});
