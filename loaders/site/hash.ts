/**
 * What the site data depends on, as hashes: the data's content (through symbolic links, loops detected),
 * the code's own version, and the cache key that combines them with the settings of a build (the person
 * hash secret, the load day, the as-of and compare-to dates). docs/decisions.md O4 lists what the key holds.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { walkFiles } from "../files.ts";

async function hashTree(dir: string, skip: (name: string) => boolean = () => false): Promise<string> {
  const hash = createHash("sha256");
  for (const entry of await walkFiles(resolve(dir))) {
    if (skip(entry.name)) continue;
    // The kind is hashed too: a file turning into a broken link or a loop changes what the load reads.
    hash.update(`${entry.kind}\0${entry.name}\0`);
    if (entry.kind !== "file") continue;
    let size = 0;
    for await (const chunk of createReadStream(entry.path)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    hash.update(`\0${size}\0`);
  }
  return hash.digest("hex");
}

/**
 * SHA-256 (first 16 hex digits) over every file of a data directory (names, kinds and contents, tables,
 * policy.json and any other file alike), in a stable order, following symbolic links: a table that is a
 * link to a file elsewhere changes the hash when that file changes.
 */
export async function dataHash(dataDir: string): Promise<string> {
  return (await hashTree(dataDir)).slice(0, 16);
}

/** The tool's installed tree (where loaders/, common/ and package.json are). */
export const TOOL_ROOT = fileURLToPath(new URL("../..", import.meta.url));

let codeHash: Promise<string> | undefined;

/**
 * A hash of the code that computes the site data: every file of loaders/ (TypeScript and SQL), common/,
 * package.json and package-lock.json (the versions of DuckDB and the rest). Computed once per process.
 */
export function codeVersion(root = TOOL_ROOT): Promise<string> {
  if (root !== TOOL_ROOT) return codeVersionOf(root);
  return (codeHash ??= codeVersionOf(root));
}

async function codeVersionOf(root: string): Promise<string> {
  const hash = createHash("sha256");
  for (const part of ["loaders", "common"])
    hash.update(
      `${part}\0${await hashTree(resolve(root, part), (name) => name.split("/").includes("node_modules"))}\0`,
    );
  for (const file of ["package.json", "package-lock.json"]) {
    hash.update(`${file}\0`);
    try {
      for await (const chunk of createReadStream(resolve(root, file))) hash.update(chunk as Buffer);
    } catch {
      // An installed package has no lock file: package.json's version and the sources above suffice.
    }
  }
  return hash.digest("hex").slice(0, 16);
}

/** Everything a cache entry of the site data depends on. */
export interface CacheKeyParts {
  data: string;
  /** The person-hash secret itself: only a digest of it enters the key, never the text. */
  secret: string;
  today: string;
  asOf: string | null;
  compareTo: string | null;
  code: string;
}

/** The parts of the key that may be written down (the secret only as "set"). */
export function publicParts(parts: CacheKeyParts, secretGiven: boolean): Record<string, string | null> {
  const { secret: _secret, ...rest } = parts;
  return { ...rest, secret: secretGiven ? "set" : "random for this build" };
}

/** The cache key: 32 hex digits of SHA-256 over every part (the secret through its own digest). */
export function cacheKey(parts: CacheKeyParts): string {
  const secret = createHash("sha256").update(`xianbao person-hash secret\0${parts.secret}`).digest("hex");
  return createHash("sha256")
    .update(JSON.stringify({ v: 1, ...parts, secret }))
    .digest("hex")
    .slice(0, 32);
}
