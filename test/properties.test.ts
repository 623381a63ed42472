// Properties of the whole pipeline (ingest + metrics) on random valid data sets, with fast-check:
// the figures do not depend on the order of rows or on how a table is split into files and formats; the
// ageing buckets add up to the unallocated balance; every roll-up level adds up to the fen; the project
// figures match a plain recomputation from the generated rows. Run counts are kept small (each data set
// costs an ingest and a metrics run, about 0.5 s): they are in the test titles. The seed is fixed for
// reproducible runs; XIANBAO_FC_SEED=<n> explores others.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import fc from "fast-check";
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TABLES, type TableName } from "../loaders/contract.ts";
import { ingestInto } from "../loaders/ingest.ts";
import { computeMetrics, writeMetricsOutputs } from "../loaders/metrics.ts";
import { encodeGbk } from "../tools/sample/gbk.ts";
import { writeSample } from "../tools/sample/index.ts";
import { Random } from "../tools/sample/random.ts";
import { withWarehouse } from "../loaders/warehouse.ts";
import JSZip from "jszip";
import { writeXlsx } from "@xianbao/common/xlsx.js";
import { comparisonOf, csvCell, metricsOf, personId, tableCsv, type Row } from "./fixtures.ts";

const TODAY = "2026-11-23";
const SEED = Number(process.env.XIANBAO_FC_SEED ?? 20221222);
// endOnFailure: shrinking would re-run ingest and metrics hundreds of times; the counterexample is printed whole.
const options = (numRuns: number) => ({ numRuns, seed: SEED, endOnFailure: true });

/** Two cities, six counties (Guangzhou 4401, Yangjiang 4417). */
const COUNTIES = ["440103", "440118", "441702", "441704", "441721", "441781"] as const;
const VILLAGES_PER_COUNTY = 3;
const DAY0 = Date.UTC(2016, 0, 1);
const TODAY_DAY = (Date.parse(`${TODAY}T00:00:00Z`) - DAY0) / 86_400_000;
const NAMES = "甲乙丙丁戊己庚辛壬癸";

const iso = (day: number) =>
  new Date(DAY0 + Math.min(day, TODAY_DAY) * 86_400_000).toISOString().slice(0, 10);
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
const fenOf = (text: string) => {
  const [whole, frac = ""] = text.split(".");
  return BigInt(whole) * 100n + BigInt((frac + "00").slice(0, 2)) * (whole.startsWith("-") ? -1n : 1n);
};
const scaled = (units: number, places: number) => (units / 10 ** places).toFixed(places);

const villageArb = fc.record({
  perCapita: fc.integer({ min: 1, max: 40_000 }),
  adultPct: fc.integer({ min: 1, max: 100 }),
});

const projectArb = fc.record({
  county: fc.integer({ min: 0, max: COUNTIES.length - 1 }),
  approved: fc.integer({ min: 0, max: TODAY_DAY - 30 }),
  applied: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }),
  supplied: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
  areaCenti: fc.integer({ min: 1, max: 100_000 }),
  farmlandPct: fc.integer({ min: 0, max: 100 }),
  zonePrice: fc.oneof(
    fc.constantFrom(50_000, 100_000, 100_001, 150_000, 200_000),
    fc.integer({ min: 10_000, max: 300_000 }),
  ),
  method: fc.constantFrom("per_person", "per_land"),
  requiredFen: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 400_000_000 })),
  villages: fc.uniqueArray(fc.integer({ min: 0, max: VILLAGES_PER_COUNTY - 1 }), {
    minLength: 1,
    maxLength: 3,
  }),
  pvs: fc.array(
    fc.record({
      farmlandCenti: fc.integer({ min: 0, max: 20_000 }),
      paid: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
      quota: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
    }),
    { minLength: 3, maxLength: 3 },
  ),
  flows: fc.array(
    fc.record({
      kind: fc.constantFrom("deposit", "deposit", "transfer", "refund"),
      special: fc.boolean(),
      offset: fc.integer({ min: -400, max: 1500 }),
      fen: fc.integer({ min: 1, max: 300_000_000 }),
    }),
    { maxLength: 6 },
  ),
  people: fc.array(fc.integer({ min: 0, max: 365 * 75 }), { minLength: 1, maxLength: 4 }),
  credits: fc.array(
    fc.record({
      village: fc.nat(),
      person: fc.nat(),
      offset: fc.integer({ min: 0, max: 1500 }),
      fen: fc.integer({ min: 1, max: 3_000_000 }),
      preDeposit: fc.boolean(),
    }),
    { maxLength: 6 },
  ),
});

