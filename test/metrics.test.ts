// Every metric and finding of docs/metrics.md and docs/findings.md on tiny hand-written data sets; the expected values are
// worked out by hand in the comments, never by re-running the SQL.
import { beforeAll, describe, expect, test } from "vitest";
import { ingestInto } from "../loaders/ingest.ts";
import { computeMetrics } from "../loaders/metrics.ts";
import { withWarehouse } from "../loaders/warehouse.ts";
import { metricsOf, personId, project, writeDataDir, type Row } from "./fixtures.ts";

const V = (code: string, perCapita = "1", adult = "1") => ({
  village_code: code,
  village_name: `村${code.slice(-3)}`,
  farmland_per_capita_mu: perCapita,
  adult_share: adult,
});

let flowSeq = 0;
const flow = (
  project_id: string,
  flow: string,
  account: string,
  flow_on: string,
  amount_yuan: string,
): Row => ({
  flow_id: `F${++flowSeq}`,
  project_id,
  flow,
  account,
  flow_on,
  amount_yuan,
});

let recordSeq = 0;
const credit = (
  project_id: string,
  village_code: string,
  person_id: string,
  amount_yuan: string,
  credited_on: string,
  account = "individual",
): Row => ({
  record_id: `R${++recordSeq}`,
  project_id,
  village_code,
  person_id,
  amount_yuan,
  credited_on,
  account,
});

const adult = (i: number, county = "440103") => personId(county, "19700101", i);

describe("funding ledger", () => {
  // L1: required 100,000 approved 2020-03-01. Deposits 60,000 (01-10) and 50,000 (02-20) into the
  // pre-deposit account, a refund of 10,000 (04-01), a transfer of 100,000 into the special account (04-10),
  // a deposit of 5,000 straight into the special account (05-01). Three people get 1,000 each on 04-15.
  const tables = {
    projects: [project("L1", { required_yuan: "100000.00", area_mu: "10", farmland_mu: "10" })],
    villages: [V("440103001001")],
    project_villages: [{ project_id: "L1", village_code: "440103001001", farmland_mu: "3" }],
    fund_flows: [
      flow("L1", "deposit", "pre_deposit", "2020-01-10", "60000.00"),
      flow("L1", "deposit", "pre_deposit", "2020-02-20", "50000.00"),
      flow("L1", "refund", "pre_deposit", "2020-04-01", "10000.00"),
      flow("L1", "transfer", "special", "2020-04-10", "100000.00"),
      flow("L1", "deposit", "special", "2020-05-01", "5000.00"),
    ],
    distributions: [1, 2, 3].map((i) => credit("L1", "440103001001", adult(i), "1000.00", "2020-04-15")),
  };

  test("received, in_special, distributed, shortfall, unallocated and funded_on as of 2020-04-30", async () => {
    const m = await metricsOf(await writeDataDir(tables), "2020-04-30");
    const p = m.projects.L1;
    // received = 60,000 + 50,000 - 10,000; in special = the transfer; distributed = 3 x 1,000
    expect(p.received_yuan).toBe("100000.00");
    expect(p.in_special_yuan).toBe("100000.00");
    expect(p.distributed_yuan).toBe("3000.00");
    expect(p.shortfall_yuan).toBe("0.00");
    expect(p.unallocated_yuan).toBe("97000.00");
    expect(p.over_allocated_yuan).toBe("0.00");
    // the running received first reaches 100,000 on 02-20 (110,000)
    expect(p.funded_on).toBe("2020-02-20");
    // FIFO: the 3,000 comes out of the 01-10 deposit; the refund took 10,000 of the 02-20 one.
    // Ages on 04-30: 111 and 70 days, both in 0-180.
    expect(m.ageing.map((a) => [a.flow_on, a.left_yuan])).toEqual([
      ["2020-01-10", "57000.00"],
      ["2020-02-20", "40000.00"],
    ]);
    expect(p.unallocated_0_180).toBe("97000.00");
    expect(m.findings).toEqual([]);
  });

  test("a later as-of date sees the later deposit into the special account", async () => {
    const p = (await metricsOf(await writeDataDir(tables), "2020-05-31")).projects.L1;
    expect(p.received_yuan).toBe("105000.00");
    expect(p.in_special_yuan).toBe("105000.00");
  });

  test("monthly series: month ends, flows before approval counted from the approval month", async () => {
    const m = await metricsOf(await writeDataDir(tables), "2020-04-30");
    expect(
      m.monthly.map((r) => [r.month, r.month_end, r.received_yuan, r.distributed_yuan, r.unallocated_yuan]),
    ).toEqual([
      ["2020-03", "2020-03-31", "110000.00", "0.00", "110000.00"],
      ["2020-04", "2020-04-30", "100000.00", "3000.00", "97000.00"],
    ]);
    // before the stock baseline the stock figure is empty
    expect(m.monthly.every((r) => r.stock_remaining_yuan === null)).toBe(true);
  });

  test("as of a day before the approval the project does not exist yet", async () => {
    const m = await metricsOf(await writeDataDir(tables), "2020-02-28");
    expect(m.projects.L1).toBeUndefined();
    expect(m.rollups.map((r) => [r.level, r.projects, r.required_yuan])).toEqual([["all", 0, "0.00"]]);
  });
});

