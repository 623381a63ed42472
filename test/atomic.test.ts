// Outputs that appear complete or not at all (loaders/atomic.ts), tested as test/warehouse.test.ts tests
// ingest: a real child process writing through the module is killed with SIGKILL at several moments; the
// previous output must still be there byte for byte, and the next write cleans up and succeeds.
import { describe, expect, onTestFinished, test } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  checkReplaceableDir,
  ownsNames,
  writeDirAtomically,
  writeFileAtomically,
} from "../loaders/atomic.ts";
import { BilingualError } from "../loaders/errors.ts";
import { treeOf } from "./opsHelpers.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "ops-atomic-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid!;

describe("writeDirAtomically(target, fn)", () => {
  test("replaces the folder with what fn wrote; nothing is left beside it", async () => {
    const dir = await scratch();
    const out = join(dir, "out");
    await writeDirAtomically(out, async (d) => writeFile(join(d, "a.csv"), "1\n"));
    await writeDirAtomically(out, async (d) => writeFile(join(d, "b.csv"), "2\n"), {
      owns: ownsNames(["a.csv"]),
    });
    expect(await treeOf(out)).toEqual({ "b.csv": "2\n" });
    expect(await readdir(dir)).toEqual(["out"]);
  });

  test("when fn fails, the previous folder stays and the new one is removed", async () => {
    const dir = await scratch();
    const out = join(dir, "out");
    await writeDirAtomically(out, async (d) => writeFile(join(d, "a.csv"), "1\n"));
    await expect(
      writeDirAtomically(
        out,
        async (d) => {
          await writeFile(join(d, "a.csv"), "half");
          throw new Error("disk on fire");
        },
        { owns: ownsNames(["a.csv"]) },
      ),
    ).rejects.toThrow("disk on fire");
    expect(await treeOf(out)).toEqual({ "a.csv": "1\n" });
    expect(await readdir(dir)).toEqual(["out"]);
  });

  test("refuses, before fn runs, a folder holding files the caller does not write (they would be lost)", async () => {
    const dir = await scratch();
    await writeFile(join(dir, "notes.txt"), "mine");
    await writeFile(join(dir, "a.csv"), "old");
    let ran = false;
    const error = await writeDirAtomically(dir, async () => void (ran = true), {
      owns: ownsNames(["a.csv"]),
      role: { zh: "输出目录 (--out)", en: "the output folder (--out)" },
    }).catch((e: unknown) => e);
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(BilingualError);
    expect((error as BilingualError).zh).toContain(
      `输出目录 (--out)文件夹 ${dir} 中有不是本工具写出的文件 (notes.txt)`,
    );
    expect((error as BilingualError).en).toContain("holds files this tool did not write (notes.txt)");
    expect(await treeOf(dir)).toEqual({ "a.csv": "old", "notes.txt": "mine" });
  });

  test("refuses a target that is a file", async () => {
    const file = join(await scratch(), "out");
    await writeFile(file, "x");
    await expect(checkReplaceableDir(file)).rejects.toThrow(/is a file, not a folder/);
  });

  test("what killed runs left is cleaned up by pid: a half-built folder removed, a half-done swap undone", async () => {
    const dir = await scratch();
    const out = join(dir, "out");
    const [a, b] = [deadPid(), deadPid()];
    await mkdir(`${out}.building-${a}`);
    await writeFile(join(`${out}.building-${a}`, "a.csv"), "half");
    // Killed between the two renames of its swap: the previous folder is beside, the target missing.
    await mkdir(`${out}.old-${b}`);
    await writeFile(join(`${out}.old-${b}`, "a.csv"), "previous");
    await writeDirAtomically(
      out,
      async (d) => {
        // The previous set is back in place before the swap: nothing is lost if this run fails too.
        await writeFile(join(d, "a.csv"), "new");
      },
      { owns: ownsNames(["a.csv"]) },
    );
    expect(await readdir(dir)).toEqual(["out"]);
    expect(await treeOf(out)).toEqual({ "a.csv": "new" });
  });
});

