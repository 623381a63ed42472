// The build lock (loaders/lock.ts): one holder at a time, a clear message naming the holder, waiting or
// failing as asked, and a stale lock of a dead process taken over. Real processes hold and die.
import { describe, expect, onTestFinished, test } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BilingualError } from "../loaders/errors.ts";
import { acquireLock, withLock } from "../loaders/lock.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PURPOSE = { zh: "网站构建", en: "site build" };

async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "ops-lock-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A child process that takes the lock and holds it until killed; resolves once it holds it. */
async function holder(path: string): Promise<{ pid: number; kill: () => Promise<void> }> {
  const code = `
    import { acquireLock } from ${JSON.stringify(join(ROOT, "loaders", "lock.ts"))};
    await acquireLock(${JSON.stringify(path)}, { purpose: { zh: "网站构建", en: "site build" }, detail: "数据 data /x" });
    process.stdout.write("held\\n");
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((ok) => child.stdout!.on("data", (d) => String(d).includes("held") && ok()));
  const exited = new Promise((ok) => child.on("exit", ok));
  return {
    pid: child.pid!,
    kill: async () => {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

describe("acquireLock(path, options)", () => {
  test("a live holder: --no-wait fails at once naming its pid, host, start time and data", async () => {
    const lock = join(await scratch(), "build.lock");
    const other = await holder(lock);
    onTestFinished(other.kill);
    const error = await acquireLock(lock, { purpose: PURPOSE, wait: false }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BilingualError);
    const { zh, en } = error as BilingualError;
    const held = JSON.parse(await readFile(lock, "utf8"));
    expect(zh).toContain(
      `另一个网站构建正在进行 (进程 ${other.pid}, 主机 ${hostname()}, 开始于 ${held.started}, 数据 data /x`,
    );
    expect(en).toContain(
      `another site build is running (pid ${other.pid} on ${hostname()}, started ${held.started}`,
    );
    expect(en).toContain(lock);
  });

  test("a live holder: the waiter says once who holds it, then gets the lock when the holder dies", async () => {
    const lock = join(await scratch(), "build.lock");
    const other = await holder(lock);
    const told: string[] = [];
    const waiting = acquireLock(lock, { purpose: PURPOSE, pollMs: 20, onWait: (_h, m) => told.push(m.en) });
    await new Promise((r) => setTimeout(r, 300));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(new RegExp(`pid ${other.pid}.*Waiting for it to finish`));
    await other.kill();
    const mine = await waiting;
    expect(JSON.parse(await readFile(lock, "utf8")).pid).toBe(process.pid);
    expect(told).toHaveLength(1);
    await mine.release();
    expect(existsSync(lock)).toBe(false);
  });

  test("a stale lock (its process is gone) is taken over without waiting", async () => {
    const dir = await scratch();
    const lock = join(dir, "build.lock");
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    await writeFile(
      lock,
      JSON.stringify({
        pid: dead,
        host: hostname(),
        started: "2026-01-01T00:00:00Z",
        purpose: PURPOSE,
        token: "0a1b",
      }),
    );
    await writeFile(join(dir, `build.lock.${dead}.0a1b2c.new`), "{}");
    const mine = await acquireLock(lock, { purpose: PURPOSE, wait: false });
    expect(JSON.parse(await readFile(lock, "utf8")).pid).toBe(process.pid);
    await mine.release();
    // The dead process's scratch file is gone too.
    expect(await readdir(dir)).toEqual([]);
  });

  test("many takers at once over a stale lock: exactly one holds it at any time", async () => {
    const lock = join(await scratch(), "build.lock");
    await writeFile(lock, "not json");
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withLock(lock, { purpose: PURPOSE, pollMs: 5 }, async () => {
          most = Math.max(most, ++inside);
          await new Promise((r) => setTimeout(r, 10));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(existsSync(lock)).toBe(false);
  });
});