describe("unallocated ageing", () => {
  test("FIFO distributions, LIFO refunds, buckets by age", async () => {
    // A1: deposits 10,000 (2018-01-01), 20,000 (2019-06-01), 30,000 (2020-06-01); refund 5,000 (2020-07-01)
    // takes from the newest deposit; 15,000 credited takes the oldest money first: the 2018 deposit
    // (10,000) and 5,000 of the 2019 one. As of 2021-01-01: 15,000 aged 580 days, 25,000 aged 214 days.
    // A2: deposit 100 (01-10), refund 30 (02-10), deposit 50 (03-10): the refund can only take from the
    // January deposit, which keeps 70; the March one keeps 50 (357 and 297 days).
    // A3: a refund of 10 before any deposit, then a deposit of 50: the deposit keeps 40 (= received), 335 days.
    const dir = await writeDataDir({
      projects: [
        project("A1", { approved_on: "2017-12-01", required_yuan: "60000.00" }),
        project("A2", { approved_on: "2019-12-01", required_yuan: "120.00" }),
        project("A3", { approved_on: "2019-12-01", required_yuan: "40.00" }),
      ],
      villages: [V("440103001001")],
      project_villages: [{ project_id: "A1", village_code: "440103001001", farmland_mu: "5" }],
      fund_flows: [
        flow("A1", "deposit", "pre_deposit", "2018-01-01", "10000.00"),
        flow("A1", "deposit", "pre_deposit", "2019-06-01", "20000.00"),
        flow("A1", "deposit", "pre_deposit", "2020-06-01", "30000.00"),
        flow("A1", "refund", "pre_deposit", "2020-07-01", "5000.00"),
        flow("A2", "deposit", "pre_deposit", "2020-01-10", "100.00"),
        flow("A2", "refund", "pre_deposit", "2020-02-10", "30.00"),
        flow("A2", "deposit", "pre_deposit", "2020-03-10", "50.00"),
        flow("A3", "refund", "pre_deposit", "2020-01-01", "10.00"),
        flow("A3", "deposit", "pre_deposit", "2020-02-01", "50.00"),
      ],
      distributions: [1, 2, 3, 4, 5].map((i) =>
        credit("A1", "440103001001", adult(i), "3000.00", "2020-08-01"),
      ),
    });
    const m = await metricsOf(dir, "2021-01-01");
    const left = (id: string) =>
      m.ageing.filter((a) => a.project_id === id).map((a) => [a.flow_on, a.left_yuan, a.age_days]);
    expect(left("A1")).toEqual([
      ["2018-01-01", "0.00", 1096],
      ["2019-06-01", "15000.00", 580],
      ["2020-06-01", "25000.00", 214],
    ]);
    expect(left("A2")).toEqual([
      ["2020-01-10", "70.00", 357],
      ["2020-03-10", "50.00", 297],
    ]);
    expect(left("A3")).toEqual([["2020-02-01", "40.00", 335]]);
    const a1 = m.projects.A1;
    expect(a1.unallocated_yuan).toBe("40000.00");
    expect([
      a1.unallocated_0_180,
      a1.unallocated_181_365,
      a1.unallocated_366_730,
      a1.unallocated_731_1095,
      a1.unallocated_over_1095,
    ]).toEqual(["0.00", "25000.00", "15000.00", "0.00", "0.00"]);
    expect(m.projects.A2.unallocated_181_365).toBe("120.00");
    expect(m.projects.A3.unallocated_yuan).toBe("40.00");
  });
});

