// The project pages' data: common/shard.js chooses a project's shard from its id alone (the page computes
// the same number), and loaders/site/pages/projects.ts writes every project into that shard with its
// ledger over time, flows, villages, credits (masked) and findings, each list a named site query.
import { describe, expect, test } from "vitest";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { fnv1a, shardFile, shardOf } from "@xianbao/common/shard.js";
import { buildSiteData } from "../loaders/site/build.ts";
import { personId, project, writeDataDir } from "./fixtures.ts";

describe("common/shard.js", () => {
  test("fnv1a(text) over UTF-8 bytes: the published FNV-1a 32-bit vectors", () => {
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
    expect(fnv1a("foobar")).toBe(0xbf9cf968);
    // a character outside ASCII counts by its UTF-8 bytes (〔 is e3 80 94)
    expect(fnv1a("〔")).toBe(
      [0xe3, 0x80, 0x94].reduce((h, b) => Math.imul(h ^ b, 0x01000193) >>> 0, 0x811c9dc5),
    );
  });

  test("shardOf(id, shards) and shardFile(shard, shards)", () => {
    expect(shardOf("anything", 1)).toBe(0);
    expect(shardOf("foobar", 7)).toBe(0xbf9cf968 % 7);
    expect(shardFile(0, 1)).toBe("0.json.gz");
    expect(shardFile(7, 400)).toBe("007.json.gz");
    expect(shardFile(399, 400)).toBe("399.json.gz");
    // 40,000 province-like ids spread over 200 shards: none holds twice its share
    const counts = new Array(200).fill(0);
    for (let i = 0; i < 40_000; i++)
      counts[shardOf(`44${String(1000 + (i % 124)).padStart(4, "0")}20${i}`, 200)]++;
    expect(Math.max(...counts)).toBeLessThan(400);
    expect(Math.min(...counts)).toBeGreaterThan(100);
  });
});

