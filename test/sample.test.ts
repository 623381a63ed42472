import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { headerSpellings, normalizeLabel, tableSpec, type TableName } from "../loaders/contract.ts";
import { isValidPersonId, maskPersonId } from "../loaders/personId.ts";
import { DEFAULT_POLICY, parsePolicyFile, policyFor, resolvePolicies } from "../loaders/policy.ts";
import { writeSample, type Finding, type SampleSummary } from "../loaders/sample/index.ts";
import { dayOf } from "../loaders/sample/dates.ts";
import { encodeGbk } from "../loaders/sample/gbk.ts";
import { evaluateProject, sortFindings } from "../loaders/sample/evaluate.ts";
import type {
  DistributionRecord,
  FlowRecord,
  ProjectBundle,
  ProjectRecord,
  ProjectVillageRecord,
  VillageRecord,
} from "../loaders/sample/records.ts";

// ---------------------------------------------------------------------------------------------------
// A small reader of sample directories, independent of the generator's formatting: it maps headers and
// enum spellings through the contract and parses every date and number form the formats use.

type Row = Record<string, string>;
interface ReadTable {
  file: string;
  /** Spreadsheet row number (header = 1). */
  row: number;
  values: Row;
  extras: string[];
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = "";
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") (row.push(field), (field = ""));
    else if (ch === "\n") (row.push(field), rows.push(row), (row = []), (field = ""));
    else if (ch !== "\r") field += ch;
  }
  if (field || row.length) (row.push(field), rows.push(row));
  return rows;
}

function mapRows(table: TableName | "rectifications", file: string, rows: string[][]): ReadTable[] {
  const spec = tableSpec(table);
  const lookup = new Map<string, string>();
  for (const f of spec.fields) for (const s of headerSpellings(f)) lookup.set(s, f.name);
  // The header is the first row that names most of the fields (a system export puts a title above it);
  // the data end at a 合计 row (its control total) or the signature row under the table.
  const at = rows.findIndex(
    (r) => r.filter((h) => lookup.has(normalizeLabel(h))).length * 2 > spec.fields.length,
  );
  const names = rows[at].map((h) => lookup.get(normalizeLabel(h)) ?? null);
  const extras = rows[at].filter((_, i) => names[i] === null);
  const end = rows.findIndex((r, i) => i > at && /^(合计|填表人)/.test(r[0] ?? ""));
  return rows.slice(at + 1, end < 0 ? undefined : end).map((cells, i) => {
    const values: Row = {};
    names.forEach((n, c) => n && (values[n] = (cells[c] ?? "").trim()));
    for (const f of spec.fields)
      if (f.values && values[f.name]) values[f.name] = f.values[values[f.name]] ?? "?";
    return { file, row: at + i + 2, values, extras };
  });
}

/** Every row of the first sheet, empty ones included; a merged cell gives its value to the whole range. */
async function readXlsx(path: string): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await readFile(path)) as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  const rows: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const cell = row.getCell(c);
      const value = (cell.isMerged ? cell.master : cell).value;
      cells.push(value == null ? "" : String(value));
    }
    rows.push(cells);
  }
  return rows;
}

async function readText(path: string): Promise<string> {
  const bytes = await readFile(path);
  const utf8 = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  return utf8.includes("\ufffd") ? new TextDecoder("gb18030").decode(bytes) : utf8.replace(/^\ufeff/, "");
}

async function filesOf(dir: string, root = dir): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesOf(full, root)));
    else out.push(relative(root, full));
  }
  return out.sort();
}

async function readTables(dir: string): Promise<Record<TableName | "rectifications", ReadTable[]>> {
  const files = await filesOf(dir);
  const out = {
    projects: [],
    villages: [],
    project_villages: [],
    fund_flows: [],
    distributions: [],
    rectifications: [],
  } as Record<TableName | "rectifications", ReadTable[]>;
  for (const file of files) {
    const table = (
      file.startsWith("distributions/")
        ? "distributions"
        : file.startsWith("rectifications/")
          ? "rectifications"
          : file.replace(/\.\w+$/, "")
    ) as TableName;
    if (!(table in out)) continue;
    const rows = file.endsWith(".xlsx")
      ? await readXlsx(join(dir, file))
      : parseCsv(await readText(join(dir, file)));
    out[table].push(...mapRows(table, file, rows));
  }
  return out;
}