describe("seed 001 examples", () => {
  test("Shenmao railway (Yangxi): 21 should be covered, 198 paid 2,109.15 each", async () => {
    // virtual = 21 mu x 1 / 1 mu = 21.00; ratio 198 / 21 = 9.4286 >= 2.0 -> F06;
    // 2,109.15 / 139 = 15.17 a month from the account (the seed's "21 yuan" follows no stated rule).
    const dir = await writeDataDir({
      projects: [
        project("SM", {
          project_name: "深茂铁路(阳西段)建设用地",
          county_code: "441721",
          approved_on: "2019-08-01",
          area_mu: "21",
          farmland_mu: "21",
          zone_price: "50000",
          required_yuan: "417611.70",
        }),
      ],
      villages: [V("441721100201")],
      project_villages: [{ project_id: "SM", village_code: "441721100201", farmland_mu: "21" }],
      fund_flows: [
        flow("SM", "deposit", "pre_deposit", "2019-07-01", "417611.70"),
        flow("SM", "transfer", "special", "2019-08-20", "417611.70"),
      ],
      distributions: Array.from({ length: 198 }, (_, i) =>
        credit("SM", "441721100201", personId("441721", "19600101", i + 1), "2109.15", "2019-09-01"),
      ),
    });
    const m = await metricsOf(dir);
    const p = m.projects.SM;
    expect(p.virtual_people).toBe("21.000000");
    expect(p.actual_people).toBe("198");
    expect(Number(p.headcount_ratio).toFixed(4)).toBe("9.4286");
    expect(p.distributed_yuan).toBe("417611.70");
    expect(p.per_capita_yuan).toBe("2109.15");
    expect(p.monthly_from_account_yuan).toBe("15.17");
    expect(p.old_method_yuan).toBe("189000.00");
    expect(m.findings.map((f) => f.code)).toEqual(["F06"]);
  });

  test("9,000 yuan in the account / 139 + 55 base pension is about 120 yuan a month", async () => {
    const dir = await writeDataDir({
      projects: [project("P9000", { required_yuan: "9000.00" })],
      villages: [V("440103001001")],
      project_villages: [{ project_id: "P9000", village_code: "440103001001", farmland_mu: "1" }],
      fund_flows: [flow("P9000", "deposit", "special", "2020-01-01", "9000.00")],
      distributions: [credit("P9000", "440103001001", adult(1), "9000.00", "2020-03-15")],
    });
    const p = (await metricsOf(dir)).projects.P9000;
    expect(p.monthly_from_account_yuan).toBe("64.75");
    expect(Math.round(Number(p.monthly_from_account_yuan) + 55)).toBe(120);
  });

  test("new method: 42,500 and 319,000 yuan/mu give 8,500 and 31,900 yuan per mu; the tier cliff", async () => {
    const prices = [
      "42500",
      "319000",
      "50000",
      "50001",
      "100000",
      "100001",
      "150000",
      "150001",
      "200000",
      "200001",
    ];
    const dir = await writeDataDir({
      projects: prices.map((price) =>
        project(`Z${price}`, {
          area_mu: "1",
          farmland_mu: "1",
          zone_price: price,
          method: "per_land",
          required_yuan: "1.00",
        }),
      ),
    });
    const m = await metricsOf(dir);
    const perMu = Object.fromEntries(prices.map((p) => [p, m.projects[`Z${p}`].new_method_yuan]));
    expect(perMu).toEqual({
      "42500": "8500.00", // 20%
      "319000": "31900.00", // 10%
      "50000": "10000.00", // 20%: the upper bound is inclusive
      "50001": "9000.18", // 18%: one yuan more per mu, 999.82 less subsidy
      "100000": "18000.00",
      "100001": "15000.15",
      "150000": "22500.00",
      "150001": "18000.12",
      "200000": "24000.00",
      "200001": "20000.10",
    });
  });
});

