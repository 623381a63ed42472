/**
 * A lock file held by one process at a time, for work that must not run twice at once (a site build
 * shares Framework's cache with any other build of the same tree). The lock is a small JSON file naming
 * its holder (pid, host, start time, what it is doing); it appears complete or not at all (written beside
 * and hard-linked into place), so a reader never sees half a holder. A lock whose holder process is gone
 * (killed, crashed) is stale and is taken over. Whoever finds the lock held either waits, saying once
 * who holds it, or fails with that message (docs/decisions.md O1).
 */
import { link, readFile, readdir, rm, stat, writeFile, mkdir, unlink } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { BilingualError } from "./errors.ts";

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the holder took the lock. */
  started: string;
  /** What the holder is doing, e.g. { zh: "网站构建", en: "site build" }. */
  purpose: { zh: string; en: string };
  /** Free details shown to whoever waits, e.g. the data directory. */
  detail?: string;
  /** Tells two takings by one process apart. */
  token: string;
}

export interface LockOptions {
  purpose: { zh: string; en: string };
  detail?: string;
  /** Wait for the holder to finish (default); false: fail at once with the holder's description. */
  wait?: boolean;
  /** Called once when the lock is found held and we wait. */
  onWait?: (holder: LockHolder, message: BilingualError) => void;
  /** Poll interval while waiting, ms (default 250). */
  pollMs?: number;
}

export interface Lock {
  path: string;
  holder: LockHolder;
  release: () => Promise<void>;
}

/** Whether a process with this pid exists (on this machine). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function parseHolder(text: string | null): LockHolder | null {
  try {
    const value = JSON.parse(text ?? "") as LockHolder;
    return typeof value.pid === "number" && typeof value.purpose?.zh === "string" ? value : null;
  } catch {
    return null;
  }
}

const readText = (path: string) => readFile(path, "utf8").catch(() => null);
const readHolder = async (path: string) => parseHolder(await readText(path));

/** Whether a holder can no longer be running: its process is gone (checked on its own machine only). */
function isStale(holder: LockHolder | null): boolean {
  if (!holder) return true;
  return holder.host === hostname() && !isAlive(holder.pid);
}

/** The message naming who holds a lock. */
export function heldMessage(path: string, holder: LockHolder, waiting: boolean): BilingualError {
  const detail = holder.detail ? `, ${holder.detail}` : "";
  return new BilingualError(
    `另一个${holder.purpose.zh}正在进行 (进程 ${holder.pid}, 主机 ${holder.host}, 开始于 ${holder.started}${detail}; 锁文件 ${path})。${
      waiting ? "等待它结束后再开始…" : "请等它结束再试; 若确认该进程已不存在, 可删除锁文件。"
    }`,
    `another ${holder.purpose.en} is running (pid ${holder.pid} on ${holder.host}, started ${holder.started}${detail}; lock file ${path}). ${
      waiting
        ? "Waiting for it to finish…"
        : "Try again when it has finished; if that process is surely gone, remove the lock file."
    }`,
  );
}

/**
 * Takes the lock at `path`, waiting for (or failing on) a live holder and taking over a stale one.
 * Resolves to the lock, whose `release()` removes the file if it is still ours.
 */
export async function acquireLock(path: string, options: LockOptions): Promise<Lock> {
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    started: new Date().toISOString(),
    purpose: options.purpose,
    ...(options.detail ? { detail: options.detail } : {}),
    token: randomBytes(6).toString("hex"),
  };
  await mkdir(dirname(path), { recursive: true });
  await removeDeadScratch(path);
  const mine = `${path}.${process.pid}.${holder.token}.new`;
  await writeFile(mine, JSON.stringify(holder) + "\n");
  let told = false;
  try {
    for (;;) {
      try {
        // link() fails with EEXIST when the lock exists: the one atomic test-and-set every file system has.
        await link(mine, path);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const text = await readText(path);
      if (text === null) continue;
      const current = parseHolder(text);
      if (current === null && (await ageMs(path)) < 2000) {
        // Not a lock this module wrote (they appear whole): look again shortly before calling it stale.
      } else if (isStale(current)) {
        await takeOver(path, text, mine);
      } else if (current) {
        if (options.wait === false) throw heldMessage(path, current, false);
        if (!told) options.onWait?.(current, heldMessage(path, current, true));
        told = true;
      }
      await new Promise((r) => setTimeout(r, options.pollMs ?? 250));
    }
  } finally {
    await rm(mine, { force: true });
  }
  return {
    path,
    holder,
    release: async () => {
      const current = await readHolder(path);
      if (current && current.token === holder.token) await unlink(path).catch(() => {});
    },
  };
}

/** Removes the scratch files (`<lock>.<pid>.<token>.new`) that killed processes left beside the lock. */
async function removeDeadScratch(path: string): Promise<void> {
  const prefix = `${basename(path)}.`;
  for (const entry of await readdir(dirname(path)).catch(() => [] as string[])) {
    const m = entry.startsWith(prefix) ? /^(\d+)\.[0-9a-f]+\.new$/.exec(entry.slice(prefix.length)) : null;
    if (m && Number(m[1]) !== process.pid && !isAlive(Number(m[1])))
      await rm(join(dirname(path), entry), { force: true });
  }
}

async function ageMs(path: string): Promise<number> {
  try {
    return Date.now() - (await stat(path)).mtimeMs;
  } catch {
    return Infinity;
  }
}

/**
 * Removes a stale lock so that the next link() can win. Several processes may find the same stale lock:
 * the removal happens under a second, short-lived lock (`<lock>.takeover`), and only if the lock still
 * holds the text seen stale. Nothing else removes a lock but its live holder, so while the takeover lock
 * is held the lock cannot change between that check and the removal.
 */
async function takeOver(path: string, seen: string, mine: string): Promise<void> {
  const guard = `${path}.takeover`;
  try {
    await link(mine, guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // Held for a few system calls only: one this old belongs to a process killed while holding it.
    if ((await ageMs(guard)) > 10_000) await rm(guard, { force: true });
    return;
  }
  try {
    if ((await readText(path)) === seen) await unlink(path).catch(() => {});
  } finally {
    await unlink(guard).catch(() => {});
  }
}

/** Runs `fn` holding the lock at `path`; always releases. */
export async function withLock<T>(
  path: string,
  options: LockOptions,
  fn: (lock: Lock) => Promise<T>,
): Promise<T> {
  const lock = await acquireLock(path, options);
  try {
    return await fn(lock);
  } finally {
    await lock.release();
  }
}
