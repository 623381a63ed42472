// The site's data files: the same data and secret give the same bytes; no ID or name of the input leaks.
import { describe, expect, test } from "vitest";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSiteData } from "../loaders/site/build.ts";
import { writeSample } from "../loaders/sample/index.ts";
import { leaks, personalData, textsOf } from "./privacy.ts";

describe("buildSiteData(dataDir, outDir)", () => {
  test("is deterministic for the same data and secret; another secret changes only the person keys", async () => {
    const root = await mkdtemp(join(tmpdir(), "xianbao-sitedata-"));
    await writeSample({ scale: "small", out: join(root, "data") });
    await buildSiteData(join(root, "data"), join(root, "a"), { secret: "s1" });
    await buildSiteData(join(root, "data"), join(root, "b"), { secret: "s1" });
    await buildSiteData(join(root, "data"), join(root, "c"), { secret: "s2" });
    const a = await textsOf(join(root, "a"));
    const b = await textsOf(join(root, "b"));
    const c = await textsOf(join(root, "c"));
    expect([...a.keys()].map((k) => k.slice(root.length + 2))).toEqual(
      [...b.keys()].map((k) => k.slice(root.length + 2)),
    );
    for (const [file, text] of a) expect(b.get(file.replace(`${root}/a`, `${root}/b`)), file).toBe(text);
    const findingsA = JSON.parse(a.get(join(root, "a", "findings.json"))!);
    const findingsC = JSON.parse(c.get(join(root, "c", "findings.json"))!);
    // findings.json lists each person once (masked name and keyed hash) and points at them by index
    expect(findingsC.persons.mask).toEqual(findingsA.persons.mask);
    const keysA = findingsA.persons.key.filter(Boolean);
    expect(keysA.length).toBeGreaterThan(0);
    expect(findingsC.persons.key.filter(Boolean)).not.toEqual(keysA);
    const { persons: pa, ...restA } = findingsA;
    const { persons: pc, ...restC } = findingsC;
    expect(pc.key.length).toBe(pa.key.length);
    expect(restC).toEqual(restA);
  });

  test("holds no ID number or name of the input, not even of rejected rows", async () => {
    const root = await mkdtemp(join(tmpdir(), "xianbao-sitedata-"));
    await writeSample({ scale: "small", out: join(root, "data") });
    await buildSiteData(join(root, "data"), join(root, "site"), { secret: "s" });
    const data = await personalData(join(root, "data"));
    expect(data.ids.size).toBeGreaterThan(5000);
    expect(data.names.size).toBeGreaterThan(100);
    expect(leaks(await textsOf(join(root, "site")), data)).toEqual([]);
    // the scanner does find what it looks for
    const [anId] = data.ids;
    const [aName] = data.names;
    const probe = leaks(new Map([["probe", `x ${anId} y ${aName}`]]), data);
    expect(probe).toContain(`probe: ID ${anId}`);
    expect(probe).toContain(`probe: name ${aName}`);
    // the rejects on the quality page are there, masked
    const quality = JSON.parse(await readFile(join(root, "site", "quality.json"), "utf8"));
    expect(quality.rejects_total).toBeGreaterThan(0);
  });
});