const day = (text: string): number | null => {
  if (!text) return null;
  const m = /^(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?$/.exec(text);
  if (!m) throw new Error(`bad date ${text}`);
  return dayOf(`${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`);
};
const scaled = (text: string, places: number): number => {
  const [w, f = ""] = text.replace(/,/g, "").split(".");
  return Number(w) * 10 ** places + Number((f + "0000").slice(0, places));
};
const fen = (text: string) => scaled(text, 2);

/** Typed records of a sample directory, leaving out the rows the manifest lists as planted rejects. */
async function loadSample(dir: string, rejects: { file: string; row: number }[]) {
  const tables = await readTables(dir);
  const skip = new Set(rejects.map((r) => `${r.file}#${r.row}`));
  const keep = (t: ReadTable[]) => t.filter((r) => !skip.has(`${r.file}#${r.row}`)).map((r) => r.values);
  const projects: ProjectRecord[] = keep(tables.projects).map((v) => ({
    project_id: v.project_id,
    project_name: v.project_name,
    county_code: v.county_code,
    applied_on: day(v.applied_on),
    approved_on: day(v.approved_on)!,
    supplied_on: day(v.supplied_on),
    area: scaled(v.area_mu, 4),
    farmland: scaled(v.farmland_mu, 4),
    zone_price: fen(v.zone_price),
    method: v.method as ProjectRecord["method"],
    required: fen(v.required_yuan),
  }));
  const villages: VillageRecord[] = keep(tables.villages).map((v) => ({
    village_code: v.village_code,
    village_name: v.village_name,
    per_capita: scaled(v.farmland_per_capita_mu, 4),
    adult_share: scaled(v.adult_share, 4),
  }));
  const pvs: ProjectVillageRecord[] = keep(tables.project_villages).map((v) => ({
    project_id: v.project_id,
    village_code: v.village_code,
    farmland: scaled(v.farmland_mu, 4),
    compensation_paid_on: day(v.compensation_paid_on),
    quota: v.quota === "" ? null : Number(v.quota),
  }));
  const flows: FlowRecord[] = keep(tables.fund_flows).map((v) => ({
    flow_id: v.flow_id,
    project_id: v.project_id,
    flow: v.flow as FlowRecord["flow"],
    account: v.account as FlowRecord["account"],
    flow_on: day(v.flow_on)!,
    amount: fen(v.amount_yuan),
  }));
  const credits: DistributionRecord[] = keep(tables.distributions).map((v) => ({
    record_id: v.record_id,
    project_id: v.project_id,
    village_code: v.village_code,
    person_id: v.person_id,
    amount: fen(v.amount_yuan),
    credited_on: day(v.credited_on)!,
    account: v.account as DistributionRecord["account"],
    name: "",
  }));
  const bundles = new Map<string, ProjectBundle>(
    projects.map((p) => [p.project_id, { project: p, villages: [], flows: [], distributions: [] }]),
  );
  for (const pv of pvs) bundles.get(pv.project_id)!.villages.push(pv);
  for (const f of flows) bundles.get(f.project_id)!.flows.push(f);
  for (const d of credits) bundles.get(d.project_id)!.distributions.push(d);
  return { tables, projects, villages, pvs, flows, credits, bundles };
}

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of await filesOf(dir))
    out[f] = createHash("sha256")
      .update(await readFile(join(dir, f)))
      .digest("hex");
  return out;
}

interface Manifest {
  scale: string;
  seed: number;
  clean: boolean;
  format: string;
  as_of: string;
  shenmao_project_id: string | null;
  finding_counts: Record<string, number>;
  totals: { rows: Record<TableName, number>; [key: string]: unknown };
  people: { persons: number; shares: Record<string, string> };
  planted_projects: { project_id: string; scenario: string; codes: string[] }[];
  planted_rejects: { table: TableName; file: string; row: number; field: string; problem: string }[];
  expected_findings: Finding[];
}

