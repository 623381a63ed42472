// The evidence file as an auditor files it (docs/outputs.md#export, docs/findings.md#proof): the proof
// columns hold the figures each rule compared, checked against a computation of their own from the
// fixture's rows; the XLSX read back with openpyxl (types, number formats, frozen header, autofilter,
// widths) and converted by LibreOffice gives the CSV's values; the site's download has the same columns.
import { afterAll, describe, expect, test } from "vitest";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { EVIDENCE_COLUMNS, PROOF_COLUMNS } from "@xianbao/common/evidence.js";
import { sheetTypes } from "@xianbao/common/csv.js";
import { main } from "../loaders/cli.ts";
import { downloadBlob } from "../src/components/download.js";
import { EVIDENCE_DOWNLOAD } from "../src/components/findingsColumns.js";
import { parseCsv } from "./e2e/site.ts";
import { personId, project, writeDataDir, type Row } from "./fixtures.ts";
import { flow } from "./reviewFixture.ts";

const run = promisify(execFile);
const AS_OF = "2021-03-31";

// Three projects. P1: 30,000 of 90,000 had arrived by its approval (F01), 20,000 of it in the special
// account by the 60-day deadline (F03). P2: one village of 10 mu farmland, 0.8 adults, 2 mu a head, so
// 4 virtual people; 9 people credited (F06, 9 / 4 >= 2); 10 mu at 10,000 a mu in the 20 % tier is 20,000 by
// the new method against 4 x 9,000 by the old (F12). P3: compensation paid to the village on 2020-02-29, a
// quota valid one year; credits on 2021-02-28 (still valid) and 2021-03-01 (F10).
const villages: Row[] = [
  { village_code: "440103001001", village_name: "甲村", farmland_per_capita_mu: "1", adult_share: "1" },
  { village_code: "440103001002", village_name: "乙村", farmland_per_capita_mu: "2", adult_share: "0.8" },
  { village_code: "440103001003", village_name: "丙村", farmland_per_capita_mu: "1", adult_share: "1" },
];
const projects: Row[] = [
  project("P1", { approved_on: "2020-03-01", required_yuan: "90000.00", area_mu: "10", farmland_mu: "10" }),
  project("P2", { approved_on: "2020-03-01", required_yuan: "36000.00", zone_price: "10000" }),
  project("P3", { approved_on: "2020-01-15", required_yuan: "9000.00", area_mu: "1", farmland_mu: "1" }),
];
const links: Row[] = [
  { project_id: "P1", village_code: "440103001001", farmland_mu: "10" },
  { project_id: "P2", village_code: "440103001002", farmland_mu: "10" },
  { project_id: "P3", village_code: "440103001003", farmland_mu: "1", compensation_paid_on: "2020-02-29" },
];
const flows: Row[] = [
  flow("P1", "deposit", "pre_deposit", "2020-02-01", "30000.00"),
  flow("P1", "transfer", "special", "2020-04-01", "20000.00"),
  flow("P1", "deposit", "special", "2020-06-01", "40000.00"),
  flow("P2", "deposit", "special", "2020-01-01", "36000.00"),
  flow("P3", "deposit", "special", "2020-01-10", "9000.00"),
];
const credit = (record_id: string, project_id: string, village_code: string, day: string, n: number) => ({
  record_id,
  project_id,
  village_code,
  person_id: personId("440103", "19700101", n),
  amount_yuan: "1000.00",
  credited_on: day,
  account: "individual",
});
const credits: Row[] = [
  ...Array.from({ length: 9 }, (_, i) => credit(`RP2-${i + 1}`, "P2", "440103001002", "2020-05-01", i + 1)),
  credit("RA", "P3", "440103001003", "2021-02-28", 20),
  credit("RB", "P3", "440103001003", "2021-03-01", 21),
];
const tables = { projects, villages, project_villages: links, fund_flows: flows, distributions: credits };

