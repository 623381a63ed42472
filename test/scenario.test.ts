// The scenario panel's arithmetic (common/scenario.js): hand-worked values from seed 001, exactness
// against BigInt, and the round trip with the metrics SQL: under the policy in force it must give every
// project's old and new money in methods.json to the fen and the same F12 count.
import { describe, expect, test } from "vitest";
import * as aq from "arquero";
import fc from "fast-check";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  defaultSettings,
  divRound,
  landParts,
  newMethodFen,
  newMethodPartsFen,
  oldMethodFen,
  prepareScenario,
  runScenario,
  splitPico,
  tierOf,
} from "@xianbao/common/scenario.js";
import { buildSiteData } from "../loaders/site/build.ts";
import { project, writeDataDir, type Row } from "./fixtures.ts";

const TIERS = [
  { max_price: 50000, ratio: 0.2 },
  { max_price: 100000, ratio: 0.18 },
  { max_price: 150000, ratio: 0.15 },
  { max_price: 200000, ratio: 0.12 },
  { max_price: null, ratio: 0.1 },
];
const perMu = (price: number) => newMethodFen(1, price, TIERS[tierOf(price, TIERS)].ratio);

describe("newMethodFen(areaMu, zonePrice, ratio)", () => {
  test("1 mu at 42,500 yuan/mu with 20% is 8,500 yuan; 319,000 with 10% is 31,900", () => {
    expect(newMethodFen(1, 42500, 0.2)).toBe(850000);
    expect(perMu(42500)).toBe(850000);
    expect(perMu(319000)).toBe(3190000);
  });

  test("the tier cliff: 50,000 yuan/mu is still 20% (10,000), 50,001 falls to 18% (9,000.18)", () => {
    expect(tierOf(50000, TIERS)).toBe(0);
    expect(tierOf(50000.01, TIERS)).toBe(1);
    expect(perMu(50000)).toBe(1000000);
    expect(perMu(50001)).toBe(900018);
    expect(perMu(100000)).toBe(1800000);
    expect(perMu(100001)).toBe(1500015);
    expect(perMu(150001)).toBe(1800012);
    expect(perMu(200001)).toBe(2000010);
  });

  test("rounds half up to the fen: 0.0001 mu x 5.00 yuan/mu x 10% = 0.00005 yuan -> 0 fen; x 1,000 -> 1 fen", () => {
    expect(newMethodFen(0.0001, 5, 0.1)).toBe(0);
    expect(newMethodFen(0.0001, 500, 0.1)).toBe(1); // 0.005 yuan = 0.5 fen, half up
    expect(newMethodFen(0.0001, 499.99, 0.1)).toBe(0);
  });

  test("equals exact BigInt arithmetic for any area, price and ratio", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200_000_000 }), // area x 10^4: up to 20,000 mu
        fc.integer({ min: 1, max: 100_000_000 }), // price x 100: up to 1,000,000 yuan/mu
        fc.integer({ min: 0, max: 1_000_000 }), // ratio x 10^6
        (area, price, ratio) => {
          const n = BigInt(area) * BigInt(price) * BigInt(ratio);
          const expected = Number((2n * n + 10n ** 10n) / (2n * 10n ** 10n));
          const [high, low] = landParts(area / 1e4, price / 100);
          return newMethodPartsFen(high, low, ratio) === expected;
        },
      ),
      { numRuns: 5000, seed: 1 },
    );
  });
});

describe("oldMethodFen(whole, micro, pico, perPersonFen)", () => {
  test("Shenmao railway: 21 virtual people x 9,000 = 189,000 yuan", () => {
    expect(oldMethodFen(...splitPico("21000000000000"), 900000)).toBe(18900000);
  });

  test("33.672931450250 people x 16,200 = 545,501.4895 yuan -> 545,501.49", () => {
    expect(splitPico("33672931450250")).toEqual([33, 672931, 450250]);
    expect(oldMethodFen(...splitPico("33672931450250"), 1620000)).toBe(54550149);
  });

  test("equals exact BigInt arithmetic for any headcount and amount", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 17n }), // up to 100,000 people in 10^-12
        fc.integer({ min: 0, max: 100_000_000 }), // up to 1,000,000 yuan a person
        (pico, amount) => {
          const expected = Number((2n * pico * BigInt(amount) + 10n ** 12n) / (2n * 10n ** 12n));
          return oldMethodFen(...splitPico(String(pico)), amount) === expected;
        },
      ),
      { numRuns: 5000, seed: 2 },
    );
  });

  test("divRound(a, d) rounds half up", () => {
    expect([divRound(14, 10), divRound(15, 10), divRound(0, 7), divRound(7, 7)]).toEqual([1, 2, 0, 1]);
  });
});

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Projects around every tier bound, with odd areas, several villages each and fractional headcounts, in
 * Guangzhou (its own per-person amount), a Guangzhou county with its own tiers, and two other counties.
 */