/** Every finding of the rules on a loaded sample, with the directory's policy.json, as of the sample's last day. */
async function evaluateAll(dir: string, data: Awaited<ReturnType<typeof loadSample>>): Promise<Finding[]> {
  const scopes = resolvePolicies(
    parsePolicyFile(JSON.parse(await readFile(join(dir, "policy.json"), "utf8")), "policy.json"),
  );
  const villages = new Map(data.villages.map((v) => [v.village_code, v]));
  const findings: Finding[] = [];
  for (const b of data.bundles.values()) {
    const e = evaluateProject(
      b,
      (c) => villages.get(c),
      policyFor(scopes, b.project.county_code),
      dayOf("2026-09-30"),
    );
    findings.push(...(e?.findings ?? []));
  }
  return sortFindings(findings);
}

const readManifest = async (dir: string) =>
  JSON.parse(await readFile(join(dir, "anomalies.json"), "utf8")) as Manifest;
const money = (fenTotal: number) => (fenTotal / 100).toFixed(2);

// ---------------------------------------------------------------------------------------------------

let root: string;
let small: string;
let smallSummary: SampleSummary;
let manifest: Manifest;
let loaded: Awaited<ReturnType<typeof loadSample>>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "xianbao-sample-"));
  small = join(root, "small");
  smallSummary = await writeSample({ scale: "small", out: small });
  manifest = await readManifest(small);
  loaded = await loadSample(small, manifest.planted_rejects);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("writeSample({scale: 'small'})", () => {
  test("the same seed gives the same bytes in every file; another seed gives other data", async () => {
    const again = join(root, "again");
    await writeSample({ scale: "small", out: again });
    const first = await hashes(small);
    expect(await hashes(again)).toEqual(first);
    const other = join(root, "other");
    await writeSample({ scale: "small", out: other, seed: 7 });
    const second = await hashes(other);
    expect(Object.keys(second)).toEqual(Object.keys(first));
    for (const file of ["projects.xlsx", "fund_flows.csv", "distributions/4401.csv", "anomalies.json"])
      expect(second[file]).not.toBe(first[file]);
  });

  test("writes the five tables, the returned ledger of each city, policy.json and anomalies.json, nothing else", () => {
    expect(smallSummary.files).toEqual([
      "anomalies.json",
      "distributions/4401.csv",
      "distributions/4417.csv",
      "fund_flows.csv",
      "policy.json",
      "project_villages.csv",
      "projects.xlsx",
      "rectifications/4401.xlsx",
      "rectifications/4417.xlsx",
      "villages.csv",
    ]);
    expect(smallSummary).toMatchObject({
      scale: "small",
      seed: 20221222,
      clean: false,
      format: "mixed",
      as_of: "2026-09-30",
    });
  });

  test("sizes: 2 cities, 6 counties, about 200 projects, 8,000-15,000 distributions", () => {
    const rows = manifest.totals.rows;
    expect(rows.projects).toBeGreaterThanOrEqual(150);
    expect(rows.projects).toBeLessThanOrEqual(250);
    expect(rows.distributions).toBeGreaterThanOrEqual(8000);
    expect(rows.distributions).toBeLessThanOrEqual(15000);
    const counties = new Set(loaded.projects.map((p) => p.county_code));
    expect([...counties].sort()).toEqual(["440103", "440118", "441702", "441704", "441721", "441781"]);
    expect(rows).toEqual({
      projects: loaded.projects.length,
      villages: loaded.villages.length,
      project_villages: loaded.pvs.length,
      fund_flows: loaded.flows.length,
      distributions: loaded.credits.length,
    });
  });

  test("formats: XLSX with Chinese headers, GBK CSV with slashed dates and grouped amounts, BOM, Chinese dates, 姓名", async () => {
    const flows = await readFile(join(small, "fund_flows.csv"));
    expect(flows.subarray(0, 6)).toEqual(encodeGbk("凭证号"));
    const flowText = new TextDecoder("gb18030").decode(flows);
    expect(flowText).toMatch(
      /\r\nPZ\d{8},\d{13},到账,征地费用预存账户,\d{4}\/\d{1,2}\/\d{1,2},"\d{1,3}(,\d{3})+\.\d{2}"\r\n/,
    );
    expect((await readFile(join(small, "villages.csv"))).subarray(0, 3)).toEqual(
      Buffer.from([0xef, 0xbb, 0xbf]),
    );
    expect(await readFile(join(small, "project_villages.csv"), "utf8")).toMatch(
      /,\d{4}年\d{1,2}月\d{1,2}日,/,
    );
    const credits = await readFile(join(small, "distributions/4417.csv"), "utf8");
    expect(credits.split("\r\n")[0]).toBe(
      "record_id,project_id,village_code,person_id,amount_yuan,credited_on,account,姓名",
    );
    expect(loaded.tables.distributions[0].extras).toEqual(["姓名"]);
    expect(loaded.tables.projects[0].extras).toEqual([]);
    expect(JSON.parse(await readFile(join(small, "policy.json"), "utf8"))).toEqual({
      overrides: { "4401": { per_person_yuan: 16200 } },
    });
  });

  test("every value follows the contract: valid IDs, areas, dates, methods by approval date, money", () => {
    const asOf = dayOf("2026-09-30");
    const villages = new Map(loaded.villages.map((v) => [v.village_code, v]));
    for (const p of loaded.projects) {
      expect(p.farmland).toBeLessThanOrEqual(p.area);
      expect(p.method).toBe(p.approved_on < dayOf("2021-07-01") ? "per_person" : "per_land");
      expect(p.approved_on).toBeGreaterThanOrEqual(dayOf("2010-01-01"));
      if (p.applied_on !== null) expect(p.applied_on).toBeLessThan(p.approved_on);
      if (p.supplied_on !== null) expect(p.supplied_on).toBeGreaterThanOrEqual(p.approved_on);
      const b = loaded.bundles.get(p.project_id)!;
      expect(b.villages.length).toBeGreaterThanOrEqual(1);
      expect(b.villages.length).toBeLessThanOrEqual(4);
      expect(b.villages.reduce((s, v) => s + v.farmland, 0)).toBe(p.farmland);
      for (const pv of b.villages) expect(pv.village_code.slice(0, 6)).toBe(p.county_code);
    }
    for (const v of loaded.villages) {
      expect(v.per_capita).toBeGreaterThanOrEqual(3000);
      expect(v.per_capita).toBeLessThanOrEqual(25000);
      if (v.village_code !== loaded.bundles.get(manifest.shenmao_project_id!)!.villages[0].village_code) {
        expect(v.adult_share).toBeGreaterThanOrEqual(6000);
        expect(v.adult_share).toBeLessThanOrEqual(9200);
      }
      expect(villages.get(v.village_code)).toBe(v);
    }
    const people = new Set<string>();
    for (const d of loaded.credits) {
      expect(isValidPersonId(d.person_id)).toBe(true);
      expect(d.person_id.slice(0, 6)).toBe(loaded.bundles.get(d.project_id)!.project.county_code);
      expect(d.amount).toBeGreaterThan(0);
      expect(d.credited_on).toBeLessThanOrEqual(asOf);
      people.add(d.person_id);
    }
    expect(new Set(loaded.flows.map((f) => f.flow_id)).size).toBe(loaded.flows.length);
    expect(new Set(loaded.credits.map((d) => d.record_id)).size).toBe(loaded.credits.length);
    for (const f of loaded.flows) if (f.flow === "transfer") expect(f.account).toBe("special");
    const latest = Math.max(
      ...loaded.projects.map((p) => p.approved_on),
      ...loaded.flows.map((f) => f.flow_on),
    );
    expect(latest).toBe(asOf);
  });

  test("深茂铁路(阳西段): 21.00 virtual people, 198 people credited 2,109.15 each, 417,611.70 required and received", () => {
    const b = loaded.bundles.get(manifest.shenmao_project_id!)!;
    expect(b.project.project_name).toContain("深茂铁路(阳西段)");
    expect(b.project.county_code).toBe("441721");
    expect(b.project.method).toBe("per_person");
    expect(b.project.approved_on).toBeLessThan(dayOf("2021-01-01"));
    expect(money(b.project.required)).toBe("417611.70");
    const received = b.flows.reduce(
      (s, f) => s + (f.flow === "deposit" ? f.amount : f.flow === "refund" ? -f.amount : 0),
      0,
    );
    expect(money(received)).toBe("417611.70");
    const village = loaded.villages.find((v) => v.village_code === b.villages[0].village_code)!;
    expect(b.villages).toHaveLength(1);
    expect(b.villages[0].farmland * village.adult_share).toBe(21 * 10_000 * village.per_capita);
    expect(new Set(b.distributions.map((d) => d.person_id)).size).toBe(198);
    expect(b.distributions.every((d) => money(d.amount) === "2109.15")).toBe(true);
    expect(
      manifest.expected_findings.filter((f) => f.project_id === b.project.project_id).map((f) => f.code),
    ).toEqual(["F06"]);
  });

  test("money per person reproduces seed 001's table (3.27% / 10.47% / 4.77% / 81.5%)", () => {
    const perPerson = new Map<string, number>();
    for (const d of loaded.credits) perPerson.set(d.person_id, (perPerson.get(d.person_id) ?? 0) + d.amount);
    const bands = [0, 0, 0, 0];
    for (const total of perPerson.values())
      bands[total >= 900_000 ? 0 : total >= 600_000 ? 1 : total >= 300_000 ? 2 : 3]++;
    const shares = bands.map((n) => n / perPerson.size);
    [0.0327, 0.1047, 0.0477, 0.815].forEach((seed, i) =>
      expect(Math.abs(shares[i] - seed)).toBeLessThan(0.025),
    );
    expect(manifest.people.persons).toBe(perPerson.size);
    // Some people are credited in two projects.
    const projectsOf = new Map<string, Set<string>>();
    for (const d of loaded.credits)
      projectsOf.set(d.person_id, (projectsOf.get(d.person_id) ?? new Set()).add(d.project_id));
    expect([...projectsOf.values()].filter((s) => s.size > 1).length).toBeGreaterThan(10);
  });
});

