// The site-data cache (loaders/site/cache.ts, hash.ts): its key covers everything that changes the
// site's data (the data through links, policy.json and any other file, the person-hash secret, the load
// day, the as-of and compare-to dates, the code), the secret never appears in clear, and without a secret
// every build gets new person keys.
import { gunzipSync } from "node:zlib";
import { existsSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import { appendFile, cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { prepareSiteData, type PrepareOptions } from "../loaders/site/cache.ts";
import { cacheKey, codeVersion, dataHash, type CacheKeyParts } from "../loaders/site/hash.ts";
import { frameworkCache, resetFrameworkCache } from "../loaders/site/publish.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SECRET = "a-secret-of-16-chars";
const WAREHOUSE = { memoryLimit: "3GB" };

let root: string;
let data: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "ops-cache-"));
  data = join(root, "data");
  await cp(join(ROOT, "data", "sample"), data, { recursive: true });
  return () => rm(root, { recursive: true, force: true });
});

const prepare = (options: Partial<PrepareOptions> = {}) =>
  prepareSiteData({
    dataDir: data,
    cacheDir: join(root, "cache"),
    today: "2026-11-23",
    warehouse: WAREHOUSE,
    ...options,
  });

const personKeys = async (dir: string): Promise<string[]> =>
  JSON.parse(
    gunzipSync(await readFile(join(dir, "finding", "all.json.gz"))).toString("utf8"),
  ).rows.person_key.filter(Boolean);

describe("cacheKey(parts)", () => {
  const base: CacheKeyParts = {
    data: "d",
    secret: SECRET,
    today: "2026-11-23",
    asOf: null,
    compareTo: null,
    code: "c",
  };
  test("changes with every part", () => {
    const key = cacheKey(base);
    for (const [part, value] of [
      ["data", "d2"],
      ["secret", `${SECRET}!`],
      ["today", "2026-11-24"],
      ["asOf", "2024-06-30"],
      ["compareTo", "2023-12-31"],
      ["code", "c2"],
    ] as const)
      expect(cacheKey({ ...base, [part]: value }), part).not.toBe(key);
    expect(cacheKey({ ...base })).toBe(key);
  });
});

describe("dataHash(dir)", () => {
  test("changes with policy.json, a columns.json or any other file, and a file behind a symbolic link", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ops-hash-"));
    const outside = await mkdtemp(join(tmpdir(), "ops-hash-outside-"));
    await writeFile(join(dir, "projects.csv"), "project_id\nP1\n");
    await writeFile(join(outside, "4401.csv"), "a\n");
    await mkdir(join(dir, "distributions"));
    await symlink(join(outside, "4401.csv"), join(dir, "distributions", "4401.csv"));
    await symlink(outside, join(dir, "fund_flows"));
    const hashes = [await dataHash(dir)];
    await writeFile(join(dir, "policy.json"), '{"per_person_yuan": 16200}');
    hashes.push(await dataHash(dir));
    await writeFile(join(dir, "columns.json"), "{}");
    hashes.push(await dataHash(dir));
    await appendFile(join(outside, "4401.csv"), "b\n"); // behind both links
    hashes.push(await dataHash(dir));
    expect(new Set(hashes).size).toBe(4);
    expect(await dataHash(dir)).toBe(hashes[3]);
    await rm(dir, { recursive: true });
    await rm(outside, { recursive: true });
  });

  test("a link back to the folder (self -> .) is hashed as a loop, not walked 40 times", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ops-hash-"));
    await writeFile(join(dir, "projects.csv"), "x\n");
    const plain = await dataHash(dir);
    await symlink(".", join(dir, "self"));
    const looped = await dataHash(dir);
    expect(looped).not.toBe(plain);
    expect(await dataHash(dir)).toBe(looped);
    await rm(dir, { recursive: true });
  });
});

describe("codeVersion(root)", () => {
  test("changes when an SQL file, a TypeScript file of the pipeline, common/ or the lock file changes", async () => {
    const copy = await mkdtemp(join(tmpdir(), "ops-code-"));
    for (const part of ["loaders", "common", "package.json", "package-lock.json"])
      await cp(join(ROOT, part), join(copy, part), { recursive: true });
    const versions = [await codeVersion(copy)];
    for (const file of [
      "loaders/sql/metrics/findings.sql",
      "loaders/ingest.ts",
      "common/rules.js",
      "package-lock.json",
    ]) {
      await appendFile(join(copy, file), "\n");
      versions.push(await codeVersion(copy));
    }
    expect(new Set(versions).size).toBe(5);
    await rm(copy, { recursive: true });
  });
});