/** A random valid data set: the five tables as rows of text, as a user would export them. */
const dataSetArb = fc
  .record({
    villages: fc.array(villageArb, {
      minLength: COUNTIES.length * VILLAGES_PER_COUNTY,
      maxLength: COUNTIES.length * VILLAGES_PER_COUNTY,
    }),
    projects: fc.array(projectArb, { minLength: 1, maxLength: 6 }),
  })
  .map(({ villages, projects }) => buildDataSet(villages, projects));

type DataSet = Record<TableName, Row[]>;
type Generated<A> = A extends fc.Arbitrary<infer T> ? T : never;

function buildDataSet(
  villages: Generated<typeof villageArb>[],
  projects: Generated<typeof projectArb>[],
): DataSet {
  const villageCode = (county: number, i: number) => `${COUNTIES[county]}00100${i + 1}`;
  const out: DataSet = {
    projects: [],
    villages: [],
    project_villages: [],
    fund_flows: [],
    distributions: [],
  };
  villages.forEach((v, i) => {
    const county = Math.floor(i / VILLAGES_PER_COUNTY);
    out.villages.push({
      village_code: villageCode(county, i % VILLAGES_PER_COUNTY),
      village_name: `${NAMES[i % NAMES.length]}${NAMES[county]}村`,
      farmland_per_capita_mu: scaled(v.perCapita, 4),
      adult_share: scaled(v.adultPct, 2),
    });
  });
  projects.forEach((p, n) => {
    const id = `P${String(n + 1).padStart(2, "0")}`;
    const area = p.areaCenti;
    out.projects.push({
      project_id: id,
      project_name: `测试批次${id}`,
      county_code: COUNTIES[p.county],
      applied_on: p.applied === null ? "" : iso(Math.max(0, p.approved - p.applied)),
      approved_on: iso(p.approved),
      supplied_on: p.supplied === null ? "" : iso(p.approved + p.supplied),
      area_mu: scaled(area, 2),
      farmland_mu: scaled(Math.floor((area * p.farmlandPct) / 100), 2),
      zone_price: String(p.zonePrice),
      method: p.method,
      required_yuan: yuan(p.requiredFen),
    });
    const codes = p.villages.map((i) => villageCode(p.county, i));
    codes.forEach((code, i) => {
      const pv = p.pvs[i];
      out.project_villages.push({
        project_id: id,
        village_code: code,
        farmland_mu: scaled(pv.farmlandCenti, 2),
        compensation_paid_on: pv.paid === null ? "" : iso(p.approved + pv.paid),
        quota: pv.quota === null ? "" : String(pv.quota),
      });
    });
    p.flows.forEach((f, k) =>
      out.fund_flows.push({
        flow_id: `F${id}-${k}`,
        project_id: id,
        flow: f.kind,
        account: f.kind === "transfer" || f.special ? "special" : "pre_deposit",
        flow_on: iso(Math.max(0, p.approved + f.offset)),
        amount_yuan: yuan(f.fen),
      }),
    );
    const birth = (days: number) =>
      new Date(Date.UTC(1940, 0, 1) + days * 86_400_000).toISOString().slice(0, 10).replace(/-/g, "");
    p.credits.forEach((c, k) => {
      const person = c.person % p.people.length;
      out.distributions.push({
        record_id: `R${id}-${k}`,
        project_id: id,
        village_code: codes[c.village % codes.length],
        person_id: personId(COUNTIES[p.county], birth(p.people[person]), n * 10 + person),
        amount_yuan: yuan(c.fen),
        credited_on: iso(p.approved + c.offset),
        account: c.preDeposit ? "pre_deposit" : "individual",
      });
    });
  });
  return out;
}