describe("anomalies.json of writeSample({scale: 'small'})", () => {
  test("expected_findings are what the rules give on the files as written (rejected rows left out)", async () => {
    expect(await evaluateAll(small, loaded)).toEqual(manifest.expected_findings);
  });

  test("every finding F01-F12 at least twice; outside planted projects only F06 and F12", () => {
    for (const code of ["F01", "F02", "F03", "F04", "F05", "F06", "F07", "F08", "F09", "F10", "F11", "F12"])
      expect(manifest.finding_counts[code], code).toBeGreaterThanOrEqual(2);
    const planted = new Map(manifest.planted_projects.map((p) => [p.project_id, p]));
    const ordinary = manifest.expected_findings.filter((f) => !planted.has(f.project_id));
    expect([...new Set(ordinary.map((f) => f.code))].sort()).toEqual(["F06", "F12"]);
    const intended: Record<string, string> = {
      stock: "F01",
      increment: "F01",
      legacy_unfunded: "F01",
      supplied_unfunded: "F02",
      late_transfer: "F03",
      no_enrolment: "F04",
      over_allocated: "F05",
      under_coverage: "F07",
      duplicate_credit: "F08",
      minor_individual: "F09",
      late_credit: "F10",
      over_quota: "F11",
    };
    for (const p of manifest.planted_projects) expect(p.codes, p.scenario).toContain(intended[p.scenario]);
    expect(Object.values(manifest.finding_counts).reduce((a, b) => a + b, 0)).toBe(
      manifest.expected_findings.length,
    );
  });

  test("finding rows carry masked people and amounts as DOMAIN section 4 says", () => {
    for (const f of manifest.expected_findings) {
      const perCredit = ["F08", "F09", "F10"].includes(f.code);
      expect(f.person === null).toBe(!perCredit);
      if (f.person) expect(f.person).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
      expect(f.village_code === null).toBe(!(perCredit || f.code === "F11"));
      const hasAmount = ["F01", "F02", "F03", "F05", "F08", "F09", "F10"].includes(f.code);
      expect(f.amount_yuan === null).toBe(!hasAmount);
      if (f.amount_yuan) expect(f.amount_yuan).toMatch(/^\d+\.\d{2}$/);
    }
    const masked = new Set(loaded.credits.map((d) => maskPersonId(d.person_id)));
    for (const f of manifest.expected_findings) if (f.person) expect(masked.has(f.person)).toBe(true);
  });

  test("totals reconcile with the rows that load", () => {
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const t = manifest.totals;
    expect(t.required_yuan).toBe(money(sum(loaded.projects.map((p) => p.required))));
    expect(t.deposits_yuan).toBe(
      money(sum(loaded.flows.filter((f) => f.flow === "deposit").map((f) => f.amount))),
    );
    expect(t.refunds_yuan).toBe(
      money(sum(loaded.flows.filter((f) => f.flow === "refund").map((f) => f.amount))),
    );
    expect(t.distributed_yuan).toBe(money(sum(loaded.credits.map((d) => d.amount))));
    const ages = Object.values(t.unallocated_by_age_yuan as Record<string, string>);
    expect(ages).toHaveLength(5);
    for (const a of ages) expect(Number(a)).toBeGreaterThan(0);
    expect(money(sum(ages.map(fen)))).toBe(t.unallocated_yuan);
    const progress = Number(t.stock_progress);
    expect(progress).toBeGreaterThanOrEqual(0.6);
    expect(progress).toBeLessThanOrEqual(0.75);
    expect(t.increment_projects).toBeGreaterThanOrEqual(2);
    expect(Number(t.unallocated_yuan) / Number(t.received_yuan)).toBeGreaterThan(0.2);
  });

  test("planted_rejects: 10-30 bad rows over every table and the ledger, each really breaking its rule", () => {
    const rejects = manifest.planted_rejects;
    expect(rejects.length).toBeGreaterThanOrEqual(10);
    expect(rejects.length).toBeLessThanOrEqual(30);
    expect(new Set(rejects.map((r) => r.table)).size).toBe(6);
    const byPlace = new Map(
      Object.values(loaded.tables)
        .flat()
        .map((r) => [`${r.file}#${r.row}`, r.values]),
    );
    const projectIds = new Set(loaded.projects.map((p) => p.project_id));
    for (const r of rejects) {
      const values = byPlace.get(`${r.file}#${r.row}`);
      expect(values, `${r.file} row ${r.row}`).toBeDefined();
      const value = values![r.field];
      if (r.problem.startsWith("person_id")) expect(isValidPersonId(value)).toBe(false);
      if (r.problem === "money_decimals") expect(value).toMatch(/\.\d{3}$/);
      if (r.problem === "date_invalid") expect(() => day(value)).not.toThrow();
      if (r.problem === "project_unknown") expect(projectIds.has(value)).toBe(false);
      if (r.problem === "finding_key_project") expect(projectIds.has(value.slice(4))).toBe(false);
      if (r.problem === "finding_key_format") expect(value).not.toMatch(/^F(0[1-9]|1[0-2]):/);
      if (r.problem === "duplicate_key") {
        const key =
          r.table === "projects" ? loaded.projects : r.table === "fund_flows" ? loaded.flows : loaded.credits;
        expect(key.some((k) => (k as unknown as Record<string, string>)[r.field] === value)).toBe(true);
      }
    }
  });
});