async function fixtureMethods(): Promise<any> {
  const rnd = random(20220617);
  const prices = [
    "28900",
    "42500",
    "49999.99",
    "50000",
    "50000.01",
    "50001",
    "99999",
    "100000",
    "100000.50",
    "150000",
    "150001",
    "199999.99",
    "200000",
    "200001",
    "319000",
  ];
  const counties = ["440103", "440104", "441702", "441721"];
  const projects: Row[] = [];
  const villages: Row[] = [];
  const links: Row[] = [];
  for (let i = 0; i < 90; i++) {
    const county = counties[i % counties.length];
    const id = `P${String(i).padStart(3, "0")}`;
    const area = (1 + Math.floor(rnd() * 3_000_000)) / 1e4;
    projects.push(
      project(id, {
        county_code: county,
        area_mu: area.toFixed(4),
        farmland_mu: area.toFixed(4),
        zone_price: prices[i % prices.length],
      }),
    );
    const n = 1 + Math.floor(rnd() * 3);
    for (let v = 0; v < n; v++) {
      const code = `${county}${String(100000 + i * 3 + v)}`;
      villages.push({
        village_code: code,
        village_name: `村${code.slice(-4)}`,
        farmland_per_capita_mu: ((1 + Math.floor(rnd() * 30000)) / 1e4).toFixed(4),
        adult_share: ((1 + Math.floor(rnd() * 999999)) / 1e6).toFixed(6),
      });
      links.push({ project_id: id, village_code: code, farmland_mu: ((area / n) * rnd()).toFixed(4) });
    }
  }
  const dir = await writeDataDir(
    { projects, villages, project_villages: links },
    {
      policy: {
        overrides: {
          "4401": { per_person_yuan: 16200 },
          "440104": {
            land_ratio_tiers: [
              { max_price: 80000, ratio: 0.25 },
              { max_price: null, ratio: 0.13 },
            ],
          },
        },
      },
    },
  );
  const out = join(await mkdtemp(join(tmpdir(), "xianbao-scenario-")), "site");
  await buildSiteData(dir, out, { secret: "test", today: "2026-11-23" });
  return JSON.parse(await readFile(join(out, "methods.json"), "utf8"));
}

describe("runScenario(prepareScenario(aq, methods), settings)", () => {
  let methods: any;
  const load = async () => (methods ??= await fixtureMethods());

  test("methods.json names the scopes that set their own amount or ratios", async () => {
    const m = await load();
    expect(m.overrides).toEqual([
      { scope: "4401", per_person_fen: 1620000, tiers: null },
      {
        scope: "440104",
        per_person_fen: 1620000,
        tiers: [
          { max_price: 80000, ratio: 0.25 },
          { max_price: null, ratio: 0.13 },
        ],
      },
    ]);
  });

  test("with the policy in force it reproduces every project's old and new money and the F12 count", async () => {
    const m = await load();
    const prepared = prepareScenario(aq, m);
    const result = runScenario(prepared, defaultSettings(prepared));
    const { new_fen, old_fen } = result.perProject();
    expect(Array.from(new_fen)).toEqual(m.projects.new_method_fen);
    expect(Array.from(old_fen)).toEqual(m.projects.old_method_fen);
    expect(result.new_fen).toBe(m.province.new_method_fen);
    expect(result.old_fen).toBe(m.province.old_method_fen);
    expect(result.below).toBe(m.province.F12);
    expect(result.below).toBeGreaterThan(0);
    const f12 = Object.fromEntries(m.counties.code.map((c: string, i: number) => [c, m.counties.F12[i]]));
    expect(Object.fromEntries(result.counties.map((c) => [c.county, c.below]))).toEqual(f12);
  });

  test("moving one ratio changes only that tier's projects; dropping overrides applies the settings everywhere", async () => {
    const m = await load();
    const prepared = prepareScenario(aq, m);
    const base = defaultSettings(prepared);
    const before = runScenario(prepared, base).perProject();
    const after = runScenario(prepared, { ...base, ratios: [0.25, 0.18, 0.15, 0.12, 0.1] }).perProject();
    const p = m.projects;
    for (let i = 0; i < p.project_id.length; i++) {
      const own = p.scope[i] === "440104";
      const moved = !own && tierOf(p.zone_price[i], TIERS) === 0;
      expect(after.new_fen[i], p.project_id[i]).toBe(
        moved ? newMethodFen(p.area_mu[i], p.zone_price[i], 0.25) : before.new_fen[i],
      );
    }
    const everywhere = runScenario(prepared, {
      ...base,
      perPersonYuan: 9000,
      keepOverrides: false,
    }).perProject();
    for (let i = 0; i < p.project_id.length; i++) {
      expect(everywhere.new_fen[i]).toBe(
        newMethodFen(p.area_mu[i], p.zone_price[i], TIERS[tierOf(p.zone_price[i], TIERS)].ratio),
      );
      expect(everywhere.old_fen[i]).toBe(oldMethodFen(...splitPico(p.virtual_pico[i]), 900000));
    }
  });

  test("the monthly pension from the new money: total / people credited / annuity divisor", () => {
    const data = {
      defaults: { per_person_fen: 900000, tiers: TIERS, annuity_divisor: 139, base_pension_fen: 19000 },
      overrides: [],
      projects: {
        project_id: ["SM"],
        county_code: ["441721"],
        area_mu: [21],
        zone_price: [42500],
        virtual_pico: ["21000000000000"],
        actual_people: [198],
        old_method_fen: [18900000],
        new_method_fen: [17850000],
        scope: ["*"],
      },
    };
    const prepared = prepareScenario(aq, data);
    const r = runScenario(prepared, defaultSettings(prepared));
    expect(r.new_fen).toBe(17850000); // 21 mu x 42,500 x 20% = 178,500 yuan
    expect(r.old_fen).toBe(18900000); // 21 x 9,000 = 189,000 yuan
    expect(r.below).toBe(1);
    expect(r.monthly_new_fen).toBe(649); // 178,500 / 198 / 139 = 6.4858 yuan
    expect(r.monthly_old_fen).toBe(687); // 189,000 / 198 / 139 = 6.8673 yuan
    const raised = runScenario(prepared, { ratios: [0.22, 0.18, 0.15, 0.12, 0.1], perPersonYuan: 9000 });
    expect(raised.new_fen).toBe(19635000); // 21 x 42,500 x 22% = 196,350 > 189,000
    expect(raised.below).toBe(0);
  });
});