describe("stock and increment (减存量、遏增量)", () => {
  const tables = {
    projects: [
      // S1 in scope, 40,000 of 100,000 by the baseline: stock 60,000; 30,000 more in 2023: 30,000 remain
      project("S1", { approved_on: "2019-05-01", required_yuan: "100000.00" }),
      // S2 approved before 2016: out of scope
      project("S2", { approved_on: "2015-06-01", required_yuan: "100000.00" }),
      // S3 fully funded: not stock
      project("S3", { approved_on: "2020-05-01", required_yuan: "50000.00" }),
      // I1 approved after the baseline with nothing received: increment, 30,000 still open
      project("I1", { approved_on: "2023-03-01", required_yuan: "80000.00" }),
      // I2 funded before its approval: not an increment
      project("I2", { approved_on: "2023-03-01", required_yuan: "80000.00" }),
    ],
    fund_flows: [
      flow("S1", "deposit", "special", "2019-01-01", "40000.00"),
      flow("S1", "deposit", "special", "2023-06-01", "30000.00"),
      flow("S2", "deposit", "special", "2015-01-01", "10000.00"),
      flow("S3", "deposit", "special", "2020-01-01", "50000.00"),
      flow("I1", "deposit", "special", "2023-05-01", "50000.00"),
      flow("I2", "deposit", "special", "2023-01-01", "80000.00"),
    ],
  };

  test("as of 2024-12-31", async () => {
    const m = await metricsOf(await writeDataDir(tables), "2024-12-31");
    expect(m.projects.S1.is_stock).toBe(true);
    expect(m.projects.S1.stock_baseline_yuan).toBe("60000.00");
    expect(m.projects.S2.is_stock).toBe(false);
    expect(m.projects.S3.is_stock).toBe(false);
    expect(m.projects.I1.is_increment).toBe(true);
    expect(m.projects.I2.is_increment).toBe(false);
    const county = m.rollups.find((r) => r.level === "county")!;
    expect(county).toMatchObject({
      stock_projects: 1,
      stock_baseline_yuan: "60000.00",
      stock_remaining_yuan: "30000.00",
      stock_progress: "0.500000", // DECIMAL(18, 6), exact
      increment_projects: 1,
      increment_open_yuan: "30000.00",
    });
    const month = (m: string, rows: Record<string, unknown>[]) =>
      rows.find((r) => r.month === m)?.stock_remaining_yuan;
    expect(month("2022-11", m.monthly)).toBeNull();
    expect(month("2022-12", m.monthly)).toBe("60000.00");
    expect(month("2023-05", m.monthly)).toBe("60000.00");
    expect(month("2023-06", m.monthly)).toBe("30000.00");
  });

  test("before the baseline the stock figures are empty and later projects do not exist", async () => {
    const m = await metricsOf(await writeDataDir(tables), "2022-06-30");
    expect(m.projects.S1.is_stock).toBeNull();
    expect(m.projects.I1).toBeUndefined();
    const county = m.rollups.find((r) => r.level === "county")!;
    expect(county.stock_projects).toBeNull();
    expect(county.stock_baseline_yuan).toBeNull();
    expect(county.stock_progress).toBeNull();
  });
});

