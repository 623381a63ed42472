/**
 * Walks a folder the way the load reads it: through symbolic links (a table file or folder may be a link
 * to elsewhere), in a stable order, and without looping: a link back to a folder already on the way down
 * (`self -> .`) is reported as a loop and not entered, so no file is read twice through it.
 */
import { readdir, realpath, stat } from "node:fs/promises";
import { join, relative } from "node:path";

export interface WalkEntry {
  /** Absolute path as reached (through links). */
  path: string;
  /** Path relative to the walked folder. */
  name: string;
  /** A file; a link to nothing (or unreadable); a link back to a folder above it; anything else. */
  kind: "file" | "broken" | "loop" | "other";
  error?: NodeJS.ErrnoException;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Every entry under `dir` except folders (which are entered), depth first, names in byte order. */
export async function walkFiles(dir: string): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  await walk(dir, dir, new Set([await realpath(dir)]), out);
  return out;
}

async function walk(root: string, dir: string, above: Set<string>, out: WalkEntry[]): Promise<void> {
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort(byName)) {
    const path = join(dir, entry.name);
    const name = relative(root, path);
    let info;
    try {
      info = entry.isSymbolicLink() ? await stat(path) : entry;
    } catch (error) {
      out.push({ path, name, kind: "broken", error: error as NodeJS.ErrnoException });
      continue;
    }
    if (info.isDirectory()) {
      const real = await realpath(path);
      if (above.has(real)) {
        out.push({ path, name, kind: "loop" });
        continue;
      }
      await walk(root, path, new Set([...above, real]), out);
    } else out.push({ path, name, kind: info.isFile() ? "file" : "other" });
  }
}
