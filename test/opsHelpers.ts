/**
 * Helpers of the operations tests: a small disk that fills up (a tmpfs of a given size where this machine
 * lets us mount one, as root does here; otherwise a file size limit, `ulimit -f`, which fails writes the
 * same way with EFBIG), a folder's content as an object, a data set large enough to kill a run part-way
 * through, and `xianbao serve` in a child process.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFile, mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeSample } from "../tools/sample/index.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface SmallDisk {
  dir: string;
  kind: "tmpfs" | "ulimit";
  /** The command and arguments that run `argv` (a node command line) against this disk. */
  command: (argv: string[]) => { command: string; args: string[] };
  remove: () => Promise<void>;
}

/** A folder on which writing more than `bytes` fails. */
export async function smallDisk(bytes: number): Promise<SmallDisk> {
  const dir = await mkdtemp(join(tmpdir(), "ops-disk-"));
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${bytes}`, "tmpfs", dir]).status === 0;
  if (mounted)
    return {
      dir,
      kind: "tmpfs",
      command: (argv) => ({ command: argv[0], args: argv.slice(1) }),
      remove: async () => {
        spawnSync("umount", [dir]);
        await rm(dir, { recursive: true, force: true });
      },
    };
  // Ignoring SIGXFSZ turns "killed by the limit" into the EFBIG error a program can report.
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  return {
    dir,
    kind: "ulimit",
    command: (argv) => ({
      command: "bash",
      args: ["-c", `trap '' XFSZ; ulimit -f ${Math.floor(bytes / 1024)}; exec ${argv.map(quote).join(" ")}`],
    }),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Every file under `dir` (relative path -> text), for comparing folders whole. */
export async function treeOf(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      out[path.slice(dir.length + 1)] = await readFile(path, "utf8");
    }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The small sample with its distributions copied eight times over, so that a run takes a few seconds. */
export async function bigDataDir(dir: string): Promise<string> {
  await writeSample({ scale: "small", out: dir, seed: 7, format: "csv" });
  const parts = (await readdir(join(dir, "distributions"))).sort();
  for (let copy = 1; copy <= 8; copy++)
    for (const part of parts)
      await copyFile(join(dir, "distributions", part), join(dir, "distributions", `copy${copy}-${part}`));
  return dir;
}

/** Starts `xianbao serve DIR` and resolves, once it listens, to the URL it printed and the process. */
export async function startServe(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["bin/xianbao.js", "serve", dir], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((ok, ko) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /网站 site: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) ok(m[1]);
    });
    child.on("exit", (code) => ko(new Error(`serve exited ${code}`)));
  });
  return { url, child };
}
