/**
 * Checks on where a command reads and writes, made before any work starts: the data folder is a folder,
 * every output can be written where it is asked for, and no output (a folder, a file, the warehouse) is the data folder, lies inside it, holds it, or is one
 * of its input files (docs/decisions.md O2). Paths are compared by what they are on disk (device and
 * inode), so symbolic links, `..` and letter case on case-insensitive disks cannot hide a match.
 */
import { access, lstat, readdir, realpath, stat } from "node:fs/promises";
import { constants, type Stats } from "node:fs";
import { dirname, isAbsolute, join, resolve, sep } from "node:path";
import { BilingualError } from "./errors.ts";
import { walkFiles } from "./files.ts";
import type { Role } from "./fsErrors.ts";

export interface Output {
  path: string;
  role: Role;
}

const key = (s: Stats) => `${s.dev}:${s.ino}`;

/**
 * The physical absolute form of `path`: its existing part resolved through links (so `link/..` is the
 * link target's parent, as the operating system sees it), the rest appended as written.
 */
export async function physicalPath(path: string): Promise<string> {
  const parts = (isAbsolute(path) ? path : join(process.cwd(), path)).split(sep).filter(Boolean);
  let current = await realpath(sep);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === ".") continue;
    if (part === "..") {
      current = dirname(current);
      continue;
    }
    const next = join(current, part);
    try {
      current = await realpath(next);
    } catch {
      return resolve(next, ...parts.slice(i + 1));
    }
  }
  return current;
}

/** The identity of every existing folder from `path` up to the root (closest first). */
async function ancestorKeys(path: string): Promise<string[]> {
  const out: string[] = [];
  for (let dir = await physicalPath(path); ; dir = dirname(dir)) {
    const info = await stat(dir).catch(() => null);
    if (info) out.push(key(info));
    if (dirname(dir) === dir) return out;
  }
}

/**
 * Whether `inner` is `outer` or lies inside it: judged on disk when `outer` exists, else by their
 * physical paths. A link as the last part of `inner` counts both as itself (a rename replaces the link,
 * in its folder) and as where it points.
 */
export async function isWithin(inner: string, outer: string): Promise<boolean> {
  const target = await stat(outer).catch(() => null);
  if (!target) {
    const [i, o] = [await physicalPath(inner), await physicalPath(outer)];
    return i === o || i.startsWith(o.endsWith(sep) ? o : o + sep);
  }
  const keys = [...(await ancestorKeys(inner)), ...(await ancestorKeys(dirname(resolve(inner))))];
  return keys.includes(key(target));
}

/**
 * Checks that `dir` is an existing, readable folder; resolves to its absolute path.
 * @param flag how the user gave it, for the message (e.g. "--data", "XIANBAO_DATA")
 */
export async function checkDataDir(dir: string, flag = "--data"): Promise<string> {
  const full = resolve(dir);
  let info: Stats;
  try {
    info = await stat(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BilingualError(
      `数据目录 ${flag} ${dir} ${code === "ENOENT" ? "不存在" : `无法打开 (${code})`}。请给出存放 projects、fund_flows 等数据表的文件夹。`,
      `the data directory ${flag} ${dir} ${code === "ENOENT" ? "does not exist" : `cannot be opened (${code})`}. Give the folder that holds the tables (projects, fund_flows, ...).`,
    );
  }
  if (!info.isDirectory())
    throw new BilingualError(
      `数据目录 ${flag} ${dir} 是一个文件, 不是文件夹。请给出存放数据表的文件夹 (而不是其中的某个文件)。`,
      `the data directory ${flag} ${dir} is a file, not a folder. Give the folder that holds the tables, not one of its files.`,
    );
  try {
    await readdir(full);
  } catch (error) {
    throw new BilingualError(
      `数据目录 ${flag} ${dir} 无法读取 (${(error as NodeJS.ErrnoException).code})。请检查权限。`,
      `the data directory ${flag} ${dir} cannot be read (${(error as NodeJS.ErrnoException).code}). Check its permissions.`,
    );
  }
  return full;
}

/** Identities of every input file of a data folder (following links, as the load reads them). */
async function inputKeys(dataDir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await walkFiles(dataDir))
    if (entry.kind === "file") {
      const info = await stat(entry.path).catch(() => null);
      if (info) out.set(key(info), entry.name);
    }
  return out;
}