describe("prepareSiteData(options)", () => {
  test("same inputs: one build, then the cache; another secret: a new entry with other person keys", async () => {
    const first = await prepare({ secret: SECRET });
    expect(first.cached).toBe(false);
    const again = await prepare({ secret: SECRET });
    expect(again).toEqual({ ...first, cached: true });
    const keys = await personKeys(first.dir);
    expect(keys.length).toBeGreaterThan(0);

    const other = await prepare({ secret: `${SECRET}-other` });
    expect(other.cached).toBe(false);
    expect(await personKeys(other.dir)).not.toEqual(keys);
    // The older entry was pruned: the cache holds one data set.
    expect((await readdir(join(root, "cache"))).sort()).toEqual([other.key]);
  });

  // Apart from the test above: each prepare is a whole site-data build (two as-of passes since the site
  // compares periods), and six of them in one test outlast its time on a loaded machine.
  test("another load day, as-of date or comparison date: a new entry with new figures", async () => {
    const other = await prepare({ secret: `${SECRET}-other` });
    const later = await prepare({ secret: `${SECRET}-other`, today: "2026-11-24" });
    expect(later.key).not.toBe(other.key);
    expect(JSON.parse(await readFile(join(later.dir, "quality.json"), "utf8")).load_day).toBe("2026-11-24");

    const asOf = await prepare({ secret: `${SECRET}-other`, asOf: "2024-06-30" });
    expect(asOf.key).not.toBe(other.key);
    expect(JSON.parse(await readFile(join(asOf.dir, "overview.json"), "utf8")).as_of).toBe("2024-06-30");
    expect(
      (await prepare({ secret: `${SECRET}-other`, asOf: "2024-06-30", compareTo: "2023-12-31" })).key,
    ).not.toBe(asOf.key);
  });

  test("without a secret, every build gets a random one: no entry is reused and the person keys differ", async () => {
    const a = await prepare();
    const keysA = await personKeys(a.dir);
    const b = await prepare();
    expect([a.cached, b.cached]).toEqual([false, false]);
    expect(a.key).not.toBe(b.key);
    expect(keysA.length).toBeGreaterThan(0);
    expect(await personKeys(b.dir)).not.toEqual(keysA);
  });

  test("the secret is never written in clear; the entry says only that one was set", async () => {
    const entry = await prepare({ secret: SECRET });
    expect(JSON.parse(await readFile(join(entry.dir, "key.json"), "utf8"))).toMatchObject({
      secret: "set",
      today: "2026-11-23",
      asOf: null,
    });
    for (const name of await readdir(entry.dir, { recursive: true })) {
      expect(name).not.toContain(SECRET);
      if (name.endsWith(".json")) expect(await readFile(join(entry.dir, name), "utf8")).not.toContain(SECRET);
    }
    expect(entry.key).not.toContain(SECRET);
  });

  test("a changed data file gives a new entry", async () => {
    const before = await prepare({ secret: SECRET });
    const policy = await readFile(join(data, "policy.json"), "utf8");
    await writeFile(join(data, "policy.json"), policy.replace(/\}\s*$/, ', "adult_age": 18}'));
    const after = await prepare({ secret: SECRET });
    expect(after.key).not.toBe(before.key);
    await writeFile(join(data, "policy.json"), policy);
  });
});

describe("resetFrameworkCache(root)", () => {
  test("empties Framework's cache of the tree: no loader output of an earlier build is served again", async () => {
    const tree = join(root, "tree");
    await mkdir(join(frameworkCache(tree), "data"), { recursive: true });
    await writeFile(join(frameworkCache(tree), "data", "counties.json"), "{}");
    await resetFrameworkCache(tree);
    expect(existsSync(frameworkCache(tree))).toBe(false);
    // A tree that never built has nothing to empty.
    await resetFrameworkCache(tree);
  });
});