// Every directory of this file lives under one root, removed at the end.
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "xianbao-prop-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));
const scratch = () => mkdtemp(join(root, "d-"));

/** Writes a data set: one UTF-8 CSV per table. */
async function writeCanonical(data: DataSet): Promise<string> {
  const dir = await scratch();
  for (const t of NAMES_OF) await writeFile(join(dir, `${t}.csv`), tableCsv(t, data[t]));
  return dir;
}

const NAMES_OF = TABLES.map((t) => t.name as TableName);
const LABELS = Object.fromEntries(TABLES.map((t) => [t.name, t.fields.map((f) => f.label)])) as Record<
  TableName,
  string[]
>;
const FIELDS = Object.fromEntries(TABLES.map((t) => [t.name, t.fields.map((f) => f.name)])) as Record<
  TableName,
  string[]
>;

/**
 * Writes the same data set shuffled: every table's rows in another order, split into 1-3 files of a folder
 * `<table>/`, each file a UTF-8 CSV, a GBK CSV with Chinese headers and CRLF, or an XLSX of text cells.
 */
async function writeShuffled(data: DataSet, seed: number, split: boolean): Promise<string> {
  const dir = await scratch();
  for (const t of NAMES_OF) {
    const random = new Random(seed, t);
    const rows = random.shuffled(data[t]);
    if (!split) {
      await writeFile(join(dir, `${t}.csv`), tableCsv(t, rows));
      continue;
    }
    await mkdir(join(dir, t));
    const parts = random.int(1, 3);
    const cuts = [
      0,
      ...Array.from({ length: parts - 1 }, () => random.int(0, rows.length)).sort((a, b) => a - b),
      rows.length,
    ];
    for (let i = 0; i < parts; i++) {
      const part = rows.slice(cuts[i], cuts[i + 1]);
      const format = random.pick(["csv", "gbk", "xlsx"] as const);
      const base = join(dir, t, `part-${i}`);
      if (format === "csv") await writeFile(`${base}.csv`, tableCsv(t, part));
      else if (format === "gbk") {
        const lines = [
          LABELS[t].join(","),
          ...part.map((r) => FIELDS[t].map((f) => csvCell(r[f])).join(",")),
        ];
        await writeFile(`${base}.csv`, encodeGbk(lines.join("\r\n") + "\r\n"));
      } else
        await writeFile(
          `${base}.xlsx`,
          await writeXlsx(JSZip, [FIELDS[t], ...part.map((r) => FIELDS[t].map((f) => String(r[f] ?? "")))]),
        );
    }
  }
  return dir;
}

interface Outputs {
  rejects: number;
  files: Record<string, string>;
  findings: string[];
}