// The computation of our own: plain arithmetic over the rows above, in fen and calendar days.
const fen = (yuan: unknown) => Math.round(Number(yuan) * 100);
const byId = (id: string) => projects.find((p) => p.project_id === id)!;
const sumFen = (rows: Row[]) => rows.reduce((s, r) => s + fen(r.amount_yuan), 0);
const receivedBy = (id: string, day: string) =>
  sumFen(flows.filter((f) => f.project_id === id && f.flow === "deposit" && String(f.flow_on) <= day));
const inSpecialBy = (id: string, day: string) =>
  sumFen(
    flows.filter(
      (f) =>
        f.project_id === id &&
        String(f.flow_on) <= day &&
        (f.flow === "transfer" || (f.flow === "deposit" && f.account === "special")),
    ),
  );
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
/** A calendar year later; 29 February becomes 28 February. */
const addYear = (day: string) => {
  const next = `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`;
  const exists = new Date(`${next}T00:00:00Z`).toISOString().slice(0, 10) === next;
  return exists ? next : next.replace("-02-29", "-02-28");
};
const virtualPeople = (id: string) =>
  links
    .filter((l) => l.project_id === id)
    .map((l) => {
      const v = villages.find((x) => x.village_code === l.village_code)!;
      return (Number(l.farmland_mu) * Number(v.adult_share)) / Number(v.farmland_per_capita_mu);
    })
    .reduce((a, b) => a + b, 0);
const yuanText = (f: number) => (f / 100).toFixed(2);

async function exportTo(file: string, extra: string[] = []) {
  const dir = await writeDataDir(tables);
  const io = { out: () => {}, err: () => {}, isTTY: false };
  const argv = ["node", "xianbao", "export", "--data", dir, "--out", file, "--as-of", AS_OF, ...extra];
  expect(await main(argv, io)).toBe(0);
}

type Cell = { value: unknown; type: string; is_date: boolean; format: string; bold: boolean };
async function openpyxl(file: string) {
  const { stdout } = await run("python3", [join(import.meta.dirname, "sheets", "read_xlsx.py"), file]);
  return JSON.parse(stdout) as {
    title: string;
    freeze_panes: string;
    auto_filter: string;
    widths: Record<string, number>;
    rows: Cell[][];
  };
}

const folders: string[] = [];
const folder = async () => {
  const dir = await mkdtemp(join(tmpdir(), "xianbao-evidence-"));
  folders.push(dir);
  return dir;
};
afterAll(async () => {
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
});
const csvRows = async (file: string) => parseCsv((await readFile(file, "utf8")).replace(/^\ufeff/, ""));