async function existingFiles(path: string): Promise<string[]> {
  const info = await lstat(path).catch(() => null);
  if (!info) return [];
  if (!info.isDirectory()) return [path];
  const out: string[] = [];
  for (const entry of await readdir(path)) out.push(...(await existingFiles(join(path, entry))));
  return out;
}

/**
 * Checks that `path` can be created or replaced: its nearest existing ancestor is a folder (not a file)
 * that this process may write in. Throws a bilingual message naming the obstacle.
 */
export async function checkWritable(path: string, role: Role): Promise<void> {
  const full = resolve(path);
  for (let dir = dirname(full); ; dir = dirname(dir)) {
    const info = await stat(dir).catch(() => null);
    if (info && !info.isDirectory())
      throw new BilingualError(
        `无法写出${role.zh} ${path}: ${dir} 是一个文件, 不是文件夹。请换一个位置。`,
        `cannot write ${role.en} ${path}: ${dir} is a file, not a folder. Choose another place.`,
      );
    if (info) {
      try {
        await access(dir, constants.W_OK | constants.X_OK);
      } catch (error) {
        throw new BilingualError(
          `无法写出${role.zh} ${path}: 没有在 ${dir} 中写入的权限 (${(error as NodeJS.ErrnoException).code})。请换一个可写的位置, 或检查该文件夹的权限。`,
          `cannot write ${role.en} ${path}: no permission to write in ${dir} (${(error as NodeJS.ErrnoException).code}). Choose a writable place or check the folder's permissions.`,
        );
      }
      return;
    }
    if (dirname(dir) === dir) return;
  }
}

/**
 * Refuses, with a bilingual message naming the path and the fix, any output that is the data folder,
 * lies inside it, contains it, or would overwrite one of its input files (a link target elsewhere).
 */
export async function checkOutputs(dataDir: string, outputs: readonly Output[]): Promise<void> {
  let inputs: Map<string, string> | undefined;
  for (const output of outputs) {
    const { path, role } = output;
    await checkWritable(path, role);
    if (await isWithin(path, dataDir))
      throw new BilingualError(
        `${role.zh} ${path} 位于数据目录 ${dataDir} 之内 (或就是它): 写出结果会覆盖或混入输入数据, 下次导入会把它们当作数据读入。请把${role.zh}放到数据目录之外。`,
        `${role.en} ${path} is, or lies inside, the data directory ${dataDir}: writing it would overwrite or mix with the input data, which the next load would read as data. Put ${role.en} outside the data directory.`,
      );
    if (await isWithin(dataDir, path))
      throw new BilingualError(
        `数据目录 ${dataDir} 位于${role.zh} ${path} 之内: 写出结果会替换该文件夹, 数据会丢失。请把${role.zh}放到别处。`,
        `the data directory ${dataDir} lies inside ${role.en} ${path}: writing the results replaces that folder and the data would be lost. Put ${role.en} elsewhere.`,
      );
    inputs ??= await inputKeys(dataDir);
    for (const file of await existingFiles(path)) {
      const info = await stat(file).catch(() => null);
      const input = info && inputs.get(key(info));
      if (input)
        throw new BilingualError(
          `${role.zh} ${file} 就是输入文件 ${input} (通过链接): 写出结果会覆盖输入数据。请把${role.zh}放到别处。`,
          `${role.en} ${file} is the input file ${input} (through a link): writing it would overwrite the input data. Put ${role.en} elsewhere.`,
        );
    }
  }
}