describe("writeSample({scale: 'small', clean: true})", () => {
  test("no anomaly, no reject, no extra column: every rule finds nothing", async () => {
    const dir = join(root, "clean");
    const summary = await writeSample({ scale: "small", out: dir, clean: true });
    const m = await readManifest(dir);
    expect(summary.anomalies).toBe(0);
    expect(m.expected_findings).toEqual([]);
    expect(m.planted_rejects).toEqual([]);
    expect(m.planted_projects).toEqual([]);
    const data = await loadSample(dir, []);
    expect(data.tables.distributions[0].extras).toEqual([]);
    expect(await evaluateAll(dir, data)).toEqual([]);
  });
});

describe("writeSample({scale: 'small', format: 'csv'})", () => {
  test("UTF-8 CSV with English headers and ISO dates for every table; no extra columns, no rejects", async () => {
    const dir = join(root, "csv");
    const summary = await writeSample({ scale: "small", out: dir, format: "csv" });
    expect(summary.files).toContain("projects.csv");
    const text = await readFile(join(dir, "fund_flows.csv"), "utf8");
    expect(text.split("\r\n")[0]).toBe("flow_id,project_id,flow,account,flow_on,amount_yuan");
    expect(text).toMatch(/,deposit,pre_deposit,\d{4}-\d{2}-\d{2},\d+\.\d{2}\r\n/);
    const m = await readManifest(dir);
    expect(m.planted_rejects).toEqual([]);
    // The same findings; only the record ids in the keys of F08-F10 differ, as the mixed format's bad rows
    // take record numbers of their own.
    const comparable = (f: Finding) => ({
      ...f,
      finding_key: /^F(08|09|10)/.test(f.code) ? "" : f.finding_key,
    });
    expect(m.expected_findings.map(comparable)).toEqual(manifest.expected_findings.map(comparable));
    expect(summary.files.filter((f) => f.startsWith("rectifications/"))).toEqual([
      "rectifications/4401.csv",
      "rectifications/4417.csv",
    ]);
  });
});