describe("xianbao export: the proof columns", () => {
  test("F01, F03, F06, F10 and F12 carry the figures their rule compared, as computed from the rows", async () => {
    const out = join(await folder(), "ev.csv");
    await exportTo(out);
    const [header, ...rows] = await csvRows(out);
    expect(header).toEqual(EVIDENCE_COLUMNS.map((c) => c.label));
    const at = (key: string) => {
      const row = rows.find((r) => r[0] === key);
      expect(row, key).toBeDefined();
      return Object.fromEntries(EVIDENCE_COLUMNS.map((c, i) => [c.key, row![i]]));
    };
    const p1 = byId("P1");
    const received = receivedBy("P1", String(p1.approved_on));
    expect(at("F01:P1")).toMatchObject({
      required_yuan: String(p1.required_yuan),
      received_yuan: yuanText(received),
      gap_yuan: yuanText(fen(p1.required_yuan) - received),
      approved_on: p1.approved_on,
      amount_yuan: yuanText(fen(p1.required_yuan) - received),
    });
    const deadline = addDays(String(p1.approved_on), 60);
    const special = inSpecialBy("P1", deadline);
    expect(at("F03:P1")).toMatchObject({
      required_yuan: "90000.00",
      in_special_yuan: yuanText(special),
      gap_yuan: yuanText(fen(p1.required_yuan) - special),
      approved_on: "2020-03-01",
      deadline_on: deadline,
      received_yuan: "",
    });
    const actual = new Set(credits.filter((c) => c.project_id === "P2").map((c) => c.person_id)).size;
    expect(at("F06:P2")).toMatchObject({
      actual_people: String(actual),
      virtual_people: String(virtualPeople("P2")),
      headcount_ratio: String(actual / virtualPeople("P2")),
      threshold_ratio: "2",
    });
    const paid = String(links.find((l) => l.project_id === "P3")!.compensation_paid_on);
    expect(at("F10:P3:RB")).toMatchObject({
      compensation_paid_on: paid,
      deadline_on: addYear(paid),
      event_on: "2021-03-01",
      amount_yuan: "1000.00",
    });
    expect(rows.some((r) => r[0] === "F10:P3:RA")).toBe(false);
    const p2 = byId("P2");
    const newFen = fen(p2.area_mu) * Number(p2.zone_price) * 0.2;
    const oldFen = Math.round(virtualPeople("P2") * 900000);
    expect(at("F12:P2")).toMatchObject({
      new_method_yuan: yuanText(newFen),
      old_method_yuan: yuanText(oldFen),
      gap_yuan: yuanText(oldFen - newFen),
    });
    // a proof column is filled on the rows of the rules it proves, and only there
    for (const row of rows) {
      const code = row[1];
      for (const c of PROOF_COLUMNS) {
        const cell = row[EVIDENCE_COLUMNS.findIndex((e) => e.key === c.key)];
        if (!c.rules.includes(code)) expect(cell, `${row[0]} ${c.key}`).toBe("");
      }
    }
    // plain CSV: numbers without separators, ISO dates
    const typed = EVIDENCE_COLUMNS.flatMap((c, i) => (c.type === "text" ? [] : [[c.type, i] as const]));
    for (const row of rows)
      for (const [type, i] of typed)
        if (row[i] !== "")
          expect(row[i]).toMatch(type === "date" ? /^\d{4}-\d{2}-\d{2}$/ : /^-?\d+(\.\d+)?$/);
  });
});