describe("the credits as of T (docs/metrics.md#as-of, docs/decisions.md O12)", () => {
  // A approved 2020-01-01 credits one person on 2020-02-01 and another on 2021-06-01; B is approved on
  // 2021-07-01 (its supply later still) but credits a third person on 2020-12-01, before its approval.
  // The latest date is B's approval, 2021-07-01.
  const tables = {
    projects: [
      project("A", { approved_on: "2020-01-01" }),
      project("B", { approved_on: "2021-07-01" }),
    ],
    villages: [V("440103001001")],
    project_villages: [
      { project_id: "A", village_code: "440103001001", farmland_mu: "3" },
      { project_id: "B", village_code: "440103001001", farmland_mu: "3" },
    ],
    distributions: [
      credit("A", "440103001001", adult(1), "1000.00", "2020-02-01"),
      credit("A", "440103001001", adult(2), "1000.00", "2021-06-01"),
      credit("B", "440103001001", adult(3), "1000.00", "2020-12-01"),
    ],
  };
  const asOf = (as_of?: string) =>
    withWarehouse(":memory:", async (db) => {
      await ingestInto(db, dir, { today: "2026-11-23" });
      const date = await computeMetrics(db, as_of);
      const people = await db.rows<{ project_id: string; actual_people: number }>(
        "SELECT project_id, CAST(actual_people AS INTEGER) AS actual_people FROM m_projects ORDER BY 1",
      );
      const band = await db.value<number>(
        "SELECT CAST(sum(people) AS INTEGER) FROM m_amount_bands WHERE level = 'all'",
      );
      const view = await db.value<string>(
        "SELECT sql FROM duckdb_views() WHERE view_name = 'asof_credits' AND temporary",
      );
      return { date, people, band, copy: !/FROM\s+distributions/i.test(view ?? "") };
    });
  let dir = "";
  beforeAll(async () => {
    dir = await writeDataDir(tables);
  });

  test("as of the latest date every credit is in: distributions itself, not a copy", async () => {
    const m = await asOf();
    expect(m.date).toBe("2021-07-01");
    expect(m.copy).toBe(false);
    expect(m.people).toEqual([
      { project_id: "A", actual_people: 2 },
      { project_id: "B", actual_people: 1 },
    ]);
    expect(m.band).toBe(3);
  });

  test("every credit dated by T but a project not yet approved: its credits are left out", async () => {
    // 2021-06-30: no credit is dated after T, yet B does not exist: 2 people, not 3
    const m = await asOf("2021-06-30");
    expect(m.copy).toBe(true);
    expect(m.people).toEqual([{ project_id: "A", actual_people: 2 }]);
    expect(m.band).toBe(2);
  });

  test("credits dated after T are left out", async () => {
    const m = await asOf("2021-03-31");
    expect(m.copy).toBe(true);
    expect(m.people).toEqual([{ project_id: "A", actual_people: 1 }]);
    expect(m.band).toBe(1);
  });
});