/** Ingests, computes and writes the metrics command's outputs; returns their text. */
async function outputsOf(dir: string, asOf?: string): Promise<Outputs> {
  const out = await scratch();
  try {
    return await withWarehouse(":memory:", async (db) => {
      await ingestInto(db, dir, { today: TODAY });
      const rejects = Number(await db.value(`SELECT count(*)::DOUBLE FROM rejects`));
      await computeMetrics(db, asOf);
      await writeMetricsOutputs(db, out);
      const files: Record<string, string> = {};
      for (const name of ["projects.csv", "counties.csv", "findings.csv", "monthly.csv"])
        files[name] = await readFile(join(out, name), "utf8");
      const findings = (await db.rows(`SELECT * FROM m_findings`)).map((r) => JSON.stringify(r)).sort();
      return { rejects, files, findings };
    });
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

const asOfArb = fc.option(fc.integer({ min: 0, max: TODAY_DAY }).map(iso), { nil: undefined });

describe("metrics on random valid data sets (fast-check)", () => {
  test("the same outputs byte for byte whatever the row order and the split of each table into files and formats (12 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(dataSetArb, fc.integer(), asOfArb, async (data, seed, asOf) => {
        const canonical = await outputsOf(await writeCanonical(data), asOf);
        expect(canonical.rejects).toBe(0);
        const shuffled = await outputsOf(await writeShuffled(data, seed, true), asOf);
        expect(shuffled.rejects).toBe(0);
        expect(shuffled.files).toEqual(canonical.files);
      }),
      options(12),
    );
  });

  test("the same set of findings whatever the row order (10 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(dataSetArb, fc.integer(), async (data, seed) => {
        const one = await outputsOf(await writeCanonical(data));
        const other = await outputsOf(await writeShuffled(data, seed, false));
        expect(other.findings).toEqual(one.findings);
      }),
      options(10),
    );
  });

  test("the five ageing buckets of each project sum to its unallocated balance; the ledger matches a recomputation (25 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(dataSetArb, asOfArb, async (data, asOf) => {
        const m = await metricsOf(await writeCanonical(data), asOf, TODAY);
        const expected = recompute(data, m.asOf);
        expect(Object.keys(m.projects).sort()).toEqual([...expected.keys()].sort());
        for (const [id, p] of Object.entries(m.projects)) {
          const buckets = [
            "unallocated_0_180",
            "unallocated_181_365",
            "unallocated_366_730",
            "unallocated_731_1095",
            "unallocated_over_1095",
          ]
            .map((k) => fenOf(p[k] as string))
            .reduce((a, b) => a + b, 0n);
          expect(buckets, `${id} buckets`).toBe(fenOf(p.unallocated_yuan as string));
          const e = expected.get(id)!;
          expect(
            [
              "received_yuan",
              "distributed_yuan",
              "shortfall_yuan",
              "unallocated_yuan",
              "over_allocated_yuan",
            ].map((k) => fenOf(p[k] as string)),
            id,
          ).toEqual([e.received, e.distributed, e.shortfall, e.unallocated, e.overAllocated]);
        }
      }),
      options(25),
    );
  });

  test("province = sum of cities = sum of counties = sum of projects, to the fen (25 runs)", async () => {
    const MONEY = [
      "required_yuan",
      "received_yuan",
      "distributed_yuan",
      "unallocated_yuan",
      "shortfall_yuan",
    ];
    await fc.assert(
      fc.asyncProperty(dataSetArb, asOfArb, async (data, asOf) => {
        const m = await metricsOf(await writeCanonical(data), asOf, TODAY);
        const projects = Object.values(m.projects);
        const level = (l: string) => m.rollups.filter((r) => r.level === l);
        const [all] = level("all");
        const sum = (rows: Record<string, unknown>[], k: string) =>
          rows.reduce((a, r) => a + fenOf(r[k] as string), 0n);
        for (const k of MONEY) {
          const total = fenOf(all[k] as string);
          expect(sum(level("city"), k), `cities ${k}`).toBe(total);
          expect(sum(level("county"), k), `counties ${k}`).toBe(total);
          expect(sum(projects, k), `projects ${k}`).toBe(total);
          for (const city of level("city"))
            expect(
              sum(
                level("county").filter((c) => c.city_code === city.code),
                k,
              ),
              `${city.code} ${k}`,
            ).toBe(fenOf(city[k] as string));
          for (const county of level("county"))
            expect(
              sum(
                projects.filter((p) => p.county_code === county.code),
                k,
              ),
              `${county.code} ${k}`,
            ).toBe(fenOf(county[k] as string));
        }
        expect(all.projects).toBe(projects.length);
      }),
      options(25),
    );
  });
});

interface Ledger {
  received: bigint;
  distributed: bigint;
  shortfall: bigint;
  unallocated: bigint;
  overAllocated: bigint;
}