describe("evaluateProject(bundle, villageOf, policy, asOf)", () => {
  // One village of 10 mu farmland, 1 mu per capita and 80% adults: 8 virtual people, 72,000 yuan.
  const village: VillageRecord = {
    village_code: "441721100001",
    village_name: "甲村",
    per_capita: 1_0000,
    adult_share: 8000,
  };
  const person = (birth: string, seq: string) => {
    const first17 = `441721${birth}${seq}`;
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
    return first17 + "10X98765432"[sum % 11];
  };
  const base = (): ProjectBundle => ({
    project: {
      project_id: "P1",
      project_name: "测试",
      county_code: "441721",
      applied_on: null,
      approved_on: dayOf("2020-03-02"),
      supplied_on: dayOf("2020-06-01"),
      area: 20_0000,
      farmland: 10_0000,
      zone_price: 40_000_00,
      method: "per_person",
      required: 72_000_00,
    },
    villages: [
      {
        project_id: "P1",
        village_code: village.village_code,
        farmland: 10_0000,
        compensation_paid_on: dayOf("2020-03-10"),
        quota: 9,
      },
    ],
    flows: [
      {
        flow_id: "F1",
        project_id: "P1",
        flow: "deposit",
        account: "pre_deposit",
        flow_on: dayOf("2020-01-10"),
        amount: 40_000_00,
      },
      {
        flow_id: "F2",
        project_id: "P1",
        flow: "deposit",
        account: "pre_deposit",
        flow_on: dayOf("2020-04-01"),
        amount: 32_000_00,
      },
      {
        flow_id: "F3",
        project_id: "P1",
        flow: "transfer",
        account: "special",
        flow_on: dayOf("2020-05-20"),
        amount: 72_000_00,
      },
    ],
    distributions: [],
  });
  const credit = (id: string, who: string, on: string, fen: number): DistributionRecord => ({
    record_id: id,
    project_id: "P1",
    village_code: village.village_code,
    person_id: who,
    amount: fen,
    credited_on: dayOf(on),
    account: "individual",
    name: "",
  });
  const run = (b: ProjectBundle) =>
    evaluateProject(b, () => village, DEFAULT_POLICY, dayOf("2021-06-30"))!.findings.map((f) => [
      f.code,
      f.person,
      f.amount_yuan,
    ]);

  test("late money: F01 short at approval, no F02 (paid before supply), F03 nothing in the special account by day 60", () => {
    const b = base();
    b.distributions = [credit("R1", person("19600101", "001"), "2020-04-20", 8000_00)];
    expect(run(b)).toEqual([
      ["F01", null, "32000.00"],
      ["F03", null, "72000.00"],
      ["F07", null, null], // 1 person for 8 virtual, and funded
    ]);
  });

  test("funded but nobody credited within 60 days of the money: F04, and F07 since funded", () => {
    expect(run(base()).map((r) => r[0])).toEqual(["F01", "F03", "F04", "F07"]);
  });

  test("per credit: second credit (F08), child in an individual account (F09), after the quota year (F10), over quota (F11)", () => {
    const b = base();
    b.flows = [
      { ...b.flows[0], amount: 72_000_00 },
      { ...b.flows[2], flow_on: dayOf("2020-03-20") },
    ];
    b.villages[0].quota = 2;
    const adult = person("19600101", "001");
    const child = person("20100315", "002");
    const late = person("19700101", "003");
    b.distributions = [
      credit("R1", adult, "2020-03-05", 1000_00),
      credit("R2", child, "2020-03-05", 500_00),
      credit("R3", person("20040305", "004"), "2020-03-05", 400_00), // 16 that very day: an adult
      credit("R4", adult, "2020-06-01", 700_00),
      credit("R5", person("19710101", "005"), "2021-03-10", 100_00), // the quota's last day
      credit("R6", late, "2021-03-11", 300_00),
    ];
    expect(run(b)).toEqual([
      ["F07", null, null],
      ["F08", maskPersonId(adult), "700.00"],
      ["F09", maskPersonId(child), "500.00"],
      ["F10", maskPersonId(late), "300.00"],
      ["F11", null, null],
    ]);
  });

  test("F12 compares the methods exactly: 4 mu x 40,000 x 20% = 32,000 < 8 x 9,000; 9 mu ties at 72,000", () => {
    const b = base();
    b.project.area = 4_0000;
    expect(run(b).map((r) => r[0])).toContain("F12");
    b.project.area = 9_0000;
    expect(run(b).map((r) => r[0])).not.toContain("F12");
  });
});

