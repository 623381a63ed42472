/**
 * The malformed-input corpus (docs/data.md#bad-input): each case starts from the small valid data
 * set `BASE` (written by `writeBase`), breaks it in one way with `build`, and declares next to it what the
 * load must do: stop with a bilingual message naming the file (`fails`), or load with exact row counts
 * per file and exact rejects (`rows`). test/corpus.test.ts runs every case.
 */
import { mkdir, rm, symlink, writeFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { TableName } from "../../loaders/contract.ts";
import type { FileReport } from "../../loaders/report.ts";
import { LIMITS, type Limits } from "../../loaders/sources/limits.ts";
import { checkCharacter } from "../../loaders/personId.ts";
import { encodeGbk } from "../../tools/sample/gbk.ts";
import { withWarehouse } from "../../loaders/warehouse.ts";
import { writeXlsx } from "@xianbao/common/xlsx.js";
import { personId, project, tableCsv, writeDataDir, type Row, type Tables } from "../fixtures.ts";

/** The load day of every case: later dates are future dates. */
export const TODAY = "2026-11-23";

const ID1 = personId("440103", "19700101", 1);
const ID2 = personId("440103", "19650302", 2);
const ID3 = personId("441702", "19800515", 3);

/** Two projects in two cities (Guangzhou Liwan, Yangjiang Jiangcheng), fully valid. */
export const BASE: Required<Tables> = {
  projects: [
    project("P1", { applied_on: "2020-01-05", supplied_on: "2020-04-01" }),
    project("P2", {
      county_code: "441702",
      approved_on: "2021-05-10",
      area_mu: "20",
      farmland_mu: "15",
      zone_price: "80000",
      method: "per_land",
      required_yuan: "288000.00",
    }),
  ],
  villages: [
    { village_code: "440103001001", village_name: "甲村", farmland_per_capita_mu: "1.2", adult_share: "0.8" },
    {
      village_code: "440103001002",
      village_name: "乙村",
      farmland_per_capita_mu: "1.5",
      adult_share: "0.75",
    },
    { village_code: "441702100001", village_name: "丙村", farmland_per_capita_mu: "2", adult_share: "0.9" },
  ],
  project_villages: [
    {
      project_id: "P1",
      village_code: "440103001001",
      farmland_mu: "6",
      compensation_paid_on: "2020-03-10",
      quota: "5",
    },
    { project_id: "P1", village_code: "440103001002", farmland_mu: "4" },
    {
      project_id: "P2",
      village_code: "441702100001",
      farmland_mu: "15",
      compensation_paid_on: "2021-06-01",
      quota: "8",
    },
  ],
  fund_flows: [
    {
      flow_id: "F1",
      project_id: "P1",
      flow: "deposit",
      account: "pre_deposit",
      flow_on: "2020-01-10",
      amount_yuan: "90000.00",
    },
    {
      flow_id: "F2",
      project_id: "P1",
      flow: "transfer",
      account: "special",
      flow_on: "2020-03-20",
      amount_yuan: "90000.00",
    },
    {
      flow_id: "F3",
      project_id: "P2",
      flow: "deposit",
      account: "special",
      flow_on: "2021-05-01",
      amount_yuan: "288000.00",
    },
  ],
  distributions: [
    credit("D1", "P1", "440103001001", ID1, "2020-04-15"),
    credit("D2", "P1", "440103001002", ID2, "2020-04-20"),
    credit("D3", "P2", "441702100001", ID3, "2021-07-01"),
  ],
};

/** Writes BASE as one UTF-8 CSV per table (English headers) into `dir` or a new directory; returns it. */
export function writeBase(dir?: string): Promise<string> {
  return writeDataDir(BASE, { dir });
}

/** What a whole-file failure must say: the file it names and a pattern for the Chinese + English text. */
export interface Failure {
  file: string;
  message: RegExp;
}

/** Rows read, loaded and rejected for one file, plus other load-report fields to match (`warning`: a pattern). */
export type FileCounts = [
  read: number,
  loaded: number,
  rejected: number,
  more?: Partial<Omit<FileReport, "warnings">> & { warning?: RegExp },
];

export interface RowsOutcome {
  /** Files whose counts differ from BASE's (every other file must load all its BASE rows). */
  files: Record<string, FileCounts>;
  /** Every reject of the load as `file:row:field:reason_code` (field `-` for a line that cannot be split). */
  rejects: string[];
  /** Patterns the Chinese + English reason of a reject must match, by the same key. */
  reasons?: Record<string, RegExp>;
  /** Loaded rows of a table in file and row order, each matched as a subset of its columns. */
  loaded?: Partial<Record<TableName, Record<string, unknown>[]>>;
  /** Files listed in the report as not read. */
  ignored?: string[];
}

export interface CorpusCase {
  name: string;
  category: string;
  build: (dir: string) => Promise<void>;
  /** Smaller bounds than the real ones (sources/limits.ts), for a case that tests a bound. */
  limits?: Limits;
  fails?: Failure;
  rows?: RowsOutcome;
}

function credit(
  record_id: string,
  project_id: string,
  village_code: string,
  person_id: string,
  credited_on: string,
): Row {
  return {
    record_id,
    project_id,
    village_code,
    person_id,
    amount_yuan: "9000.00",
    credited_on,
    account: "individual",
  };
}

const flow = (flow_id: string, flow_on: string, amount_yuan: string, more: Row = {}): Row => ({
  flow_id,
  project_id: "P1",
  flow: "deposit",
  account: "pre_deposit",
  flow_on,
  amount_yuan,
  ...more,
});

const HEADERS: Record<TableName, string> = {
  projects: tableCsv("projects", []).trim(),
  villages: tableCsv("villages", []).trim(),
  project_villages: tableCsv("project_villages", []).trim(),
  fund_flows: tableCsv("fund_flows", []).trim(),
  distributions: tableCsv("distributions", []).trim(),
};

/** BASE rows of a table plus `extra`, as CSV text. */
const withRows = (table: TableName, extra: Row[]) => tableCsv(table, [...BASE[table], ...extra]);

/** CSV lines of a table's BASE rows without the header. */
const baseLines = (table: TableName) => tableCsv(table, BASE[table]).trim().split("\n").slice(1);

/** CSV text without its last column (projects: required_yuan). */
const withoutLastColumn = (text: string) => text.replace(/,[^,\n]*\n/g, "\n");

const put = (dir: string, name: string, content: string | Uint8Array) => writeFile(join(dir, name), content);

/** Replaces `<table>.csv` by another file (name and content). */
async function replace(
  dir: string,
  table: TableName,
  name: string,
  content: string | Uint8Array,
): Promise<void> {
  await rm(join(dir, `${table}.csv`));
  await put(dir, name, content);
}

/** An XLSX workbook of sheets (name -> rows) written with exceljs, as Excel would. */
async function workbook(
  sheets: Record<string, ExcelJS.CellValue[][]>,
  edit?: (wb: ExcelJS.Workbook) => void,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const row of rows) ws.addRow(row);
  }
  edit?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Deterministic pseudo-random bytes (a linear congruential generator), optionally within [low, high]. */
function junk(length: number, seed: number, low = 0, high = 255): Buffer {
  const out = Buffer.alloc(length);
  let s = seed;
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out[i] = low + ((s >> 16) % (high - low + 1));
  }
  return out;
}

/** A valid ID whose check character is X (for the lower-case x case). */
function idWithX(county: string, birth: string): string {
  for (let seq = 1; seq < 1000; seq++) {
    const first17 = `${county}${birth}${String(seq).padStart(3, "0")}`;
    if (checkCharacter(first17) === "X") return first17 + "X";
  }
  throw new Error("no X check character");
}

const ID_X = idWithX("440103", "19800808");
const ID_BAD_CHECK = ID1.slice(0, 17) + (ID1[17] === "0" ? "1" : "0");

async function parquetOf(path: string, select: string): Promise<void> {
  await withWarehouse(":memory:", (db) =>
    db.run(`COPY (${select}) TO '${path.replace(/'/g, "''")}' (FORMAT parquet)`),
  );
}