/** docs/metrics.md#ledger's ledger of each project existing on `asOf`, from the generated rows in integer fen. */
function recompute(data: DataSet, asOf: string): Map<string, Ledger> {
  const out = new Map<string, Ledger>();
  const max = (a: bigint, b: bigint) => (a > b ? a : b);
  for (const p of data.projects) {
    if ((p.approved_on as string) > asOf) continue;
    const id = p.project_id as string;
    let received = 0n;
    for (const f of data.fund_flows)
      if (f.project_id === id && (f.flow_on as string) <= asOf) {
        if (f.flow === "deposit") received += fenOf(f.amount_yuan as string);
        if (f.flow === "refund") received -= fenOf(f.amount_yuan as string);
      }
    let distributed = 0n;
    for (const d of data.distributions)
      if (d.project_id === id && (d.credited_on as string) <= asOf)
        distributed += fenOf(d.amount_yuan as string);
    out.set(id, {
      received,
      distributed,
      shortfall: max(0n, fenOf(p.required_yuan as string) - received),
      unallocated: max(0n, received - distributed),
      overAllocated: max(0n, distributed - received),
    });
  }
  return out;
}

describe("comparePeriods(db, {asOf, compareTo}) on random valid data sets (fast-check)", () => {
  const periodArb = fc
    .tuple(fc.integer({ min: 0, max: TODAY_DAY - 1 }), fc.integer({ min: 1, max: 900 }))
    .map(([t0, span]) => ({ compareTo: iso(t0), asOf: iso(Math.min(TODAY_DAY, t0 + span)) }));

  test("open_now = open_then - resolved + new_open + reopened; counts match the key sets; every level adds up (15 runs)", async () => {
    const ADDITIVE = [
      "received_yuan_then",
      "received_yuan_now",
      "distributed_yuan_then",
      "distributed_yuan_now",
      "unallocated_yuan_then",
      "unallocated_yuan_now",
      "shortfall_yuan_then",
      "shortfall_yuan_now",
      "increment_open_yuan_then",
      "increment_open_yuan_now",
      "new_increment_projects",
      "findings_open_then",
      "findings_open_now",
      "findings_new",
      "findings_resolved",
      "findings_new_open",
      "findings_reopened",
    ];
    await fc.assert(
      fc.asyncProperty(dataSetArb, periodArb, async (data, period) => {
        const dir = await writeCanonical(data);
        const m = await comparisonOf(dir, period, TODAY);
        // By definition (docs/review.md#findings-then-now), per county, from the two passes' keys:
        // open_then = still open + resolved; open_now = still open + reopened + new and open.
        const byCounty = new Map<string, Record<string, number>>();
        const tally = (county: string, k: string) => {
          const c = byCounty.get(county) ?? {};
          c[k] = (c[k] ?? 0) + 1;
          byCounty.set(county, c);
        };
        const then = new Map(m.findingsThen.map((f) => [f.finding_key as string, f]));
        const now = new Map(m.findings.map((f) => [f.finding_key as string, f]));
        expect(then.size).toBe(m.findingsThen.length);
        expect(now.size).toBe(m.findings.length);
        for (const [k, f] of then) {
          const later = now.get(k);
          if (f.open) tally(f.county_code as string, "findings_open_then");
          if (f.open && !later?.open) tally(f.county_code as string, "findings_resolved");
          if (!f.open && later?.open) tally(f.county_code as string, "findings_reopened");
        }
        for (const [k, f] of now) {
          if (f.open) tally(f.county_code as string, "findings_open_now");
          if (!then.has(k)) tally(f.county_code as string, "findings_new");
          if (!then.has(k) && f.open) tally(f.county_code as string, "findings_new_open");
        }
        const level = (l: string) => m.changes.filter((c) => c.level === l);
        const n = (v: unknown) => (typeof v === "number" ? BigInt(v) : fenOf(v as string));
        for (const c of m.changes) {
          expect(c.findings_open_now, `${c.level} ${c.code}`).toBe(
            (c.findings_open_then as number) -
              (c.findings_resolved as number) +
              (c.findings_new_open as number) +
              (c.findings_reopened as number),
          );
        }
        for (const c of level("county"))
          for (const k of ["findings_open_then", "findings_open_now", "findings_new", "findings_resolved"])
            expect(c[k], `${c.code} ${k}`).toBe(byCounty.get(c.code as string)?.[k] ?? 0);
        const [all] = level("all");
        for (const k of ADDITIVE) {
          const sum = (rows: Record<string, unknown>[]) => rows.reduce((a, r) => a + n(r[k]), 0n);
          expect(sum(level("city")), `cities ${k}`).toBe(n(all[k]));
          expect(sum(level("county")), `counties ${k}`).toBe(n(all[k]));
        }
        // Stock: empty at every level when T0 is before the baseline; otherwise additive too.
        const before = period.compareTo < "2022-12-22";
        for (const c of m.changes) expect(c.stock_cleared_yuan === null, `${c.level} ${c.code}`).toBe(before);
        if (!before)
          for (const k of ["stock_remaining_yuan_then", "stock_cleared_yuan"])
            expect(
              level("county").reduce((a, r) => a + n(r[k]), 0n),
              k,
            ).toBe(n(all[k]));
        // The then figures are those of the plain pass at T0.
        for (const r of m.rollupsThen) {
          const c = m.changes.find((x) => x.level === r.level && x.code === r.code)!;
          expect(c.received_yuan_then).toBe(r.received_yuan);
          expect(c.stock_remaining_yuan_then).toBe(r.stock_remaining_yuan);
        }
      }),
      options(15),
    );
  });
});

