// The site's data files: the same data and secret give the same bytes; no ID or name of the input leaks.
import { describe, expect, test } from "vitest";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSiteData } from "../loaders/site/build.ts";
import { writeSample } from "../tools/sample/index.ts";
import { leaks, personalData, textsOf } from "./privacy.ts";
import { personId, project, writeDataDir } from "./fixtures.ts";

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
    // the findings' shards link a person's rows by a keyed hash, which the secret changes; nothing else does
    const shard = (t: Map<string, string>, dir: string) =>
      JSON.parse(t.get(join(root, dir, "finding", "all.json.gz"))!);
    const findingsA = shard(a, "a");
    const findingsC = shard(c, "c");
    expect(findingsC.rows.person).toEqual(findingsA.rows.person);
    const keysA = findingsA.rows.person_key.filter(Boolean);
    expect(keysA.length).toBeGreaterThan(0);
    expect(findingsC.rows.person_key.filter(Boolean)).not.toEqual(keysA);
    const { person_key: ka, ...restA } = findingsA.rows;
    const { person_key: kc, ...restC } = findingsC.rows;
    expect(kc.map((k: string | null) => k === null)).toEqual(ka.map((k: string | null) => k === null));
    expect(restC).toEqual(restA);
    const summary = (t: Map<string, string>, dir: string) => {
      const { shards, ...rest } = JSON.parse(t.get(join(root, dir, "findings.json"))!);
      return { ...rest, shards: { ...shards, version: null } };
    };
    expect(summary(c, "c")).toEqual(summary(a, "a"));
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
    const anId18 = [...data.ids].find((id) => id.length === 18)!;
    const probe = leaks(new Map([["probe", `x ${anId} y ${aName} z [${anId18.slice(0, 17)},1]`]]), data);
    expect(probe).toContain(`probe: ID ${anId}`);
    expect(probe).toContain(`probe: name ${aName}`);
    expect(probe).toContain(`probe: ID digits ${anId18.slice(0, 17)}`);
    // the rejects on the quality page are there, masked
    const quality = JSON.parse(await readFile(join(root, "site", "quality.json"), "utf8"));
    expect(quality.rejects_total).toBeGreaterThan(0);
  });

  test("masks an ID number that a record id holds (systems build them that way), in every site file", async () => {
    // One person credited twice on one project (F08), the second credit under the age of 16 (F09): both
    // findings carry the record id, which embeds the person's ID as R-<ID>-<n>.
    const adult = personId("440103", "19700101", 7);
    const child = personId("440103", "20150101", 8);
    const credit = (id: string, n: number, on: string) => ({
      record_id: `R-${id}-0${n}`,
      project_id: "P1",
      village_code: "440103001001",
      person_id: id,
      amount_yuan: "1000.00",
      credited_on: on,
      account: "individual",
    });
    const dir = await writeDataDir({
      projects: [project("P1", { required_yuan: "3000.00", approved_on: "2020-03-01" })],
      villages: [
        { village_code: "440103001001", village_name: "甲村", farmland_per_capita_mu: "1", adult_share: "1" },
      ],
      project_villages: [{ project_id: "P1", village_code: "440103001001", farmland_mu: "10" }],
      fund_flows: [
        {
          flow_id: "F1",
          project_id: "P1",
          flow: "deposit",
          account: "special",
          amount_yuan: "3000.00",
          flow_on: "2020-02-01",
        },
      ],
      distributions: [
        credit(adult, 1, "2020-03-10"),
        credit(adult, 2, "2020-03-11"),
        credit(child, 3, "2020-03-12"),
      ],
    });
    const root = await mkdtemp(join(tmpdir(), "xianbao-sitedata-"));
    await buildSiteData(dir, join(root, "site"), { secret: "s", today: "2026-11-23" });
    const texts = await textsOf(join(root, "site"));
    const findings = JSON.parse(texts.get(join(root, "site", "finding", "all.json.gz"))!);
    const records = (findings.rows.record as (string | null)[]).filter(Boolean);
    expect(records.length).toBeGreaterThanOrEqual(2); // the scan below has ids to look at
    // The ID-shaped run is masked whole, a "-0n" glued to its digits with it (docs/privacy.md): first 6
    // and last 4 characters of the run, the two credits still apart.
    for (const r of records) expect(r).toMatch(/^R-\d{6}\*{8}[\dX]{3}[\dX](-0\d)?$/);
    expect(new Set(records).size).toBe(records.length);
    const personal = await personalData(dir);
    expect(personal.ids).toContain(adult);
    expect(leaks(texts, personal)).toEqual([]);
    for (const [file, text] of texts) {
      expect(text.includes(adult), file).toBe(false);
      expect(text.includes(child), file).toBe(false);
    }
  });
});