describe("writeSample({scale: 'demo'})", () => {
  test("data/sample is exactly what the generator writes (the committed demo cannot drift)", async () => {
    const dir = join(root, "demo");
    const summary = await writeSample({ scale: "demo", out: dir });
    expect(summary.rows.projects).toBeGreaterThan(2900);
    expect(summary.rows.distributions).toBeGreaterThanOrEqual(120_000);
    expect(summary.rows.distributions).toBeLessThanOrEqual(200_000);
    const fresh = await hashes(dir);
    const committed = await hashes(join(import.meta.dirname, "..", "data", "sample"));
    expect(committed).toEqual(fresh);
  });

  test("projects.xlsx is framed as systems export it: a title, a unit row, 县区代码 merged, 合计 and 填表人 rows", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      (await readFile(
        join(import.meta.dirname, "..", "data", "sample", "projects.xlsx"),
      )) as unknown as ArrayBuffer,
    );
    const sheet = book.worksheets[0];
    const text = (r: number, c: number) => String(sheet.getRow(r).getCell(c).value ?? "");
    expect(text(1, 1)).toContain("批次台账");
    expect(text(2, 1)).toContain("单位");
    expect(text(3, 1)).toBe("批次编号");
    const merges = (sheet.model as unknown as { merges: string[] }).merges;
    expect(merges).toContain("A1:K1");
    expect(merges.filter((m) => m.startsWith("C")).length).toBeGreaterThan(100);
    const last = sheet.rowCount;
    expect(text(last, 1)).toMatch(/^填表人/);
    expect(text(last - 1, 1)).toBe("合计");
    // The 合计 of 应筹补贴资金 is the sum of every data row above it, to the fen.
    let fen = 0n;
    for (let r = 4; r < last - 1; r++) fen += BigInt(Math.round(Number(text(r, 11)) * 100));
    expect(BigInt(Math.round(Number(text(last - 1, 11)) * 100))).toBe(fen);
  });
});