describe("metrics on writeSample({scale: 'small', seed}) with random seeds", () => {
  /** Splits CSV text into its header and records (a quoted value may span lines). */
  function records(text: string): { header: string; rows: string[] } {
    const out: string[] = [];
    let start = 0;
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '"') quoted = !quoted;
      else if (text[i] === "\n" && !quoted) {
        out.push(text.slice(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length) out.push(text.slice(start) + "\n");
    return { header: out[0], rows: out.slice(1) };
  }

  /** Every table of a CSV sample shuffled and re-split into 1-4 files of a folder. */
  async function reshuffle(sample: string, seed: number): Promise<string> {
    const dir = await scratch();
    await writeFile(join(dir, "policy.json"), await readFile(join(sample, "policy.json")));
    await cp(join(sample, "rectifications"), join(dir, "rectifications"), { recursive: true });
    for (const t of NAMES_OF) {
      const sources = (await readdir(sample)).includes(`${t}.csv`)
        ? [join(sample, `${t}.csv`)]
        : (await readdir(join(sample, t))).sort().map((f) => join(sample, t, f));
      let header = "";
      const rows: string[] = [];
      for (const s of sources) {
        const r = records(await readFile(s, "utf8"));
        header = r.header;
        rows.push(...r.rows);
      }
      const random = new Random(seed, t);
      const shuffled = random.shuffled(rows);
      const parts = random.int(1, 4);
      await mkdir(join(dir, t));
      const size = Math.ceil(shuffled.length / parts);
      for (let i = 0; i < parts; i++)
        await writeFile(join(dir, t, `${i}.csv`), header + shuffled.slice(i * size, (i + 1) * size).join(""));
    }
    return dir;
  }

  test("the same outputs byte for byte after shuffling and re-splitting every table (3 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer(), async (sampleSeed, seed) => {
        const sample = await scratch();
        await writeSample({ scale: "small", out: sample, seed: sampleSeed, format: "csv" });
        const one = await outputsOf(sample);
        expect(one.rejects).toBe(0);
        const reshuffled = await reshuffle(sample, seed);
        const other = await outputsOf(reshuffled);
        expect(other.files).toEqual(one.files);
        expect(other.findings).toEqual(one.findings);
        for (const d of [sample, reshuffled]) await rm(d, { recursive: true, force: true });
      }),
      options(3),
    );
  });
});