describe("findings F01-F12", () => {
  // Each project is clean but for the anomaly it is named after: one village whose virtual headcount
  // equals the people credited, money deposited before approval and transferred within 60 days, people
  // credited within 60 days of approval, new method >= old.
  const projects: Row[] = [];
  const villages: Row[] = [];
  const links: Row[] = [];
  const flows: Row[] = [];
  const credits: Row[] = [];
  let villageSeq = 0;
  let personSeq = 100;
  function addProject(
    id: string,
    opts: {
      approved?: string;
      supplied?: string;
      virtual?: number;
      required?: string;
      flows?: Row[];
      people?: { amount: string; on: string; person?: string; account?: string }[];
      quota?: number;
      paid?: string;
    },
  ) {
    const virtual = opts.virtual ?? 1;
    const required = opts.required ?? `${virtual * 10000}.00`;
    const approved = opts.approved ?? "2021-03-01";
    projects.push(
      project(id, {
        county_code: "440104",
        approved_on: approved,
        supplied_on: opts.supplied,
        area_mu: String(virtual),
        farmland_mu: String(virtual),
        zone_price: "50000",
        required_yuan: required,
      }),
    );
    const village = `440104${String(++villageSeq).padStart(6, "0")}`;
    villages.push(V(village));
    links.push({
      project_id: id,
      village_code: village,
      farmland_mu: String(virtual),
      quota: opts.quota,
      compensation_paid_on: opts.paid,
    });
    flows.push(
      ...(opts.flows ?? [
        flow(id, "deposit", "pre_deposit", "2021-01-01", required),
        flow(id, "transfer", "special", "2021-03-20", required),
      ]),
    );
    const people: { amount: string; on: string; person?: string; account?: string }[] =
      opts.people ??
      Array.from({ length: virtual }, () => ({
        amount: (Number(required) / virtual).toFixed(2),
        on: "2021-04-01",
      }));
    for (const p of people)
      credits.push(
        credit(
          id,
          village,
          p.person ?? personId("440104", "19700101", ++personSeq),
          p.amount,
          p.on,
          p.account,
        ),
      );
    return village;
  }

  addProject("CLEAN", {});
  // F01: the deposit arrives a month after approval: shortfall 10,000 on the approval day
  addProject("F01a", {
    flows: [
      flow("F01a", "deposit", "pre_deposit", "2021-04-01", "10000.00"),
      flow("F01a", "transfer", "special", "2021-04-10", "10000.00"),
    ],
  });
  // F02 (and F01): half paid by the approval and the supply day (03-10): 5,000 short on both
  addProject("F02a", {
    supplied: "2021-03-10",
    flows: [
      flow("F02a", "deposit", "pre_deposit", "2021-01-01", "5000.00"),
      flow("F02a", "deposit", "pre_deposit", "2021-03-20", "5000.00"),
      flow("F02a", "transfer", "special", "2021-03-25", "10000.00"),
    ],
  });
  // F03: transferred on day 61 (deadline 2021-04-30); F03b on day 60 exactly is in time
  addProject("F03a", {
    flows: [
      flow("F03a", "deposit", "pre_deposit", "2021-01-01", "10000.00"),
      flow("F03a", "transfer", "special", "2021-05-01", "10000.00"),
    ],
  });
  addProject("F03b", {
    flows: [
      flow("F03b", "deposit", "pre_deposit", "2021-01-01", "10000.00"),
      flow("F03b", "transfer", "special", "2021-04-30", "10000.00"),
    ],
  });
  // F04: funded 2021-01-01, approved 02-01: enrolment due by 04-02; F04a's first credit 04-05, F04b's 04-02
  addProject("F04a", { approved: "2021-02-01", people: [{ amount: "10000.00", on: "2021-04-05" }] });
  addProject("F04b", { approved: "2021-02-01", people: [{ amount: "10000.00", on: "2021-04-02" }] });
  // F05: 10,500 credited of 10,000 received (virtual 2 so the two people are no dilution)
  addProject("F05a", {
    virtual: 2,
    required: "10000.00",
    people: [
      { amount: "5000.00", on: "2021-04-01" },
      { amount: "5500.00", on: "2021-04-01" },
    ],
  });
  // F06: virtual 10, 20 people = ratio 2.0 exactly (flagged); 19 people = 1.9 (not)
  const spread = (n: number, total: number) =>
    Array.from({ length: n }, () => ({ amount: (total / n).toFixed(2), on: "2021-04-01" }));
  addProject("F06a", { virtual: 10, people: spread(20, 100000) });
  addProject("F06b", { virtual: 10, people: spread(19, 95000) });
  // F07: funded, virtual 10: 7 people = 0.7 (flagged), 8 people = 0.8 (not); F07c not funded (and so
  // approved short: F01, and short in the special account: F03)
  addProject("F07a", { virtual: 10, people: spread(7, 70000) });
  addProject("F07b", { virtual: 10, people: spread(8, 80000) });
  addProject("F07c", {
    virtual: 10,
    flows: [
      flow("F07c", "deposit", "pre_deposit", "2021-01-01", "50000.00"),
      flow("F07c", "transfer", "special", "2021-03-20", "50000.00"),
    ],
    people: spread(7, 35000),
  });
  // F08: one person credited twice (1,000 then 1,500): one finding, the second credit
  const twice = personId("440104", "19700101", 900);
  addProject("F08a", {
    virtual: 2,
    people: [
      { amount: "1000.00", on: "2021-04-01", person: twice },
      { amount: "1500.00", on: "2021-04-02", person: twice },
      { amount: "1000.00", on: "2021-04-01" },
    ],
  });
  // F09: approved 04-15; born 2005-06-01: 15 on 2021-05-31 (individual: flagged), 16 on 06-01 (not);
  // a minor on the pre-deposit account is right
  addProject("F09a", {
    virtual: 3,
    approved: "2021-04-15",
    people: [
      { amount: "1000.00", on: "2021-05-31", person: personId("440104", "20050601", 1) },
      { amount: "1000.00", on: "2021-06-01", person: personId("440104", "20050601", 2) },
      {
        amount: "1000.00",
        on: "2021-05-31",
        person: personId("440104", "20100101", 3),
        account: "pre_deposit",
      },
    ],
  });
  // F10: compensation paid 2021-03-10, quota valid one year: a credit on 2022-03-10 is in time, 03-11 not
  addProject("F10a", {
    virtual: 2,
    paid: "2021-03-10",
    people: [
      { amount: "3000.00", on: "2021-03-20" },
      { amount: "3000.00", on: "2022-03-10" },
      { amount: "3000.00", on: "2022-03-11" },
    ],
  });
  // F11: quota 2, three people
  addProject("F11a", { virtual: 2, quota: 2, people: spread(3, 9000) });

  const tables = { projects, villages, project_villages: links, fund_flows: flows, distributions: credits };

  test("each rule fires where planted and nowhere else", async () => {
    const m = await metricsOf(await writeDataDir(tables), "2026-06-30");
    const found = m.findings.map((f) => `${f.code} ${f.project_id}`).sort();
    expect(found).toEqual(
      [
        "F01 F01a",
        "F01 F02a",
        "F02 F02a",
        "F03 F03a",
        "F04 F04a",
        "F05 F05a",
        "F06 F06a",
        "F07 F07a",
        "F01 F07c",
        "F03 F07c",
        "F08 F08a",
        "F09 F09a",
        "F10 F10a",
        "F11 F11a",
      ].sort(),
    );
  });

  test("amounts: the shortfall that day, the excess, the repeated or wrong credit", async () => {
    const m = await metricsOf(await writeDataDir(tables), "2026-06-30");
    const amount = (code: string, id: string) =>
      m.findings.find((f) => f.code === code && f.project_id === id)?.amount_yuan;
    expect(amount("F01", "F01a")).toBe("10000.00");
    expect(amount("F01", "F02a")).toBe("5000.00");
    expect(amount("F02", "F02a")).toBe("5000.00");
    expect(amount("F03", "F03a")).toBe("10000.00");
    expect(amount("F03", "F07c")).toBe("50000.00");
    expect(amount("F04", "F04a")).toBeNull();
    expect(amount("F05", "F05a")).toBe("500.00");
    expect(amount("F08", "F08a")).toBe("1500.00");
    expect(amount("F09", "F09a")).toBe("1000.00");
    expect(amount("F10", "F10a")).toBe("3000.00");
    expect(amount("F11", "F11a")).toBeNull();
    const f09 = m.findings.find((f) => f.code === "F09")!;
    expect(f09.person_id).toBe(personId("440104", "20050601", 1));
    const f10 = m.findings.find((f) => f.code === "F10")!;
    expect(f10.event_on).toBe("2022-03-11");
  });

  test("F04 waits for the deadline: as of 2021-04-01 nothing is late yet", async () => {
    const m = await metricsOf(await writeDataDir(tables), "2021-04-01");
    expect(m.findings.filter((f) => f.code === "F04" || f.code === "F03")).toEqual([]);
  });

  test("F12: new method below old", async () => {
    // virtual 2 x 9,000 = 18,000 old; 1 mu x 42,500 x 20% = 8,500 new
    const dir = await writeDataDir({
      projects: [
        project("N1", {
          area_mu: "1",
          farmland_mu: "1",
          zone_price: "42500",
          required_yuan: "8500.00",
          method: "per_land",
        }),
      ],
      villages: [V("440103001001")],
      project_villages: [{ project_id: "N1", village_code: "440103001001", farmland_mu: "2" }],
      fund_flows: [flow("N1", "deposit", "special", "2020-01-01", "8500.00")],
      distributions: [1, 2].map((i) => credit("N1", "440103001001", adult(i), "4250.00", "2020-03-15")),
    });
    const m = await metricsOf(dir);
    expect(m.findings.map((f) => [f.code, f.project_id, f.amount_yuan])).toEqual([["F12", "N1", null]]);
    expect(m.projects.N1.old_method_yuan).toBe("18000.00");
    expect(m.projects.N1.new_method_yuan).toBe("8500.00");
  });
});