const VILLAGES_PARQUET = `SELECT * FROM (VALUES
  ('440103001001', '甲村', '1.2', '0.8'), ('440103001002', '乙村', '1.5', '0.75'), ('441702100001', '丙村', '2', '0.9'))
  t(village_code, village_name, farmland_per_capita_mu, adult_share)`;

const policy = (dir: string, text: string) => put(dir, "policy.json", text);

/** A one-sheet workbook written by the project's writer, its sheet XML then replaced (a tampered file). */
async function tamperedWorkbook(sheetData: string, extra: Record<string, string> = {}): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await writeXlsx(JSZip, [HEADERS.villages.split(",")]));
  zip.file(
    "xl/worksheets/sheet1.xml",
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetData}</sheetData></worksheet>`,
  );
  for (const [name, text] of Object.entries(extra)) zip.file(name, text);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

const headerCells = HEADERS.villages
  .split(",")
  .map((h, i) => `<c r="${"ABCD"[i]}1" t="inlineStr"><is><t>${h}</t></is></c>`)
  .join("");

const failures: CorpusCase[] = [
  {
    name: "an empty file (0 bytes)",
    category: "empty",
    build: (d) => put(d, "villages.csv", ""),
    fails: { file: "villages.csv", message: /empty.*0 bytes/ },
  },
  {
    name: "a file of empty lines, no header",
    category: "empty",
    build: (d) => put(d, "villages.csv", "\n\r\n\n"),
    fails: { file: "villages.csv", message: /没有表头行[\s\S]*no header row/ },
  },
  {
    name: "a missing required column",
    category: "header",
    build: (d) => put(d, "projects.csv", withoutLastColumn(tableCsv("projects", BASE.projects))),
    fails: {
      file: "projects.csv",
      message: /应筹补贴资金\(元\)\(required_yuan\)[\s\S]*missing required column\(s\) required_yuan/,
    },
  },
  {
    name: "missing required columns under Chinese headers",
    category: "header",
    build: (d) => put(d, "villages.csv", "村代码,村名,2002年末人均农用地（亩）\n440103001001,甲村,1.2\n"),
    fails: { file: "villages.csv", message: /16周岁以上人口比例\(adult_share\)[\s\S]*adult_share/ },
  },
  {
    name: "a duplicated header: the English name and the Chinese label of one field",
    category: "header",
    build: (d) =>
      put(
        d,
        "fund_flows.csv",
        `${HEADERS.fund_flows},金额(元)\n` +
          baseLines("fund_flows")
            .map((l) => `${l},1`)
            .join("\n") +
          "\n",
      ),
    fails: {
      file: "fund_flows.csv",
      message: /第6列“amount_yuan”和第7列“金额\(元\)”[\s\S]*both name the field amount_yuan/,
    },
  },
  {
    name: "a duplicated header: the same name twice",
    category: "header",
    build: (d) =>
      put(
        d,
        "distributions.csv",
        `record_id,${HEADERS.distributions}\nX,` + baseLines("distributions").join("\nX,") + "\n",
      ),
    fails: { file: "distributions.csv", message: /column 1 "record_id" and column 2 "record_id"/ },
  },
  {
    name: "UTF-16LE without a BOM",
    category: "encoding",
    build: (d) => put(d, "villages.csv", Buffer.from(withRows("villages", []), "utf16le")),
    fails: { file: "villages.csv", message: /无法识别文件编码[\s\S]*unknown encoding/ },
  },
  {
    name: "UTF-16BE without a BOM",
    category: "encoding",
    build: (d) => put(d, "villages.csv", Buffer.from(withRows("villages", []), "utf16le").swap16()),
    fails: { file: "villages.csv", message: /unknown encoding/ },
  },
  {
    name: "binary junk named .csv",
    category: "encoding",
    build: (d) => put(d, "villages.csv", junk(4000, 7)),
    fails: { file: "villages.csv", message: /unknown encoding/ },
  },
  {
    name: "binary junk without NUL bytes (high bytes only)",
    category: "encoding",
    build: (d) => put(d, "villages.csv", junk(4000, 11, 0x80, 0xff)),
    fails: { file: "villages.csv", message: /unknown encoding/ },
  },
  {
    name: "a UTF-8 file with a NUL byte after the first 4 KB",
    category: "encoding",
    build: (d) =>
      put(
        d,
        "villages.csv",
        withRows(
          "villages",
          Array.from({ length: 120 }, (_, i) => ({
            village_code: `4401030020${String(i).padStart(2, "0")}`,
            village_name: "村".repeat(10),
            farmland_per_capita_mu: "1",
            adult_share: "1",
          })),
        ) + "\0\n",
      ),
    fails: { file: "villages.csv", message: /unknown encoding/ },
  },
  {
    name: "a password-protected workbook (OLE EncryptedPackage)",
    category: "xlsx",
    build: (d) =>
      replace(
        d,
        "villages",
        "villages.xlsx",
        Buffer.concat([
          Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
          Buffer.alloc(504),
          Buffer.from("EncryptedInfo\0EncryptedPackage", "utf16le"),
          Buffer.alloc(512),
        ]),
      ),
    fails: { file: "villages.xlsx", message: /密码保护[\s\S]*password-protected/ },
  },
  {
    name: "a legacy .xls renamed .xlsx",
    category: "xlsx",
    build: (d) =>
      replace(
        d,
        "villages",
        "villages.xlsx",
        Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]),
      ),
    fails: { file: "villages.xlsx", message: /\.xls\)[\s\S]*legacy Excel 97-2003/ },
  },
  {
    name: "a corrupt XLSX (a workbook cut at 60 %)",
    category: "xlsx",
    build: async (d) => {
      const rows = [HEADERS.villages.split(","), ...BASE.villages.map((v) => Object.values(v) as string[])];
      for (let i = 0; i < 200; i++) rows.push([`4401030030${String(i).padStart(2, "0")}`, "村", "1", "1"]);
      const bytes = await workbook({ 村: rows });
      await replace(d, "villages", "villages.xlsx", bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    },
    fails: { file: "villages.xlsx", message: /损坏[\s\S]*damaged/ },
  },
  {
    name: "a zip archive that is not a workbook, named .xlsx",
    category: "xlsx",
    build: async (d) => {
      const zip = new JSZip();
      zip.file("readme.txt", "not a workbook");
      await replace(d, "villages", "villages.xlsx", await zip.generateAsync({ type: "nodebuffer" }));
    },
    fails: { file: "villages.xlsx", message: /不是 Excel 工作簿[\s\S]*not an Excel workbook/ },
  },
  {
    name: "an XLSX whose data is on the second sheet, the first sheet empty: the second is read and the first named as skipped",
    category: "xlsx",
    build: async (d) =>
      replace(
        d,
        "villages",
        "villages.xlsx",
        await workbook({
          空白: [],
          数据: [HEADERS.villages.split(","), ...BASE.villages.map((v) => Object.values(v) as string[])],
        }),
      ),
    rows: {
      files: {
        "villages.xlsx": [3, 3, 0, { sheet: "数据", sheets_skipped: [{ sheet: "空白", reason: "empty" }] }],
      },
      rejects: [],
    },
  },
  {
    name: "an XLSX whose only sheet is empty",
    category: "xlsx",
    build: async (d) => replace(d, "villages", "villages.xlsx", await workbook({ 空白: [] })),
    fails: { file: "villages.xlsx", message: /唯一的工作表“空白”是空的[\s\S]*only sheet "空白" is empty/ },
  },
  {
    name: "an XLSX with a merged title row above the header: the header is found on row 2",
    category: "xlsx",
    build: async (d) =>
      replace(
        d,
        "villages",
        "villages.xlsx",
        await workbook(
          {
            村: [
              ["2023年被征地单位表"],
              HEADERS.villages.split(","),
              ...BASE.villages.map((v) => Object.values(v) as string[]),
            ],
          },
          (wb) => wb.getWorksheet("村")!.mergeCells("A1:D1"),
        ),
      ),
    rows: { files: { "villages.xlsx": [3, 3, 0, { header_rows: [2, 2] }] }, rejects: [] },
  },
  {
    name: "an XLSX with merged header cells (two fields under one merged cell)",
    category: "xlsx",
    build: async (d) =>
      replace(
        d,
        "villages",
        "villages.xlsx",
        await workbook(
          {
            村: [
              ["村代码", "村名", "2002年末人均农用地(亩)", null],
              ...BASE.villages.map((v) => Object.values(v) as string[]),
            ],
          },
          (wb) => wb.getWorksheet("村")!.mergeCells("C1:D1"),
        ),
      ),
    fails: { file: "villages.xlsx", message: /缺少必填列 16周岁以上人口比例\(adult_share\)/ },
  },
  {
    name: "policy.json: a wrong type",
    category: "policy",
    build: (d) => policy(d, '{"transfer_deadline_days": "sixty"}'),
    fails: { file: "policy.json", message: /key transfer_deadline_days must be a whole number/ },
  },
  {
    name: "policy.json: an unknown key in an override",
    category: "policy",
    build: (d) => policy(d, '{"overrides": {"4401": {"per_persn_yuan": 16200}}}'),
    fails: { file: "policy.json", message: /overrides\.4401\.per_persn_yuan is not a known parameter/ },
  },
  // Keys every JavaScript object inherits: each must be refused by name like any unknown key.
  ...["constructor", "__proto__", "hasOwnProperty", "toString"].map((key): CorpusCase => ({
    name: `policy.json: the inherited name ${key} is not a parameter`,
    category: "policy",
    build: (d) => policy(d, `{"${key}": 1}`),
    fails: {
      file: "policy.json",
      message: new RegExp(
        `键 ${key} 不是已知参数[\\s\\S]*key ${key} is not a known parameter; the known ones are: scope_start,`,
      ),
    },
  })),
  {
    name: "policy.json: an inherited name inside an override",
    category: "policy",
    build: (d) => policy(d, '{"overrides": {"4401": {"constructor": {}}}}'),
    fails: { file: "policy.json", message: /overrides\.4401\.constructor is not a known parameter/ },
  },
  {
    name: "policy.json: a malformed override code",
    category: "policy",
    build: (d) => policy(d, '{"overrides": {"44A1": {"per_person_yuan": 16200}}}'),
    fails: { file: "policy.json", message: /overrides\.44A1 must be a 4-digit city or 6-digit county code/ },
  },
  {
    name: "policy.json: land ratio tiers out of order",
    category: "policy",
    build: (d) =>
      policy(
        d,
        JSON.stringify({
          land_ratio_tiers: [
            { max_price: 100000, ratio: 0.18 },
            { max_price: 50000, ratio: 0.2 },
            { max_price: null, ratio: 0.1 },
          ],
        }),
      ),
    fails: { file: "policy.json", message: /land_ratio_tiers \[1\]\.max_price must increase/ },
  },
  {
    name: "policy.json: not JSON",
    category: "policy",
    build: (d) => policy(d, "{transfer_deadline_days: 60,}"),
    fails: { file: "policy.json", message: /不是有效的 JSON[\s\S]*not valid JSON/ },
  },
  {
    name: "policy.json: a directory, not a file",
    category: "policy",
    build: (d) => mkdir(join(d, "policy.json")),
    fails: { file: "policy.json", message: /无法读取[\s\S]*cannot be read/ },
  },
  {
    name: "a table missing",
    category: "directory",
    build: (d) => rm(join(d, "villages.csv")),
    fails: {
      file: "villages",
      message: /缺少表 villages \(被征地单位\)[\s\S]*lacks the table\(s\) villages/,
    },
  },
  {
    name: "a table file that is a dangling symbolic link",
    category: "directory",
    build: async (d) => {
      await rm(join(d, "villages.csv"));
      await symlink(join(d, "nowhere", "villages.csv"), join(d, "villages.csv"));
    },
    fails: { file: "villages.csv", message: /无法打开[\s\S]*cannot be opened/ },
  },
  {
    name: "a dangling symbolic link among the files of a table folder",
    category: "directory",
    build: async (d) => {
      await rm(join(d, "distributions.csv"));
      await mkdir(join(d, "distributions"));
      await put(d, "distributions/4401.csv", tableCsv("distributions", BASE.distributions));
      await symlink(join(d, "nowhere.csv"), join(d, "distributions", "4417.csv"));
    },
    fails: {
      file: "distributions/4417.csv",
      message: /无法打开 \(ENOENT\)[\s\S]*cannot be opened \(ENOENT\)/,
    },
  },
  {
    name: "a link back to its own table folder (self -> .) is listed, not followed: each file is read once",
    category: "directory",
    build: async (d) => {
      await rm(join(d, "villages.csv"));
      await mkdir(join(d, "villages"));
      await put(d, "villages/villages.csv", withRows("villages", []));
      await symlink(".", join(d, "villages", "self"));
    },
    rows: { files: { "villages/villages.csv": [3, 3, 0] }, rejects: [], ignored: ["villages/self"] },
  },
  {
    name: "a .txt note in a table folder is listed as ignored (a .txt there is read only when it is a table)",
    category: "directory",
    build: async (d) => {
      await rm(join(d, "villages.csv"));
      await mkdir(join(d, "villages"));
      await put(d, "villages/villages.csv", withRows("villages", []));
      await put(d, "villages/notes.txt", "这是说明 these are notes\n");
    },
    rows: { files: { "villages/villages.csv": [3, 3, 0] }, rejects: [], ignored: ["villages/notes.txt"] },
  },
  {
    name: "a Parquet file with damaged data pages",
    category: "parquet",
    build: async (d) => {
      await rm(join(d, "villages.csv"));
      const path = join(d, "villages.parquet");
      await parquetOf(path, VILLAGES_PARQUET);
      const bytes = await readFile(path);
      for (let i = 4; i < 60; i++) bytes[i] = (i * 37) & 0xff;
      await writeFile(path, bytes);
    },
    fails: { file: "villages.parquet", message: /Parquet/ },
  },
  {
    name: "a truncated Parquet file",
    category: "parquet",
    build: (d) =>
      replace(d, "villages", "villages.parquet", Buffer.concat([Buffer.from("PAR1"), Buffer.alloc(64, 3)])),
    fails: { file: "villages.parquet", message: /无法读取 Parquet[\s\S]*cannot be read/ },
  },
  {
    name: "a cell reference beyond column XFD (FXSHRXW999) stops the file instead of the process",
    category: "bounds",
    build: async (d) =>
      replace(
        d,
        "villages",
        "villages.xlsx",
        await tamperedWorkbook(`<row r="1">${headerCells}<c r="FXSHRXW999"><v>1</v></c></row>`),
      ),
    fails: {
      file: "villages.xlsx",
      message: /超出 Excel 的最后一列 XFD[\s\S]*beyond Excel's last column, XFD/,
    },
  },
  {
    name: "a cell reference ZZZZZZ1 stops the file",
    category: "bounds",
    build: async (d) =>
      replace(
        d,
        "villages",
        "villages.xlsx",
        await tamperedWorkbook(`<row r="1">${headerCells}<c r="ZZZZZZ1"><v>1</v></c></row>`),
      ),
    fails: { file: "villages.xlsx", message: /ZZZZZZ1[\s\S]*beyond Excel's last column/ },
  },
  {
    name: "a row number beyond 1,048,576 stops the file",
    category: "bounds",
    build: async (d) =>
      replace(
        d,
        "villages",
        "villages.xlsx",
        await tamperedWorkbook(
          `<row r="1">${headerCells}</row><row r="9999999"><c r="A9999999"><v>1</v></c></row>`,
        ),
      ),
    fails: { file: "villages.xlsx", message: /1,048,576 行[\s\S]*1,048,576 rows/ },
  },
  {
    name: "a sheet that inflates past the entry limit (a zip bomb) stops the file",
    category: "bounds",
    limits: { ...LIMITS, zipEntryBytes: 2 ** 20 },
    build: async (d) =>
      replace(
        d,
        "villages",
        "villages.xlsx",
        await tamperedWorkbook(
          `<row r="1">${headerCells}</row>${"<row><c><v>0</v></c></row>".repeat(100000)}`,
        ),
      ),
    fails: { file: "villages.xlsx", message: /解压后超过 1 MB[\s\S]*inflates past 1 MB \(a zip bomb\?\)/ },
  },
  {
    name: "more shared strings than the limit stop the file",
    category: "bounds",
    limits: { ...LIMITS, sharedStrings: 100 },
    build: async (d) =>
      replace(
        d,
        "villages",
        "villages.xlsx",
        await tamperedWorkbook(`<row r="1">${headerCells}</row>`, {
          "xl/sharedStrings.xml": `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${"<si><t>x</t></si>".repeat(101)}</sst>`,
        }),
      ),
    fails: {
      file: "villages.xlsx",
      message: /共享字符串超过 100 个[\s\S]*shared strings exceed 100 strings/,
    },
  },
];

const v = (
  village_code: string,
  village_name: string,
  farmland_per_capita_mu = "1.2",
  adult_share = "0.8",
): Row => ({
  village_code,
  village_name,
  farmland_per_capita_mu,
  adult_share,
});

const rowCases: CorpusCase[] = [
  {
    name: "a header-only CSV is an empty table",
    category: "empty",
    build: (d) => put(d, "distributions.csv", HEADERS.distributions + "\n"),
    rows: { files: { "distributions.csv": [0, 0, 0] }, rejects: [] },
  },
  {
    name: "a header-only XLSX is an empty table",
    category: "empty",
    build: async (d) =>
      replace(d, "fund_flows", "fund_flows.xlsx", await workbook({ 流水: [HEADERS.fund_flows.split(",")] })),
    rows: { files: { "fund_flows.xlsx": [0, 0, 0, { format: "xlsx", sheet: "流水" }] }, rejects: [] },
  },
  {
    name: "blank lines and all-empty rows are not data",
    category: "empty",
    build: (d) =>
      put(d, "villages.csv", `${HEADERS.villages}\n\n${baseLines("villages").join("\n,,,\n")}\n\n`),
    // lines: 1 header, 2 blank, 3 甲, 4 ",,,", 5 乙, 6 ",,,", 7 丙, 8 blank
    rows: {
      files: { "villages.csv": [3, 3, 0, { blank_rows: 4 }] },
      rejects: [],
      loaded: {
        villages: [{ village_code: "440103001001", src_row: "3" }, { src_row: "5" }, { src_row: "7" }],
      },
    },
  },
  {
    name: "a row of spaces only is data, rejected for every empty field, counted once",
    category: "empty",
    build: (d) => put(d, "villages.csv", withRows("villages", []) + "  ,\u3000, , \n"),
    rows: {
      files: { "villages.csv": [4, 3, 1] },
      rejects: [
        "villages.csv:5:adult_share:required",
        "villages.csv:5:farmland_per_capita_mu:required",
        "villages.csv:5:village_code:required",
        "villages.csv:5:village_name:required",
      ],
    },
  },
  {
    name: "quoted fields with line breaks (CRLF and LF inside quotes) keep the row numbers",
    category: "quoting",
    build: (d) =>
      put(
        d,
        "villages.csv",
        withRows("villages", []) +
          '440103001003,"丁\r\n村",1.2,0.8\n440103001004,"戊\n\n村",1.2,0.8\n440103001005,己村,0,0.8\n',
      ),
    rows: {
      files: { "villages.csv": [6, 5, 1] },
      rejects: ["villages.csv:7:farmland_per_capita_mu:decimal_not_positive"],
      loaded: {
        villages: [
          {},
          {},
          {},
          { village_name: "丁\r\n村", src_row: "5" },
          { village_name: "戊\n\n村", src_row: "6" },
        ],
      },
    },
  },
  {
    name: "stray quotes: a quote inside a field is text, a quoted field followed by text is rejected, rows after keep their numbers",
    category: "quoting",
    build: (d) =>
      put(
        d,
        "villages.csv",
        withRows("villages", []) +
          [
            '440103001003,丁"村,1.2,0.8',
            '440103001004,"戊"村,1.2,0.8',
            "",
            "440103001005,己村,0,0.8",
            '440103001006,"庚""村",1.2,0.8',
          ].join("\n") +
          "\n",
      ),
    // lines: 5 丁"村 (text), 6 "戊"村 (unquoted), 7 blank, 8 己村 (rule), 9 庚"村 (escaped quote)
    rows: {
      files: { "villages.csv": [7, 5, 2, { blank_rows: 1 }] },
      rejects: [
        "villages.csv:6:-:csv_unquoted",
        "villages.csv:8:farmland_per_capita_mu:decimal_not_positive",
      ],
      loaded: {
        villages: [
          {},
          {},
          {},
          { village_name: '丁"村', src_row: "5" },
          { village_name: '庚"村', src_row: "9" },
        ],
      },
    },
  },
  {
    name: "an unclosed quote runs to the end of the file: every line it swallowed is a rejected row",
    category: "quoting",
    build: (d) =>
      put(
        d,
        "villages.csv",
        withRows("villages", []) + '440103001003,"丁村,1.2,0.8\n440103001004,戊村,1.2,0.8\n',
      ),
    rows: {
      files: { "villages.csv": [5, 3, 2] },
      rejects: ["villages.csv:5:-:csv_unclosed_quote", "villages.csv:6:-:csv_swallowed"],
      reasons: {
        "villages.csv:5:-:csv_unclosed_quote": /引号未闭合[\s\S]*2 行[\s\S]*quote is not closed: the 2 lines/,
        "villages.csv:6:-:csv_swallowed": /第 5 行未闭合的引号[\s\S]*swallowed into row 5/,
      },
    },
  },
  {
    name: "too few and too many columns",
    category: "quoting",
    build: (d) =>
      put(
        d,
        "villages.csv",
        withRows("villages", []) + "440103001003,丁村,1.2\n440103001004,戊村,1.2,0.8,多余\n",
      ),
    rows: {
      files: { "villages.csv": [5, 3, 2] },
      rejects: ["villages.csv:5:-:csv_missing_columns", "villages.csv:6:-:csv_too_many_columns"],
    },
  },
  {
    name: "a 10 MB cell: its row (over the 1 MB row limit) is rejected, the next row loads with its true number",
    category: "size",
    build: (d) =>
      put(
        d,
        "villages.csv",
        withRows("villages", []) +
          `440103001003,${"x".repeat(10 * 1024 * 1024)},1.2,0.8\n440103001004,戊村,1.2,0.8\n`,
      ),
    rows: {
      files: { "villages.csv": [5, 4, 1] },
      rejects: ["villages.csv:5:-:row_too_long"],
      reasons: {
        "villages.csv:5:-:row_too_long": /本行有 10.0 MB, 超过每行 1.0 MB[\s\S]*over the limit of 1.0 MB/,
      },
      loaded: { villages: [{}, {}, {}, { village_code: "440103001004", src_row: "6" }] },
    },
  },
  {
    name: "a 10 MB cell in an XLSX (over Excel's 32,767 characters): its row is rejected with its sheet row number",
    category: "size",
    build: async (d) =>
      replace(
        d,
        "villages",
        "villages.xlsx",
        await workbook({
          村: [
            HEADERS.villages.split(","),
            ...BASE.villages.map((x) => Object.values(x) as string[]),
            ["440103001003", "x".repeat(10 * 1024 * 1024), 1.2, 0.8],
            [],
            ["440103001004", "戊村", 1.2, 0.8],
          ],
        }),
      ),
    rows: {
      files: { "villages.xlsx": [5, 4, 1] },
      rejects: ["villages.xlsx:5:village_name:cell_too_long"],
      loaded: { villages: [{}, {}, {}, { village_code: "440103001004", src_row: "7" }] },
    },
  },
  {
    name: "an XLSX header with an empty column between fields",
    category: "xlsx",
    build: async (d) =>
      replace(
        d,
        "villages",
        "villages.xlsx",
        await workbook({
          村: [
            ["村代码", "村名", null, "2002年末人均农用地(亩)", "16周岁以上人口比例"],
            ...BASE.villages.map((x) => [
              x.village_code,
              x.village_name,
              null,
              Number(x.farmland_per_capita_mu),
              Number(x.adult_share),
            ]),
          ],
        }),
      ),
    rows: {
      files: { "villages.xlsx": [3, 3, 0, { extra_columns: ["(第3列/column 3)"] }] },
      rejects: [],
      loaded: {
        villages: [{ village_name: "甲村", farmland_per_capita_mu: "1.2000", adult_share: "0.800000" }],
      },
    },
  },
  {
    name: "XLSX cells beyond the header: a value makes the row too long, a blank cell does not",
    category: "xlsx",
    build: async (d) =>
      replace(
        d,
        "villages",
        "villages.xlsx",
        await workbook({
          村: [
            HEADERS.villages.split(","),
            ...BASE.villages.map((x) => Object.values(x) as string[]),
            ["440103001003", "丁村", 1.2, 0.8, null, " "],
            ["440103001004", "戊村", 1.2, 0.8, "备注"],
          ],
        }),
      ),
    rows: {
      files: { "villages.xlsx": [5, 4, 1] },
      rejects: ["villages.xlsx:6:-:beyond_header"],
      loaded: { villages: [{}, {}, {}, { village_code: "440103001003", src_row: "5" }] },
    },
  },
  {
    name: "a 40 MB line (spaces padding an unused column): its row is rejected, not dropped, and later rows keep their numbers",
    category: "size",
    build: (d) =>
      put(
        d,
        "villages.csv",
        `${HEADERS.villages},备注\n` +
          baseLines("villages")
            .map((l) => `${l},`)
            .join("\n") +
          `\n440103001003,丁村,1.2,0.8,${" ".repeat(40 * 1024 * 1024)}\n440103001004,戊村,1.2,0.8,\n`,
      ),
    rows: {
      files: { "villages.csv": [5, 4, 1, { extra_columns: ["备注"] }] },
      rejects: ["villages.csv:5:-:row_too_long"],
      reasons: { "villages.csv:5:-:row_too_long": /本行有 40.0 MB[\s\S]*this row is 40.0 MB/ },
      loaded: { villages: [{}, {}, {}, { village_code: "440103001004", src_row: "6" }] },
    },
  },
  {
    name: "a valid 3 MB Chinese cell rejects its row, not the whole file",
    category: "size",
    build: (d) =>
      put(
        d,
        "villages.csv",
        withRows("villages", [v("440103001003", "村".repeat(1 << 20)), v("440103001004", "戊村")]),
      ),
    rows: {
      files: { "villages.csv": [5, 4, 1] },
      rejects: ["villages.csv:5:-:row_too_long"],
      loaded: { villages: [{}, {}, {}, { village_code: "440103001004", src_row: "6" }] },
    },
  },
  {
    name: "a 40,000-character cell (over Excel's 32,767) in a CSV: its row is rejected naming the field",
    category: "size",
    build: (d) =>
      put(
        d,
        "villages.csv",
        withRows("villages", [v("440103001003", "x".repeat(40000)), v("440103001004", "戊村")]),
      ),
    rows: {
      files: { "villages.csv": [5, 4, 1] },
      rejects: ["villages.csv:5:village_name:cell_too_long"],
      reasons: {
        "villages.csv:5:village_name:cell_too_long":
          /第 2 列有 40,000 个字符[\s\S]*column 2 holds 40,000 characters/,
      },
    },
  },
  {
    name: "Excel error values saved as text in a CSV (#N/A, #VALUE!): rejected as error values, in a name field too",
    category: "numbers",
    build: async (d) => {
      await put(d, "projects.csv", withRows("projects", [project("P3", { project_name: "#N/A" })]));
      await put(d, "fund_flows.csv", withRows("fund_flows", [flow("G1", "2020-02-01", "#VALUE!")]));
    },
    rows: {
      files: { "projects.csv": [3, 2, 1], "fund_flows.csv": [4, 3, 1] },
      rejects: ["projects.csv:4:project_name:excel_error", "fund_flows.csv:5:amount_yuan:excel_error"],
    },
  },
  {
    name: "text longer than 500 characters is rejected, not truncated",
    category: "size",
    build: (d) => put(d, "villages.csv", withRows("villages", [v("440103001003", "长".repeat(501))])),
    rows: { files: { "villages.csv": [4, 3, 1] }, rejects: ["villages.csv:5:village_name:text_too_long"] },
  },
  {
    name: "mixed date formats in one column all mean the same day",
    category: "dates",
    build: (d) =>
      put(
        d,
        "fund_flows.csv",
        withRows(
          "fund_flows",
          [
            "2020-01-10",
            "2020/1/10",
            "2020年1月10日",
            "20200110",
            "43840",
            "2020-01-10 08:30:00",
            "２０２０－０１－１０",
            " 2020-1-10 ",
          ].map((on, i) => flow(`G${i}`, on, "1.00")),
        ),
      ),
    rows: {
      files: { "fund_flows.csv": [11, 11, 0] },
      rejects: [],
      loaded: { fund_flows: [{}, {}, {}, ...Array.from({ length: 8 }, () => ({ flow_on: "2020-01-10" }))] },
    },
  },
  {
    name: "Excel serial dates as CSV text (with and without a time fraction)",
    category: "dates",
    build: (d) =>
      put(
        d,
        "projects.csv",
        withRows("projects", [project("P3", { applied_on: "43800", approved_on: "43891.75" })]),
      ),
    rows: {
      files: { "projects.csv": [3, 3, 0] },
      rejects: [],
      loaded: {
        projects: [{}, {}, { project_id: "P3", applied_on: "2019-12-01", approved_on: "2020-03-01" }],
      },
    },
  },
  {
    name: "Excel date cells in an XLSX: date cells, a date-time, a serial number cell, a text date",
    category: "dates",
    build: async (d) =>
      replace(
        d,
        "fund_flows",
        "fund_flows.xlsx",
        await workbook({
          流水: [
            HEADERS.fund_flows.split(","),
            ["F1", "P1", "deposit", "pre_deposit", new Date(Date.UTC(2020, 0, 10)), 90000],
            ["F2", "P1", "transfer", "special", new Date(Date.UTC(2020, 2, 20, 18, 45)), 90000],
            ["F3", "P2", "deposit", "special", 44317, 288000],
            ["F4", "P1", "deposit", "pre_deposit", "2020/1/10", 1],
          ],
        }),
      ),
    rows: {
      files: { "fund_flows.xlsx": [4, 4, 0, { format: "xlsx" }] },
      rejects: [],
      loaded: {
        fund_flows: [
          { flow_id: "F1", flow_on: "2020-01-10" },
          { flow_id: "F2", flow_on: "2020-03-20" },
          { flow_id: "F3", flow_on: "2021-05-01" },
          { flow_id: "F4", flow_on: "2020-01-10", amount_yuan: "1.00" },
        ],
      },
    },
  },
  {
    name: "impossible dates: 30 February, month 13, 29 February of a common year",
    category: "dates",
    build: (d) =>
      put(
        d,
        "fund_flows.csv",
        withRows("fund_flows", [
          flow("G1", "2023-02-30", "1.00"),
          flow("G2", "2023-13-01", "1.00"),
          flow("G3", "2023/2/29", "1.00"),
          flow("G4", "20230230", "1.00"),
          flow("G5", "2023年2月30日", "1.00"),
          flow("G6", "2024-02-29", "1.00"),
          flow("G7", "2023.02.30", "1.00"),
          flow("G8", "1900-01-01", "1.00"),
        ]),
      ),
    rows: {
      files: { "fund_flows.csv": [11, 4, 7] },
      rejects: [
        "fund_flows.csv:5:flow_on:date_invalid",
        "fund_flows.csv:6:flow_on:date_invalid",
        "fund_flows.csv:7:flow_on:date_invalid",
        "fund_flows.csv:8:flow_on:date_invalid",
        "fund_flows.csv:9:flow_on:date_invalid",
        "fund_flows.csv:11:flow_on:date_invalid",
        "fund_flows.csv:12:flow_on:date_too_early",
      ],
      reasons: {
        "fund_flows.csv:5:flow_on:date_invalid":
          /日期 不是真实存在的日期[\s\S]*flow_on is not a real calendar day/,
      },
      loaded: { fund_flows: [{}, {}, {}, { flow_id: "G6", flow_on: "2024-02-29" }] },
    },
  },
  {
    name: "future dates (after the load day) are rejected; the load day itself is not",
    category: "dates",
    build: (d) =>
      put(
        d,
        "fund_flows.csv",
        withRows("fund_flows", [
          flow("G1", "2026-11-24", "1.00"),
          flow("G2", "2030-01-01", "1.00"),
          flow("G3", TODAY, "1.00"),
        ]),
      ),
    rows: {
      files: { "fund_flows.csv": [6, 4, 2] },
      rejects: ["fund_flows.csv:5:flow_on:date_future", "fund_flows.csv:6:flow_on:date_future"],
    },
  },
  {
    name: "full-width digits, letters, punctuation and ideographic spaces",
    category: "numbers",
    build: (d) =>
      put(
        d,
        "distributions.csv",
        withRows("distributions", [
          {
            record_id: "\u3000Ｄ４\u3000",
            project_id: "Ｐ１",
            village_code: "４４０１０３００１００１",
            person_id: [...personId("440103", "19720202", 4)]
              .map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
              .join(""),
            amount_yuan: "９，０００．００",
            credited_on: "２０２０年４月１５日",
            account: "ｉｎｄｉｖｉｄｕａｌ",
          },
        ]),
      ),
    rows: {
      files: { "distributions.csv": [4, 4, 0] },
      rejects: [],
      loaded: {
        distributions: [
          {},
          {},
          {},
          {
            record_id: "D4",
            project_id: "P1",
            village_code: "440103001001",
            person_id: personId("440103", "19720202", 4),
            amount_yuan: "9000.00",
            credited_on: "2020-04-15",
            account: "individual",
          },
        ],
      },
    },
  },
  {
    name: "thousands separators: exact groups of 3 are read, any other grouping is rejected",
    category: "numbers",
    build: (d) =>
      put(
        d,
        "fund_flows.csv",
        withRows("fund_flows", [
          flow("G1", "2020-02-01", "1,000.00"),
          flow("G2", "2020-02-01", "1,234,567.89"),
          flow("G3", "2020-02-01", "12,34.00"),
          flow("G4", "2020-02-01", "1,2345.00"),
          flow("G5", "2020-02-01", "1234,567.00"),
          flow("G6", "2020-02-01", ",100.00"),
          flow("G7", "2020-02-01", "1 000.00"),
        ]),
      ),
    rows: {
      files: { "fund_flows.csv": [10, 5, 5] },
      rejects: [
        "fund_flows.csv:7:amount_yuan:money_format",
        "fund_flows.csv:8:amount_yuan:money_format",
        "fund_flows.csv:9:amount_yuan:money_format",
        "fund_flows.csv:10:amount_yuan:money_format",
        "fund_flows.csv:11:amount_yuan:money_format",
      ],
      loaded: { fund_flows: [{}, {}, {}, { amount_yuan: "1000.00" }, { amount_yuan: "1234567.89" }] },
    },
  },
  {
    name: "amounts with 3 decimals are rejected, never rounded",
    category: "numbers",
    build: async (d) => {
      await put(
        d,
        "fund_flows.csv",
        withRows("fund_flows", [
          flow("G1", "2020-02-01", "100.005"),
          flow("G2", "2020-02-01", "100.000"),
          flow("G3", "2020-02-01", "100.5"),
        ]),
      );
      await put(d, "projects.csv", withRows("projects", [project("P3", { required_yuan: "90000.001" })]));
    },
    rows: {
      files: { "fund_flows.csv": [6, 4, 2], "projects.csv": [3, 2, 1] },
      rejects: [
        "projects.csv:4:required_yuan:money_decimals",
        "fund_flows.csv:5:amount_yuan:money_decimals",
        "fund_flows.csv:6:amount_yuan:money_decimals",
      ],
      loaded: { fund_flows: [{}, {}, {}, { flow_id: "G3", amount_yuan: "100.50" }] },
    },
  },
  {
    name: "negative and zero amounts; a project may require 0",
    category: "numbers",
    build: async (d) => {
      await put(d, "projects.csv", withRows("projects", [project("P3", { required_yuan: "0.00" })]));
      await put(
        d,
        "fund_flows.csv",
        withRows("fund_flows", [
          flow("G1", "2020-02-01", "-100.00"),
          flow("G2", "2020-02-01", "0"),
          flow("G3", "2020-02-01", "0.00"),
          flow("G4", "2020-02-01", "-0.00"),
        ]),
      );
      await put(
        d,
        "distributions.csv",
        withRows("distributions", [{ ...BASE.distributions[0], record_id: "D4", amount_yuan: "-9000.00" }]),
      );
    },
    rows: {
      files: { "projects.csv": [3, 3, 0], "fund_flows.csv": [7, 3, 4], "distributions.csv": [4, 3, 1] },
      rejects: [
        "fund_flows.csv:5:amount_yuan:money_negative",
        "fund_flows.csv:6:amount_yuan:money_zero",
        "fund_flows.csv:7:amount_yuan:money_zero",
        "fund_flows.csv:8:amount_yuan:money_zero",
        "distributions.csv:5:amount_yuan:money_negative",
      ],
      reasons: {
        "fund_flows.csv:5:amount_yuan:money_negative":
          /退款请用类型 refund[\s\S]*record refunds as flow type refund/,
      },
    },
  },
  {
    name: "XLSX numbers with binary floating-point noise are read as Excel shows them (15 significant digits)",
    category: "numbers",
    build: async (d) => {
      await replace(
        d,
        "fund_flows",
        "fund_flows.xlsx",
        await workbook({
          流水: [
            HEADERS.fund_flows.split(","),
            ["F1", "P1", "deposit", "pre_deposit", "2020-01-10", 90000],
            ["F2", "P1", "transfer", "special", "2020-03-20", 90000],
            ["F3", "P2", "deposit", "special", "2021-05-01", 288000],
            ["G1", "P1", "deposit", "pre_deposit", "2020-02-01", 0.1 + 0.2],
            ["G2", "P1", "deposit", "pre_deposit", "2020-02-01", 1234.56 * 3],
            ["G3", "P1", "deposit", "pre_deposit", "2020-02-01", 1.005],
          ],
        }),
      );
      await replace(
        d,
        "villages",
        "villages.xlsx",
        await workbook({
          村: [
            HEADERS.villages.split(","),
            ...BASE.villages.map((x) => [
              x.village_code,
              x.village_name,
              Number(x.farmland_per_capita_mu),
              0.7 + 0.1,
            ]),
          ],
        }),
      );
    },
    rows: {
      files: { "fund_flows.xlsx": [6, 5, 1], "villages.xlsx": [3, 3, 0] },
      // 1.005 is a real third decimal, not noise
      rejects: ["fund_flows.xlsx:7:amount_yuan:money_decimals"],
      loaded: {
        fund_flows: [
          {},
          {},
          {},
          { flow_id: "G1", amount_yuan: "0.30" },
          { flow_id: "G2", amount_yuan: "3703.68" },
        ],
        villages: [{ adult_share: "0.800000" }, { adult_share: "0.800000" }, { adult_share: "0.800000" }],
      },
    },
  },
  {
    name: "ID numbers: a wrong check character, an impossible birth date, a 15-digit legacy ID, a lower-case x",
    category: "ids",
    build: (d) =>
      put(
        d,
        "distributions.csv",
        withRows("distributions", [
          credit("D4", "P1", "440103001001", ID_BAD_CHECK, "2020-04-15"),
          credit(
            "D5",
            "P1",
            "440103001001",
            "44010319700230001" + checkCharacter("44010319700230001"),
            "2020-04-15",
          ),
          credit("D6", "P1", "440103001001", "440103700101001", "2020-04-15"),
          credit("D7", "P1", "440103001001", ID_X.toLowerCase(), "2020-04-15"),
          credit("D8", "P1", "440103001001", "4401031970010100", "2020-04-15"),
        ]),
      ),
    rows: {
      files: { "distributions.csv": [8, 4, 4] },
      rejects: [
        "distributions.csv:5:person_id:person_id_check",
        "distributions.csv:6:person_id:person_id_birth",
        "distributions.csv:7:person_id:person_id_legacy15",
        "distributions.csv:9:person_id:person_id_format",
      ],
      reasons: {
        "distributions.csv:7:person_id:person_id_legacy15": /15 位旧身份证号[\s\S]*15-digit legacy ID/,
      },
      loaded: { distributions: [{}, {}, {}, { record_id: "D7", person_id: ID_X }] },
    },
  },
  {
    name: "duplicate keys within a file: the first row is kept and named",
    category: "duplicates",
    build: async (d) => {
      await put(d, "fund_flows.csv", withRows("fund_flows", [flow("F1", "2020-02-01", "5.00")]));
      await put(
        d,
        "project_villages.csv",
        withRows("project_villages", [{ project_id: "P1", village_code: "440103001001", farmland_mu: "1" }]),
      );
    },
    rows: {
      files: { "fund_flows.csv": [4, 3, 1], "project_villages.csv": [4, 3, 1] },
      rejects: ["project_villages.csv:5:project_id:duplicate_key", "fund_flows.csv:5:flow_id:duplicate_key"],
      reasons: {
        "fund_flows.csv:5:flow_id:duplicate_key":
          /保留的是 fund_flows\.csv 第 2 行[\s\S]*kept: fund_flows\.csv row 2/,
        "project_villages.csv:5:project_id:duplicate_key": /kept: project_villages\.csv row 2/,
      },
    },
  },
  {
    name: "duplicate keys across two files of a table folder: the file first by name wins",
    category: "duplicates",
    build: async (d) => {
      await rm(join(d, "distributions.csv"));
      await mkdir(join(d, "distributions"));
      await put(d, "distributions/4401.csv", tableCsv("distributions", BASE.distributions.slice(0, 2)));
      await put(
        d,
        "distributions/4417.csv",
        tableCsv("distributions", [BASE.distributions[2], { ...BASE.distributions[1], amount_yuan: "1.00" }]),
      );
    },
    rows: {
      files: { "distributions/4401.csv": [2, 2, 0], "distributions/4417.csv": [2, 1, 1] },
      rejects: ["distributions/4417.csv:3:record_id:duplicate_key"],
      reasons: {
        "distributions/4417.csv:3:record_id:duplicate_key":
          /保留的是 distributions\/4401\.csv 第 3 行[\s\S]*kept: distributions\/4401\.csv row 3/,
      },
    },
  },
  {
    name: "dangling references: a flow of an unknown project, a credit to a village not of its project",
    category: "references",
    build: async (d) => {
      await put(
        d,
        "fund_flows.csv",
        withRows("fund_flows", [flow("G1", "2020-02-01", "5.00", { project_id: "PX" })]),
      );
      await put(
        d,
        "distributions.csv",
        withRows("distributions", [
          credit("D4", "P1", "441702100001", ID1, "2020-04-15"),
          credit("D5", "P2", "440103001001", ID3, "2021-07-01"),
          credit("D6", "PX", "440103001001", ID2, "2021-07-01"),
        ]),
      );
    },
    rows: {
      files: { "fund_flows.csv": [4, 3, 1], "distributions.csv": [6, 3, 3] },
      rejects: [
        "fund_flows.csv:5:project_id:project_unknown",
        "distributions.csv:5:village_code:project_village_unknown",
        "distributions.csv:6:village_code:project_village_unknown",
        "distributions.csv:7:project_id:project_unknown",
      ],
      reasons: {
        "distributions.csv:5:village_code:project_village_unknown":
          /该村不属于该批次[\s\S]*not a village of that project/,
      },
    },
  },
  {
    name: "a county code that does not exist, and a village code under it",
    category: "references",
    build: async (d) => {
      await put(d, "projects.csv", withRows("projects", [project("P3", { county_code: "440199" })]));
      await put(d, "villages.csv", withRows("villages", [v("440199001001", "无县村")]));
      await put(
        d,
        "fund_flows.csv",
        withRows("fund_flows", [flow("G1", "2020-02-01", "5.00", { project_id: "P3" })]),
      );
    },
    rows: {
      files: { "projects.csv": [3, 2, 1], "villages.csv": [4, 3, 1], "fund_flows.csv": [4, 3, 1] },
      rejects: [
        "projects.csv:4:county_code:county_unknown",
        "villages.csv:5:village_code:village_county_unknown",
        "fund_flows.csv:5:project_id:project_rejected",
      ],
      reasons: {
        "fund_flows.csv:5:project_id:project_rejected":
          /所属批次在 projects 中被拒绝[\s\S]*belongs to a project that was rejected/,
      },
    },
  },
  {
    name: "a village outside its project's county",
    category: "references",
    build: (d) =>
      put(
        d,
        "project_villages.csv",
        withRows("project_villages", [{ project_id: "P1", village_code: "441702100001", farmland_mu: "1" }]),
      ),
    rows: {
      files: { "project_villages.csv": [4, 3, 1] },
      rejects: ["project_villages.csv:5:village_code:village_outside_county"],
    },
  },
  {
    name: "a rejected village makes its project-village and credits say so",
    category: "references",
    build: (d) =>
      put(
        d,
        "villages.csv",
        tableCsv("villages", [
          BASE.villages[0],
          { ...BASE.villages[1], adult_share: "1.5" },
          BASE.villages[2],
        ]),
      ),
    rows: {
      files: { "villages.csv": [3, 2, 1], "project_villages.csv": [3, 2, 1], "distributions.csv": [3, 2, 1] },
      rejects: [
        "villages.csv:3:adult_share:share_range",
        "project_villages.csv:3:village_code:village_rejected",
        "distributions.csv:3:village_code:project_village_unknown",
      ],
    },
  },
  {
    name: "a row with several problems is one rejected row with one reject per field",
    category: "accounting",
    build: (d) =>
      put(
        d,
        "fund_flows.csv",
        withRows("fund_flows", [
          {
            flow_id: "G1",
            project_id: "P1",
            flow: "pay",
            account: "bank",
            flow_on: "2020-02-30",
            amount_yuan: "x",
          },
        ]),
      ),
    rows: {
      files: { "fund_flows.csv": [4, 3, 1] },
      rejects: [
        "fund_flows.csv:5:account:fund_account_value",
        "fund_flows.csv:5:amount_yuan:money_format",
        "fund_flows.csv:5:flow:flow_value",
        "fund_flows.csv:5:flow_on:date_invalid",
      ],
    },
  },
  {
    name: "a GBK file with Chinese headers and Chinese values",
    category: "encoding",
    build: (d) =>
      put(
        d,
        "fund_flows.csv",
        encodeGbk(
          '凭证号,批次编号,类型,账户,日期,金额(元)\r\nF1,P1,到账,征地费用预存账户,2020/1/10,"90,000.00"\r\nF2,P1,划入社保专户,社保基金财政专户,2020/3/20,"90,000.00"\r\nF3,P2,到账,社保基金财政专户,2021/5/1,"288,000.00"\r\nG1,P1,退款,征地费用预存账户,2021/5/1,1.00\r\n',
        ),
      ),
    rows: {
      files: { "fund_flows.csv": [4, 3, 1, { encoding: "gb18030" }] },
      rejects: ["fund_flows.csv:5:flow:flow_value"],
      loaded: {
        fund_flows: [
          { flow: "deposit", account: "pre_deposit", amount_yuan: "90000.00" },
          { flow: "transfer", account: "special" },
          { flow_on: "2021-05-01" },
        ],
      },
    },
  },
  {
    name: "UTF-16LE with a BOM, tab-delimited (Excel's Unicode text)",
    category: "encoding",
    build: (d) =>
      put(
        d,
        "villages.csv",
        Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from(withRows("villages", []).replace(/,/g, "\t").replace(/\n/g, "\r\n"), "utf16le"),
        ]),
      ),
    rows: { files: { "villages.csv": [3, 3, 0, { encoding: "utf-16le", delimiter: "tab" }] }, rejects: [] },
  },
  {
    name: "CRLF line ends with a blank line read as LF does",
    category: "line ends",
    build: (d) =>
      put(
        d,
        "villages.csv",
        (withRows("villages", []) + "\n" + "440103001005,己村,0,0.8\n").replace(/\n/g, "\r\n"),
      ),
    rows: {
      files: { "villages.csv": [4, 3, 1, { blank_rows: 1 }] },
      rejects: ["villages.csv:6:farmland_per_capita_mu:decimal_not_positive"],
      loaded: {
        villages: [
          { village_name: "甲村" },
          { village_name: "乙村" },
          { village_name: "丙村", src_row: "4" },
        ],
      },
    },
  },
  {
    name: "LF and CRLF mixed in one file",
    category: "line ends",
    build: (d) =>
      put(
        d,
        "villages.csv",
        `${HEADERS.villages}\r\n${baseLines("villages")[0]}\n${baseLines("villages")[1]}\r\n${baseLines("villages")[2]}\n440103001005,己村,0,0.8\r\n`,
      ),
    rows: {
      files: { "villages.csv": [4, 3, 1] },
      rejects: ["villages.csv:5:farmland_per_capita_mu:decimal_not_positive"],
    },
  },
  {
    name: "CR-only line ends (classic Mac) with a blank line keep the row numbers",
    category: "line ends",
    build: (d) =>
      put(
        d,
        "villages.csv",
        (withRows("villages", []) + "\n" + "440103001005,己村,0,0.8\n").replace(/\n/g, "\r"),
      ),
    rows: {
      files: { "villages.csv": [4, 3, 1, { blank_rows: 1 }] },
      rejects: ["villages.csv:6:farmland_per_capita_mu:decimal_not_positive"],
    },
  },
  {
    name: "CR CR LF line ends (a CRLF file written again in text mode): every CR ends a line",
    category: "line ends",
    build: (d) =>
      put(d, "villages.csv", withRows("villages", [v("440103001005", "己村", "0")]).replace(/\n/g, "\r\r\n")),
    // lines: 1 header, then each row followed by an empty line: 甲 3, 乙 5, 丙 7, 己 9
    rows: {
      files: { "villages.csv": [4, 3, 1, { blank_rows: 5 }] },
      rejects: ["villages.csv:9:farmland_per_capita_mu:decimal_not_positive"],
      loaded: { villages: [{ src_row: "3" }, { src_row: "5" }, { village_name: "丙村", src_row: "7" }] },
    },
  },
  {
    name: "a trailing delimiter on every line: an unnamed extra column, reported",
    category: "delimiters",
    build: (d) => put(d, "projects.csv", tableCsv("projects", BASE.projects).replace(/\n/g, ",\n")),
    rows: { files: { "projects.csv": [2, 2, 0, { extra_columns: ["(第12列/column 12)"] }] }, rejects: [] },
  },
  {
    name: "a BOM and semicolons; a decimal comma is not a number",
    category: "delimiters",
    build: (d) =>
      put(
        d,
        "villages.csv",
        "\ufeff" +
          withRows("villages", [v("440103001005", "己村", "1,2")])
            .replace(/,/g, ";")
            .replace("1;2", "1,2"),
      ),
    rows: {
      files: { "villages.csv": [4, 3, 1, { encoding: "utf-8-bom", delimiter: ";" }] },
      rejects: ["villages.csv:5:farmland_per_capita_mu:number_format"],
    },
  },
  {
    name: "a pipe-delimited .txt file",
    category: "delimiters",
    build: (d) => replace(d, "villages", "villages.txt", withRows("villages", []).replace(/,/g, "|")),
    rows: { files: { "villages.txt": [3, 3, 0, { delimiter: "|" }] }, rejects: [] },
  },
  {
    name: "a CSV named .xlsx is read as CSV, with a warning",
    category: "misnamed",
    build: (d) => replace(d, "villages", "villages.xlsx", withRows("villages", [])),
    rows: {
      files: { "villages.xlsx": [3, 3, 0, { format: "csv", warning: /named \.xlsx but holds CSV/ }] },
      rejects: [],
    },
  },
  {
    name: "an XLSX named .csv is read as XLSX, with a warning",
    category: "misnamed",
    build: async (d) =>
      put(
        d,
        "projects.csv",
        await writeXlsx(
          JSZip,
          tableCsv("projects", BASE.projects)
            .trim()
            .split("\n")
            .map((l) => l.split(",")),
        ),
      ),
    rows: {
      files: { "projects.csv": [2, 2, 0, { format: "xlsx", warning: /named \.csv but holds XLSX/ }] },
      rejects: [],
    },
  },
  {
    name: "a table folder with non-table files: they are listed as ignored",
    category: "directory",
    build: async (d) => {
      await rm(join(d, "distributions.csv"));
      await mkdir(join(d, "distributions"));
      await put(d, "distributions/4401.csv", tableCsv("distributions", BASE.distributions));
      await put(d, "distributions/说明.docx", "PK not really");
      await put(d, "distributions/README.md", "# notes");
      await put(d, "distributions/~$4401.xlsx", "lock");
      await put(d, "distributions/.4401.csv", "hidden");
      await put(d, "readme.pdf", "%PDF");
    },
    rows: {
      files: { "distributions/4401.csv": [3, 3, 0] },
      rejects: [],
      ignored: [
        "distributions/.4401.csv",
        "distributions/README.md",
        "distributions/~$4401.xlsx",
        "distributions/说明.docx",
        "readme.pdf",
      ],
    },
  },
  {
    name: "a symbolic link to a file inside a table folder is read like the file",
    category: "directory",
    build: async (d) => {
      await rm(join(d, "distributions.csv"));
      await mkdir(join(d, "distributions"));
      await mkdir(join(d, "exports"));
      await put(d, "distributions/4401.csv", tableCsv("distributions", BASE.distributions.slice(0, 2)));
      await put(d, "exports/4417.csv", tableCsv("distributions", BASE.distributions.slice(2)));
      await symlink(join(d, "exports", "4417.csv"), join(d, "distributions", "4417.csv"));
    },
    rows: {
      files: { "distributions/4401.csv": [2, 2, 0], "distributions/4417.csv": [1, 1, 0] },
      rejects: [],
      ignored: ["exports"],
    },
  },
  {
    name: "dangling symbolic links that stand for no table are listed as ignored",
    category: "directory",
    build: async (d) => {
      await symlink(join(d, "nowhere"), join(d, "old-exports"));
      await symlink(join(d, "nowhere.md"), join(d, "notes.md"));
    },
    rows: { files: {}, rejects: [], ignored: ["notes.md", "old-exports"] },
  },
  {
    name: "Parquet with typed columns (dates, decimals) and a rejected row",
    category: "parquet",
    build: async (d) => {
      await rm(join(d, "fund_flows.csv"));
      await parquetOf(
        join(d, "fund_flows.parquet"),
        `SELECT * FROM (VALUES ('F1', 'P1', 'deposit', 'pre_deposit', DATE '2020-01-10', 90000.00::DECIMAL(18,2)),
           ('F2', 'P1', 'transfer', 'special', DATE '2020-03-20', 90000.00::DECIMAL(18,2)),
           ('F3', 'P2', 'deposit', 'special', DATE '2021-05-01', 288000.00::DECIMAL(18,2)),
           ('G1', 'P1', 'refund', 'pre_deposit', DATE '2030-01-01', 1.50::DECIMAL(18,2)))
         t(flow_id, project_id, flow, account, flow_on, amount_yuan)`,
      );
    },
    rows: {
      files: { "fund_flows.parquet": [4, 3, 1, { format: "parquet" }] },
      rejects: ["fund_flows.parquet:4:flow_on:date_future"],
    },
  },
];

/** Every case of the corpus. */
export const CASES: readonly CorpusCase[] = [...failures, ...rowCases];