describe("writeFileAtomically(file, content)", () => {
  test("writes, replaces, refuses a folder, and leaves nothing beside", async () => {
    const dir = await scratch();
    const file = join(dir, "e.csv");
    await writeFileAtomically(file, "v1");
    await writeFileAtomically(file, new TextEncoder().encode("v2"));
    expect(await readFile(file, "utf8")).toBe("v2");
    await expect(
      writeFileAtomically(dir, "x", { zh: "证据文件 (--out)", en: "the evidence file (--out)" }),
    ).rejects.toThrow(`the evidence file (--out) ${dir} is a folder; give a file name`);
    await expect(
      writeFileAtomically(file, async (path) => {
        await writeFile(path, "half");
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    expect(await readFile(file, "utf8")).toBe("v2");
    expect(await readdir(dir)).toEqual(["e.csv"]);
  });
});

/**
 * A child process that writes through the module slowly, one piece every 40 ms, and prints "piece N"
 * after each; it is killed with SIGKILL after `after` pieces. Resolves to its pid once it is dead.
 */
async function killMidWrite(kind: "dir" | "file", target: string, after: number): Promise<number> {
  const module = JSON.stringify(join(ROOT, "loaders", "atomic.ts"));
  const writer =
    kind === "dir"
      ? `await writeDirAtomically(${JSON.stringify(target)}, async (d) => {
           for (let i = 0; i < 6; i++) { await writeFile(d + "/f" + i + ".csv", "new " + i); await piece(i); }
         }, { owns: (n) => /^f\\d\\.csv$/.test(n) });`
      : `await writeFileAtomically(${JSON.stringify(target)}, async (p) => {
           const h = await open(p, "w");
           for (let i = 0; i < 6; i++) { await h.write("new " + i + "\\n"); await piece(i); }
           await h.close();
         });`;
  const code = `
    import { writeDirAtomically, writeFileAtomically } from ${module};
    import { open, writeFile } from "node:fs/promises";
    const piece = async (i) => { process.stdout.write("piece " + i + "\\n"); await new Promise((r) => setTimeout(r, 40)); };
    ${writer}
    process.stdout.write("done\\n");`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<NodeJS.Signals | null>((ok) => child.on("exit", (_c, signal) => ok(signal)));
  await new Promise<void>((ok) =>
    child.stdout!.on("data", (d) => String(d).includes(`piece ${after}`) && ok()),
  );
  child.kill("SIGKILL");
  // It must have died of the kill, not finished first: otherwise this proves nothing.
  expect(await exited).toBe("SIGKILL");
  return child.pid!;
}

describe("SIGKILL while writing through atomic.ts", () => {
  test("a folder: the previous complete set stays; the next write removes the leftovers and succeeds", async () => {
    const dir = await scratch();
    const out = join(dir, "out");
    const before = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}.csv`, `old ${i}`]));
    await writeDirAtomically(out, async (d) => {
      for (const [name, text] of Object.entries(before)) await writeFile(join(d, name), text);
    });
    for (const after of [0, 2, 5]) {
      const pid = await killMidWrite("dir", out, after);
      expect(await treeOf(out), `killed after piece ${after}`).toEqual(before);
      expect((await readdir(dir)).sort()).toEqual(["out", `out.building-${pid}`]);
    }
    const pid = await killMidWrite("dir", out, 3);
    await writeDirAtomically(out, async (d) => writeFile(join(d, "f0.csv"), "next"), {
      owns: (n) => /^f\d\.csv$/.test(n),
    });
    expect(await readdir(dir)).toEqual(["out"]);
    expect(existsSync(`${out}.building-${pid}`)).toBe(false);
    expect(await treeOf(out)).toEqual({ "f0.csv": "next" });
  });

  test("a file: the previous file stays whole; the next write removes the leftover and succeeds", async () => {
    const dir = await scratch();
    const file = join(dir, "evidence.csv");
    await writeFileAtomically(file, "old\n");
    for (const after of [0, 3, 5]) {
      const pid = await killMidWrite("file", file, after);
      expect(await readFile(file, "utf8"), `killed after piece ${after}`).toBe("old\n");
      // Each writer first removes what the killed one before it left.
      expect((await readdir(dir)).sort()).toEqual(["evidence.csv", `evidence.csv.building-${pid}`]);
    }
    await writeFileAtomically(file, "next\n");
    expect(await readdir(dir)).toEqual(["evidence.csv"]);
    expect(await readFile(file, "utf8")).toBe("next\n");
  });
});