describe("writeProjects(ctx): project-index.json and project/<n>.json.gz", async () => {
  const adult = personId("440103", "19700101", 7);
  const other = personId("440103", "19800101", 8);
  const odd = "粤府土〔2020〕123号/2";
  // P1's F01 reported rectified and settled by T (3,000 received): 已核实; its F11 reported rectified while
  // still 2 people on a quota of 1: 整改不实.
  const ledger = [
    { finding_key: "F01:P1", status: "rectified", reported_on: "2021-01-10", note: "已补足" },
    { finding_key: "F11:P1:440103001001", status: "已整改", reported_on: "2021-02-01", note: "" },
  ];
  const dir = await writeDataDir(
    {
      projects: [
        project("P1", { required_yuan: "3000.00", approved_on: "2020-03-01", supplied_on: "2020-06-01" }),
        project(odd, { required_yuan: "500.00", approved_on: "2021-01-05" }),
      ],
      villages: [
        {
          village_code: "440103001001",
          village_name: "甲村",
          farmland_per_capita_mu: "2",
          adult_share: "0.5",
        },
        { village_code: "440103001002", village_name: "乙村", farmland_per_capita_mu: "1", adult_share: "1" },
      ],
      project_villages: [
        { project_id: "P1", village_code: "440103001001", farmland_mu: "10", quota: "1" },
        { project_id: "P1", village_code: "440103001002", farmland_mu: "3" },
      ],
      fund_flows: [
        {
          flow_id: "F1",
          project_id: "P1",
          flow: "deposit",
          account: "pre_deposit",
          amount_yuan: "2000.00",
          flow_on: "2020-02-01",
        },
        {
          flow_id: "F2",
          project_id: "P1",
          flow: "transfer",
          account: "special",
          amount_yuan: "2000.00",
          flow_on: "2020-04-01",
        },
        {
          flow_id: "F3",
          project_id: "P1",
          flow: "deposit",
          account: "special",
          amount_yuan: "1500.00",
          flow_on: "2020-05-01",
        },
        {
          flow_id: "F4",
          project_id: "P1",
          flow: "refund",
          account: "special",
          amount_yuan: "500.00",
          flow_on: "2020-07-01",
        },
      ],
      distributions: [
        {
          record_id: "R1",
          project_id: "P1",
          village_code: "440103001001",
          person_id: adult,
          amount_yuan: "1000.00",
          credited_on: "2020-05-10",
          account: "individual",
        },
        {
          record_id: "R2",
          project_id: "P1",
          village_code: "440103001001",
          person_id: other,
          amount_yuan: "700.00",
          credited_on: "2020-05-10",
          account: "individual",
        },
      ],
    },
    { rectifications: ledger },
  );
  const out = join(await mkdtemp(join(tmpdir(), "xianbao-projects-")), "site");
  await buildSiteData(dir, out, { secret: "s", today: "2026-11-23", asOf: "2026-09-30" });
  const index = JSON.parse(await readFile(join(out, "project-index.json"), "utf8"));
  const shard = async (id: string) =>
    JSON.parse(
      gunzipSync(
        await readFile(join(out, "project", shardFile(shardOf(id, index.shards), index.shards))),
      ).toString("utf8"),
    );

  test("every shard is written, each project in the shard its id names, no id in a file name", async () => {
    expect(index).toMatchObject({ as_of: "2026-09-30", shards: 1, projects: 2, folder: "_project" });
    expect(index.version).toMatch(/^[0-9a-f]{12}$/);
    const files = await readdir(join(out, "project"));
    expect(files).toEqual(["0.json.gz"]);
    expect(Object.keys((await shard("P1")).projects).sort()).toEqual(["P1", odd].sort());
    expect((await shard(odd)).projects[odd].head.project_id).toBe(odd);
  });

  test("the ledger: the approval day, each day money moved or was credited, T; its last row is the project's figures", async () => {
    const p = (await shard("P1")).projects.P1;
    expect(p.ledger.day).toEqual([
      "2020-02-01",
      "2020-03-01",
      "2020-04-01",
      "2020-05-01",
      "2020-05-10",
      "2020-07-01",
      "2026-09-30",
    ]);
    expect(p.ledger.received_fen).toEqual([200000, 200000, 200000, 350000, 350000, 300000, 300000]);
    expect(p.ledger.in_special_fen).toEqual([0, 0, 200000, 350000, 350000, 300000, 300000]);
    expect(p.ledger.distributed_fen).toEqual([0, 0, 0, 0, 170000, 170000, 170000]);
    expect(p.ledger.shortfall_fen).toEqual([100000, 100000, 100000, 0, 0, 0, 0]);
    expect(p.ledger.unallocated_fen).toEqual([200000, 200000, 200000, 350000, 180000, 130000, 130000]);
    const last = (k: string) => (p.ledger[k] as number[]).at(-1);
    for (const k of ["received_fen", "in_special_fen", "distributed_fen", "shortfall_fen", "unallocated_fen"])
      expect(last(k), k).toBe(p.head[k]);
    expect(p.head).toMatchObject({
      required_fen: 300000,
      received_at_approval_fen: 200000,
      received_at_supply_fen: 350000,
      transfer_deadline_on: "2020-04-30",
      in_special_at_deadline_fen: 200000,
      funded_on: "2020-05-01",
      county_name: "荔湾区",
    });
  });

  test("flows, villages with their virtual headcount and quota, credits masked, findings", async () => {
    const p = (await shard("P1")).projects.P1;
    expect(p.flows.flow_id).toEqual(["F1", "F2", "F3", "F4"]);
    expect(p.flows.received_delta_fen).toEqual([200000, 0, 150000, -50000]);
    expect(p.flows.special_delta_fen).toEqual([0, 200000, 150000, -50000]);
    // 10 mu / 2 per person x 0.5 = 2.5 people; 3 / 1 x 1 = 3: the project's 5.5
    expect(p.villages.virtual_people).toEqual([2.5, 3]);
    expect(p.head.virtual_people).toBe(5.5);
    expect(p.villages.actual_people).toEqual([2, 0]);
    expect(p.villages.quota).toEqual([1, null]);
    expect(p.credits.person).toEqual([
      `${adult.slice(0, 6)}********${adult.slice(-4)}`,
      `${other.slice(0, 6)}********${other.slice(-4)}`,
    ]);
    const text = JSON.stringify(p);
    expect(text.includes(adult) || text.includes(other)).toBe(false);
    // F01 (approved with 2,000 of 3,000), F03 (2,000 in special on the deadline), F07 (funded, 2 people
    // credited of 5.5 virtual: under 0.8), F11 (2 people, quota 1)
    expect([...new Set(p.findings.code)].sort()).toEqual(["F01", "F03", "F07", "F11"]);
  });

  test("each finding open or resolved at T, the rectification counted at T and its verdict; none: no lists", async () => {
    const f = (await shard("P1")).projects.P1.findings;
    const at = (code: string) => f.code.indexOf(code);
    // F01 and F03 settled by T (3,000 received, 3,000 in the special account), F07 and F11 still there
    expect(f.code.map((c: string, i: number) => [c, f.open[i]])).toEqual([
      ["F01", false],
      ["F03", false],
      ["F07", true],
      ["F11", true],
    ]);
    expect([f.rectification[at("F01")], f.reported_on[at("F01")], f.note[at("F01")]]).toEqual([
      "rectified",
      "2021-01-10",
      "已补足",
    ]);
    expect(f.verdict[at("F01")]).toBe("confirmed");
    expect(f.verdict[at("F11")]).toBe("not_confirmed");
    expect([f.rectification[at("F03")], f.verdict[at("F07")]]).toEqual([null, null]);
    const other = (await shard(odd)).projects[odd].findings;
    expect(other.code.length).toBeGreaterThan(0);
    expect([other.rectification, other.reported_on, other.note, other.verdict]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});