describe("roll-ups and policy", () => {
  test("province = cities = counties = projects, to the fen", async () => {
    const counties = ["440103", "440104", "441721", "441702"];
    const projects = counties.flatMap((c, i) =>
      [1, 2].map((k) =>
        project(`${c}-${k}`, { county_code: c, required_yuan: `${1000 * (i + 1) + k}.${i}${k}` }),
      ),
    );
    const flows = projects.map((p, i) =>
      flow(String(p.project_id), "deposit", "special", "2020-01-01", `${777 + i}.0${i % 10}`),
    );
    const m = await metricsOf(await writeDataDir({ projects, fund_flows: flows }));
    const fen = (v: unknown) => Math.round(Number(v) * 100);
    const sum = (rows: Record<string, unknown>[], key: string) => rows.reduce((a, r) => a + fen(r[key]), 0);
    const all = m.rollups.filter((r) => r.level === "all");
    const cities = m.rollups.filter((r) => r.level === "city");
    const countyRows = m.rollups.filter((r) => r.level === "county");
    expect(cities.map((c) => c.code)).toEqual(["4401", "4417"]);
    expect(countyRows).toHaveLength(4);
    for (const key of ["required_yuan", "received_yuan", "shortfall_yuan", "unallocated_yuan"]) {
      const projectsSum = Object.values(m.projects).reduce((a, p) => a + fen(p[key]), 0);
      expect(sum(countyRows, key)).toBe(projectsSum);
      expect(sum(cities, key)).toBe(projectsSum);
      expect(sum(all, key)).toBe(projectsSum);
    }
    expect(cities.find((c) => c.code === "4417")).toMatchObject({ name: "阳江市", projects: 4 });
  });

  test("policy.json: a city override, and a county override beating it", async () => {
    const dir = await writeDataDir(
      {
        projects: [
          project("G1", { county_code: "440103" }),
          project("G2", { county_code: "440104" }),
          project("Y1", { county_code: "441702" }),
        ],
        villages: [V("440103001001"), V("440104001001"), V("441702001001")],
        project_villages: [
          { project_id: "G1", village_code: "440103001001", farmland_mu: "1" },
          { project_id: "G2", village_code: "440104001001", farmland_mu: "1" },
          { project_id: "Y1", village_code: "441702001001", farmland_mu: "1" },
        ],
      },
      {
        policy: {
          overrides: { "4401": { per_person_yuan: 16200 }, "440104": { per_person_yuan: "12000.50" } },
        },
      },
    );
    const m = await metricsOf(dir, "2020-12-31");
    expect(m.projects.G1.old_method_yuan).toBe("16200.00");
    expect(m.projects.G2.old_method_yuan).toBe("12000.50");
    expect(m.projects.Y1.old_method_yuan).toBe("9000.00");
  });
});

describe("totals of a whole country (docs/metrics.md#status)", () => {
  // 3,000 亿 yuan required and 500 亿 received in one county: the status thresholds (shares) times such totals
  // overflowed DECIMAL(18) (found at the national scale); the status is that of the same data scaled down.
  test("the status of 3,000 亿 yuan is computed, and equals that of the same amounts a million times smaller", async () => {
    const statusOf = async (scale: string) => {
      const projects = [project("B1", { required_yuan: `30000${scale}.00` })];
      const flows = [flow("B1", "deposit", "special", "2020-02-01", `5000${scale}.00`)];
      const m = await metricsOf(await writeDataDir({ projects, fund_flows: flows }), "2020-06-30");
      return m.rollups.filter((r) => r.level === "county").map((r) => [r.code, r.required_yuan, r.status]);
    };
    const small = await statusOf("");
    const big = await statusOf("0000000");
    expect(big).toEqual(
      small.map(([code, required, status]) => [code, `${required}`.replace(".00", "0000000.00"), status]),
    );
    expect(big[0][1]).toBe("300000000000.00");
  });
});