describe("xianbao export --out FILE.xlsx, read back with openpyxl and LibreOffice", () => {
  test("numbers as numbers with their formats, dates as dates, the header bold and frozen, an autofilter, widths from the content", async () => {
    const dir = await folder();
    await exportTo(join(dir, "ev.xlsx"));
    const book = await openpyxl(join(dir, "ev.xlsx"));
    const [header, ...rows] = book.rows;
    expect(book.title).toBe("审计线索");
    expect(header.map((c) => c.value)).toEqual(EVIDENCE_COLUMNS.map((c) => c.label));
    expect(header.every((c) => c.bold)).toBe(true);
    expect(book.freeze_panes).toBe("A2");
    expect(book.auto_filter).toBe(`A1:AO${rows.length + 1}`);
    expect(EVIDENCE_COLUMNS.length).toBe(41); // AO is the 41st column
    const FORMATS = {
      yuan: "#,##0.00",
      count: "#,##0",
      decimal: "#,##0.00",
      ratio: "0.00",
      date: "yyyy-mm-dd",
    };
    let checked = 0;
    for (const row of rows)
      EVIDENCE_COLUMNS.forEach((c, i) => {
        const cell = row[i];
        if (cell.value === null) return;
        checked++;
        if (c.type === "text") expect(cell.type, c.key).toBe("s");
        else if (c.type === "date") expect([cell.is_date, cell.format], c.key).toEqual([true, FORMATS.date]);
        else expect([cell.type, cell.format], c.key).toEqual(["n", FORMATS[c.type]]);
      });
    expect(checked).toBeGreaterThan(100);
    const f01 = rows.find((r) => r[0].value === "F01:P1")!;
    const cell = (r: Cell[], key: string) => r[EVIDENCE_COLUMNS.findIndex((c) => c.key === key)].value;
    expect([cell(f01, "amount_yuan"), cell(f01, "approved_on"), cell(f01, "received_yuan")]).toEqual([
      60000,
      "2020-03-01",
      30000,
    ]);
    const f06 = rows.find((r) => r[0].value === "F06:P2")!;
    expect([cell(f06, "actual_people"), cell(f06, "virtual_people"), cell(f06, "headcount_ratio")]).toEqual([
      9, 4, 2.25,
    ]);
    // widths: a CJK character counts two, capped at 50; a date column fits yyyy-mm-dd
    const width = (key: string) =>
      book.widths[String.fromCharCode(65 + EVIDENCE_COLUMNS.findIndex((c) => c.key === key))];
    expect(width("detail")).toBe(50);
    expect(width("event_on")).toBe(12); // 10 characters and a margin of 2
    expect(width("county_name")).toBe(8); // 荔湾区: 3 CJK characters (6) and the margin; the bold 县区 is 5
    expect(width("code")).toBeLessThan(width("title"));
  });

  test("--with-personal-data: the notice stays above the header; the freeze and the filter follow the header", async () => {
    const dir = await folder();
    await exportTo(join(dir, "ev.xlsx"), ["--with-personal-data"]);
    const book = await openpyxl(join(dir, "ev.xlsx"));
    expect(String(book.rows[0][0].value)).toContain("PERSONAL DATA");
    expect(book.rows[1].map((c) => c.value)).toEqual(EVIDENCE_COLUMNS.map((c) => c.label));
    expect(book.freeze_panes).toBe("A3");
    expect(book.auto_filter).toBe(`A2:AO${book.rows.length}`);
    // the notice does not widen the first column
    expect(book.widths.A).toBeLessThan(50);
  });

  test("LibreOffice converts the XLSX to the CSV's values; the same findings give the same bytes", async () => {
    const dir = await folder();
    await exportTo(join(dir, "ev.xlsx"));
    await exportTo(join(dir, "ev.csv"));
    const again = join(await folder(), "ev.xlsx");
    await exportTo(again);
    expect((await readFile(again)).equals(await readFile(join(dir, "ev.xlsx")))).toBe(true);
    const lo = join(dir, "lo");
    // raw values, not as shown (filter option 9 = false), in UTF-8 (76)
    await run(
      "soffice",
      [
        `-env:UserInstallation=file://${join(dir, "profile")}`,
        "--headless",
        "--convert-to",
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false",
        "--outdir",
        lo,
        join(dir, "ev.xlsx"),
      ],
      { timeout: 110_000 },
    );
    const fromLibre = await csvRows(join(lo, "ev.csv"));
    const ours = await csvRows(join(dir, "ev.csv"));
    expect(fromLibre.length).toBe(ours.length);
    const types = EVIDENCE_COLUMNS.map((c) => c.type);
    ours.forEach((row, r) =>
      row.forEach((value, i) => {
        const theirs = fromLibre[r][i] ?? "";
        if (r > 0 && value !== "" && !["text", "date"].includes(types[i]))
          expect(Number(theirs), `${r} ${EVIDENCE_COLUMNS[i].key}`).toBe(Number(value));
        else expect(theirs, `${r} ${EVIDENCE_COLUMNS[i].key}`).toBe(value);
      }),
    );
  });
});

describe("the site's evidence download and xianbao export", () => {
  test("have the same header and the same cell types", async () => {
    const out = join(await folder(), "ev.csv");
    await exportTo(out);
    const site = await downloadBlob("csv", [], EVIDENCE_DOWNLOAD, "审计线索");
    const siteHeader = parseCsv(new TextDecoder().decode(await site.arrayBuffer()))[0];
    expect(siteHeader).toEqual((await csvRows(out))[0]);
    expect(sheetTypes(EVIDENCE_DOWNLOAD)).toEqual(sheetTypes(EVIDENCE_COLUMNS));
  });
});