describe("a refresh (ingest into the same warehouse file, unchanged files reused) equals a full load", () => {
  /** What a load leaves: every table in its stored order, the load report without its clock, and the outputs. */
  async function stateOf(dbFile: string, outputs: boolean): Promise<Record<string, unknown>> {
    const out = await scratch();
    try {
      return await withWarehouse(dbFile, async (db) => {
        const state: Record<string, unknown> = {};
        for (const t of ["sources", "counties", ...NAMES_OF, "rectifications", "unanswered", "rejects"])
          state[t] = await db.rows(`SELECT * FROM ${t}`);
        const report = JSON.parse(String(await db.value(`SELECT value FROM meta WHERE key = 'load_report'`)));
        delete report.loaded_at;
        delete report.seconds;
        state.report = report;
        if (!outputs) return state;
        await computeMetrics(db);
        await writeMetricsOutputs(db, out);
        for (const name of ["projects.csv", "counties.csv", "findings.csv", "monthly.csv", "rejects.csv"])
          state[name] = await readFile(join(out, name), "utf8");
        return state;
      });
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }

  const opArb = fc.record({
    kind: fc.constantFrom("add", "change", "remove", "same"),
    table: fc.constantFrom(...NAMES_OF),
    pick: fc.nat(),
    rows: fc.array(fc.nat(), { maxLength: 4 }),
    spoil: fc.option(fc.nat(), { nil: null }),
  });

  /** Applies one change a province makes to its folder: a file added, replaced or removed. */
  async function apply(dir: string, data: DataSet, op: Generated<typeof opArb>, n: number): Promise<void> {
    const folder = join(dir, op.table);
    const files = (await readdir(folder)).sort();
    const pool = data[op.table];
    // Rows copied from the data set (duplicates of other files' keys) and, perhaps, one spoilt value.
    const rows = op.rows.map((i) => ({ ...pool[i % pool.length] }));
    if (op.spoil !== null && rows.length) {
      const fields = FIELDS[op.table];
      rows[0][fields[op.spoil % fields.length]] = "坏值x";
    }
    const text = tableCsv(op.table, rows);
    if (op.kind === "add") await writeFile(join(folder, `added-${n}.csv`), text);
    else if (op.kind === "change") await writeFile(join(folder, files[op.pick % files.length]), text);
    else if (op.kind === "remove" && files.length > 1) await rm(join(folder, files[op.pick % files.length]));
  }

  test("after random sequences of added, changed and removed files: every table, the report and the outputs, byte for byte (4 runs)", async () => {
    const { ingest } = await import("../loaders/ingest.ts");
    const { RefreshCache, refreshDir } = await import("../loaders/refresh.ts");
    await fc.assert(
      fc.asyncProperty(
        dataSetArb,
        fc.integer(),
        fc.array(opArb, { minLength: 1, maxLength: 3 }),
        async (data, seed, ops) => {
          const dir = await writeShuffled(data, seed, true);
          const kept = join(await scratch(), "kept.duckdb");
          const first = new RefreshCache(kept);
          await ingest(dir, kept, { today: TODAY, refresh: first });
          expect(first.stats.reused).toBe(0);
          for (const [n, op] of ops.entries()) {
            await apply(dir, data, op, n);
            const refresh = new RefreshCache(kept);
            await ingest(dir, kept, { today: TODAY, refresh });
            const full = join(await scratch(), "full.duckdb");
            await ingest(dir, full, { today: TODAY });
            // The outputs follow from the tables; they are compared once, after the last step.
            const last = n === ops.length - 1;
            expect(await stateOf(kept, last)).toEqual(await stateOf(full, last));
            // Only the entries of the files now in the folder stay.
            expect((await readdir(refreshDir(kept))).length).toBe(refresh.stats.reused + refresh.stats.read);
            if (op.kind === "same") expect(refresh.stats.read).toBe(0);
          }
        },
      ),
      options(4),
    );
    // Each run loads its folder up to seven times (the first load, then a refresh and a full load per step).
  }, 600_000);
});
