/**
 * Outputs that appear complete or not at all (docs/decisions.md O3). A folder of outputs is written into a
 * new sibling `<target>.building-<pid>` and swapped in by rename once complete; a single file is written
 * beside as `<file>.building-<pid>`, flushed to disk and renamed over the target. A run killed at any
 * moment leaves the previous complete set (or, in the instant between the two renames of a swap, the
 * previous set beside the target as `<target>.old-<pid>`, which the next run puts back): never a mix of
 * two runs, never a truncated file. The next run also removes what killed runs left, by their pid.
 *
 * A folder swap replaces the whole folder, so it refuses a folder holding anything the caller does not
 * write there (`owns`): `--out .` or a folder of the user's own files is refused, not emptied.
 */
import { existsSync } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { removeOnInterrupt } from "./cleanup.ts";
import { BilingualError } from "./errors.ts";
import { fsProblem, type Role } from "./fsErrors.ts";
import { isAlive, withLock } from "./lock.ts";

export interface DirOptions {
  /** What the folder is, for messages. */
  role?: Role;
  /**
   * Whether an entry of an existing target folder is one the caller writes there, so that replacing the
   * folder loses nothing (default: none; entries the new run writes are always the caller's).
   */
  owns?: (name: string, entries: readonly string[]) => boolean;
  /** Flush every file to disk before the swap (default true). */
  fsync?: boolean;
}

/** `owns` for a fixed list of names. */
export const ownsNames =
  (names: readonly string[]) =>
  (name: string): boolean =>
    names.includes(name);

const DEFAULT_ROLE: Role = { zh: "输出", en: "the output" };
const SWAP = { zh: "结果替换", en: "swap of results" };

/** Removes `<name>.building-<pid>` leftovers of dead processes beside `target`. */
async function removeDeadBuilds(target: string): Promise<void> {
  const prefix = `${basename(target)}.building-`;
  for (const entry of await readdir(dirname(target)).catch(() => [] as string[])) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length));
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid))
      await rm(join(dirname(target), entry), { recursive: true, force: true });
  }
}

/**
 * Finishes swaps that killed processes left half-done: `<name>.old-<pid>` of a dead pid is the previous
 * complete folder; it goes back in place when the target is missing, else it is removed.
 */
async function recoverDeadSwaps(target: string): Promise<void> {
  const prefix = `${basename(target)}.old-`;
  for (const entry of (await readdir(dirname(target)).catch(() => [] as string[])).sort()) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length));
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    const old = join(dirname(target), entry);
    if (existsSync(target)) await rm(old, { recursive: true, force: true });
    else await rename(old, target);
  }
}

/** Entries of an existing target folder that are not the caller's (and a swap would delete). */
async function foreignEntries(
  target: string,
  owns: DirOptions["owns"] = () => false,
  written: readonly string[] = [],
): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries.filter((e) => !written.includes(e) && !owns(e, entries)).sort();
}

/**
 * Checks, before any work, that `target` can be replaced as a whole: it is a folder (or absent) holding
 * only what this tool wrote there. Throws a bilingual message otherwise.
 */
export async function checkReplaceableDir(target: string, options: DirOptions = {}): Promise<void> {
  const role = options.role ?? DEFAULT_ROLE;
  const full = resolve(target);
  const info = await stat(full).catch(() => null);
  if (info && !info.isDirectory())
    throw new BilingualError(
      `${role.zh} ${target} 是一个文件, 不是文件夹; 请指定一个文件夹`,
      `${role.en} ${target} is a file, not a folder; give a folder`,
    );
  const foreign = await foreignEntries(full, options.owns);
  if (foreign.length) throw foreignError(target, foreign, role);
}

function foreignError(target: string, foreign: string[], role: Role): BilingualError {
  const list = foreign.slice(0, 5).join(", ") + (foreign.length > 5 ? ` … (${foreign.length})` : "");
  return new BilingualError(
    `${role.zh}文件夹 ${target} 中有不是本工具写出的文件 (${list}); 写出结果时会整体替换该文件夹, 它们会丢失。请指定一个新的或空的文件夹。`,
    `${role.en} folder ${target} holds files this tool did not write (${list}); the folder is replaced as a whole when the results are written, so they would be lost. Give a new or empty folder.`,
  );
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncTree(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await fsyncTree(full);
    else if (entry.isFile()) await fsyncFile(full);
  }
  await fsyncFile(dir);
}

/**
 * Writes a whole folder: `fn` fills a new empty folder beside `target`; when it resolves, the folder gets
 * its manifest and replaces `target` (renames; the old folder is kept until the new one is in place).
 * When `fn` fails, the new folder is removed and `target` is untouched. Resolves to `fn`'s result.
 */
export async function writeDirAtomically<T>(
  target: string,
  fn: (dir: string) => Promise<T>,
  options: DirOptions = {},
): Promise<T> {
  const role = options.role ?? DEFAULT_ROLE;
  const full = resolve(target);
  try {
    await mkdir(dirname(full), { recursive: true });
  } catch (error) {
    throw fsProblem(error, full, role) ?? error;
  }
  await checkReplaceableDir(target, options);
  await removeDeadBuilds(full);
  const building = `${full}.building-${process.pid}`;
  const forget = removeOnInterrupt(building);
  let result: T;
  try {
    await rm(building, { recursive: true, force: true });
    await mkdir(building);
    result = await fn(building);
    const names = await readdir(building);
    if (options.fsync !== false) await fsyncTree(building);
    await withLock(`${full}.lock`, { purpose: SWAP }, async () => {
      await recoverDeadSwaps(full);
      const foreign = await foreignEntries(full, options.owns, names);
      if (foreign.length) throw foreignError(target, foreign, role);
      if (existsSync(full)) {
        const old = `${full}.old-${process.pid}`;
        await rm(old, { recursive: true, force: true });
        await rename(full, old);
        await rename(building, full);
        await rm(old, { recursive: true, force: true });
      } else await rename(building, full);
      await fsyncFile(dirname(full)).catch(() => {});
    });
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    throw fsProblem(error, full, role) ?? error;
  } finally {
    forget();
  }
  return result;
}

/**
 * Writes one file: `content` (or whatever `fn` writes at the path it is given) goes to a new file beside
 * `target`, is flushed to disk, then renamed over `target`. On failure the new file is removed and
 * `target` is untouched.
 */
export async function writeFileAtomically(
  target: string,
  content: string | Uint8Array | ((path: string) => Promise<void>),
  role: Role = DEFAULT_ROLE,
): Promise<void> {
  const full = resolve(target);
  const info = await stat(full).catch(() => null);
  if (info?.isDirectory())
    throw new BilingualError(
      `${role.zh} ${target} 是一个文件夹; 请给出文件名`,
      `${role.en} ${target} is a folder; give a file name`,
    );
  const building = `${full}.building-${process.pid}`;
  const forget = removeOnInterrupt(building);
  try {
    await mkdir(dirname(full), { recursive: true });
    await removeDeadBuilds(full);
    if (typeof content === "function") {
      await rm(building, { force: true });
      await content(building);
      await fsyncFile(building);
    } else {
      const handle = await open(building, "w");
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    await rename(building, full);
    await fsyncFile(dirname(full)).catch(() => {});
  } catch (error) {
    await rm(building, { force: true });
    throw fsProblem(error, full, role) ?? error;
  } finally {
    forget();
  }
}
