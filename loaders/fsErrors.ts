/**
 * File-system failures the user can fix (a full disk, a quota, a read-only or forbidden folder) turned
 * into bilingual messages that name the disk and the fix, instead of "internal error". Node's errors carry
 * a `code`; DuckDB's carry only the operating system's text, so both are recognised.
 */
import { readFileSync, statfsSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { BilingualError } from "./errors.ts";

/** What is being written, for the message: e.g. { zh: "仓库文件 (--db)", en: "the warehouse (--db)" }. */
export interface Role {
  zh: string;
  en: string;
}

const KINDS: { code: string; text: RegExp }[] = [
  { code: "ENOSPC", text: /no space left on device/i },
  { code: "EDQUOT", text: /disk quota exceeded/i },
  { code: "EFBIG", text: /file too large/i },
  { code: "EROFS", text: /read-only file system/i },
  { code: "EACCES", text: /permission denied/i },
  { code: "EPERM", text: /operation not permitted/i },
];

/** The errno-style code of a failure (from Node's `code`, else from the OS text DuckDB passes on). */
export function fsErrorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === "string" && KINDS.some((k) => k.code === code)) return code;
  const message = error instanceof Error ? error.message : String(error);
  return KINDS.find((k) => k.text.test(message))?.code;
}

/** The mount point holding `path` (longest match in /proc/mounts), or undefined where there is none. */
export function mountPointOf(path: string): string | undefined {
  let mounts: string[];
  try {
    mounts = readFileSync("/proc/mounts", "utf8")
      .split("\n")
      .map((line) => line.split(" ")[1]?.replace(/\\040/g, " "))
      .filter((m): m is string => Boolean(m));
  } catch {
    return undefined;
  }
  const full = resolve(path);
  let best: string | undefined;
  for (const m of mounts)
    if ((full === m || full.startsWith(m.endsWith(sep) ? m : m + sep)) && (!best || m.length > best.length))
      best = m;
  return best;
}

function freeMegabytes(path: string): string {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    try {
      const s = statfsSync(dir);
      return `${Math.floor((Number(s.bavail) * Number(s.bsize)) / 2 ** 20)} MB`;
    } catch {
      if (dirname(dir) === dir) return "?";
    }
  }
}

/**
 * A BilingualError for a file-system failure while writing `path` as `role`, or null when the error is of
 * another kind (then it is the caller's to rethrow).
 */
export function fsProblem(error: unknown, path: string, role: Role): BilingualError | null {
  const code = fsErrorCode(error);
  if (!code) return null;
  const disk = mountPointOf(path) ?? dirname(resolve(path));
  switch (code) {
    case "ENOSPC":
    case "EDQUOT": {
      const what =
        code === "ENOSPC"
          ? { zh: "磁盘已满", en: "the disk is full" }
          : { zh: "超出磁盘配额", en: "the disk quota is exceeded" };
      return new BilingualError(
        `${what.zh}: 写入${role.zh} ${path} 时 ${disk} 没有足够空间 (剩余 ${freeMegabytes(path)})。没有留下不完整的文件, 原有结果保持不变。请释放该磁盘的空间, 或把${role.zh}放到空间更大的磁盘上。`,
        `${what.en}: no room on ${disk} while writing ${role.en} ${path} (${freeMegabytes(path)} free). Nothing half-written was left and the previous result is unchanged. Free space on that disk, or put ${role.en} on a disk with more room.`,
      );
    }
    case "EFBIG":
      return new BilingualError(
        `文件超过了允许的大小: 写入${role.zh} ${path} 时超出了本进程的文件大小上限 (ulimit -f) 或 ${disk} 文件系统的单个文件上限。没有留下不完整的文件, 原有结果保持不变。请提高 ulimit -f 的限制, 或把${role.zh}放到另一种文件系统的磁盘上。`,
        `file too large: writing ${role.en} ${path} exceeded this process's file size limit (ulimit -f) or the largest file the file system of ${disk} allows. Nothing half-written was left and the previous result is unchanged. Raise the ulimit -f limit, or put ${role.en} on a disk with another file system.`,
      );
    case "EROFS":
      return new BilingualError(
        `${disk} 是只读的, 无法写入${role.zh} ${path}。请换一个可写的位置。`,
        `${disk} is read-only: cannot write ${role.en} ${path}. Choose a writable place.`,
      );
    default:
      return new BilingualError(
        `没有权限写入${role.zh} ${path} (${code})。请换一个可写的位置, 或检查该文件夹的权限。`,
        `no permission to write ${role.en} ${path} (${code}). Choose a writable place or check the folder's permissions.`,
      );
  }
}

/** Rethrows `error` as the bilingual file-system message when it is one, else as it is. */
export function rethrowFsError(error: unknown, path: string, role: Role): never {
  throw fsProblem(error, path, role) ?? error;
}
