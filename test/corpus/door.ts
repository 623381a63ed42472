/**
 * The front-door corpus (issue 14): the files under test/corpus/files, made by make.py with the tools
 * offices use, each replacing one table of the valid data set files/clean, and what each must give: the
 * same figures as the clean files (every loaded row equal), or exact rows and rejects, or a stop with a
 * message in both languages that names the file. test/corpus.test.ts runs them.
 */
import type { FileReport } from "../../loaders/report.ts";
import type { Failure } from "./cases.ts";

/** What one file of the case must show in the load report (matched as a subset). */
export type FileExpect = Partial<
  Omit<FileReport, "warnings" | "normalised" | "rows_not_data" | "control_totals">
> & {
  warning?: RegExp;
  /** kind (or field:kind) -> count among `normalised`. */
  normalised?: Record<string, number>;
  /** row -> word of the rows that are not data. */
  notData?: Record<number, string>;
  control?: { agrees: boolean; difference?: string | null };
};

export interface DoorCase {
  name: string;
  /** Folder under test/corpus/files. */
  dir: string;
  /** The tool that made the file, as users' tools make it. */
  writer: string;
  /** Loads every row of the clean data set unchanged. */
  same?: true;
  /** Or: counts [read, loaded, rejected] per file and every reject as `file:row:field:code`. */
  rows?: { files: Record<string, [number, number, number]>; rejects: string[] | Record<string, number> };
  fails?: Failure;
  /** Load-report fields of files of the case. */
  expect?: Record<string, FileExpect>;
  /** Patterns reasons must match, by reject key. */
  reasons?: Record<string, RegExp>;
}

const D = "distributions";

export const DOOR_CASES: readonly DoorCase[] = [
  {
    name: "a title row merged across the columns above the header",
    dir: "xlsx-title-row",
    writer: "openpyxl",
    same: true,
    expect: { [`${D}.xlsx`]: { header_rows: [2, 2], sheet: "分配明细" } },
  },
  {
    name: "a title row and a unit row (单位: 元) above the header",
    dir: "xlsx-title-unit-rows",
    writer: "openpyxl",
    same: true,
    expect: { [`${D}.xlsx`]: { header_rows: [3, 3] } },
  },
  {
    name: "a two-row header: merged group cells above the field names, single fields merged down",
    dir: "xlsx-two-row-header",
    writer: "openpyxl",
    same: true,
    expect: { [`${D}.xlsx`]: { header_rows: [2, 3] } },
  },
  {
    name: "a two-row header saved as CSV by LibreOffice (title row, group row, field row)",
    dir: "csv-libreoffice-two-row-header",
    writer: "LibreOffice",
    same: true,
    expect: { [`${D}.csv`]: { header_rows: [2, 3], normalised: { "amount_yuan:thousands": 308 } } },
  },
  {
    name: "a 序号 column first and a 姓名 column: both not read, listed",
    dir: "xlsx-seq-and-name-columns",
    writer: "openpyxl",
    same: true,
    expect: { [`${D}.xlsx`]: { extra_columns: ["序号", "姓名"] } },
  },
  {
    name: "a 合计 row (SUM computed by LibreOffice) and 填表人/审核人 rows below the data: not data, the total agrees",
    dir: "xlsx-totals-row",
    writer: "openpyxl + LibreOffice",
    same: true,
    expect: {
      [`${D}.xlsx`]: {
        notData: { 453: "合计", 455: "填表人", 456: "填报日期" },
        control: { agrees: true, difference: null },
      },
    },
  },
  {
    name: "a 合计 row that disagrees with the rows: a warning with the difference, no row dropped",
    dir: "xlsx-totals-row-disagrees",
    writer: "openpyxl + LibreOffice",
    same: true,
    expect: {
      [`${D}.xlsx`]: {
        control: { agrees: false, difference: "100.00" },
        warning: /相差 100\.00[\s\S]*a difference of 100\.00/,
      },
    },
  },
  {
    name: "a GBK CSV as Chinese Excel saves it: title, unit row, 合计 and signature rows, slashed dates, grouped amounts",
    dir: "csv-gbk-title-totals-signatures",
    writer: "Python gbk, CRLF (Excel CSV)",
    same: true,
    expect: {
      [`${D}.csv`]: {
        encoding: "gb18030",
        header_rows: [3, 3],
        notData: { 454: "合计", 456: "填表人", 457: "负责人" },
        control: { agrees: true },
        normalised: { "credited_on:date_slash": 450, "amount_yuan:thousands": 308 },
      },
    },
  },
  {
    name: "project and village cells merged down over their people: every cell of a range takes its value",
    dir: "xlsx-merged-cells",
    writer: "openpyxl",
    same: true,
    expect: { [`${D}.xlsx`]: { normalised: { merged_fill: 885 } } },
  },
  {
    name: "the same merged cells after LibreOffice saved the workbook",
    dir: "xlsx-merged-cells-libreoffice",
    writer: "LibreOffice",
    same: true,
    expect: { [`${D}.xlsx`]: { normalised: { merged_fill: 885 } } },
  },
  {
    name: "an instructions sheet first: the data sheet is read, the other named",
    dir: "xlsx-instructions-sheet-first",
    writer: "openpyxl",
    same: true,
    expect: {
      [`${D}.xlsx`]: { sheet: "分配明细", sheets_skipped: [{ sheet: "填表说明", reason: "no_header" }] },
    },
  },
  {
    name: "an empty first sheet: the second is read",
    dir: "xlsx-empty-sheet-first",
    writer: "openpyxl",
    same: true,
    expect: { [`${D}.xlsx`]: { sheet: "Sheet2", sheets_skipped: [{ sheet: "Sheet1", reason: "empty" }] } },
  },
  {
    name: "a hidden first sheet holding an old version: never read, the visible sheet is",
    dir: "xlsx-hidden-old-sheet-first",
    writer: "openpyxl",
    same: true,
    expect: {
      [`${D}.xlsx`]: { sheet: "分配明细", sheets_skipped: [{ sheet: "旧版(勿用)", reason: "hidden" }] },
    },
  },
  {
    name: "two visible sheets with the table's header: the first is read, the other named in a warning",
    dir: "xlsx-two-matching-sheets",
    writer: "openpyxl",
    same: true,
    expect: {
      [`${D}.xlsx`]: {
        sheet: "分配明细",
        warning:
          /“分配明细\(备份\)”也含本表的表头, 未读取[\s\S]*"分配明细\(备份\)" also has this table's header and was not read/,
      },
    },
  },
  {
    name: "no sheet holds the table: stops, naming each sheet and what the closest lacks",
    dir: "xlsx-no-sheet-holds-the-table",
    writer: "openpyxl",
    fails: {
      file: `${D}.xlsx`,
      message:
        /没有哪个可见的工作表含有本表的表头 \(“填表说明” 没有本表的表头、“统计” 没有本表的表头\)[\s\S]*no visible sheet holds this table's header/,
    },
  },
  {
    name: "header cells with line breaks (Alt+Enter, and a CR stored as _x000D_)",
    dir: "xlsx-header-line-breaks",
    writer: "openpyxl",
    same: true,
    expect: {
      [`${D}.xlsx`]: {
        columns: [
          { column: 1, header: "记录号", field: "record_id", via: "label" },
          { column: 2, header: "批次 编号", field: "project_id", via: "label" },
          { column: 3, header: "村代码", field: "village_code", via: "label" },
          { column: 4, header: "身份证 号码", field: "person_id", via: "alias" },
          { column: 5, header: "金额 (元)", field: "amount_yuan", via: "label" },
          { column: 6, header: "记账 日期", field: "credited_on", via: "label" },
          { column: 7, header: "账户", field: "account", via: "label" },
        ],
      },
    },
  },
  {
    name: "other systems' column names: 业务流水号, 征地批次编号, 村(居)代码, 证件号码, 发放金额(元), 发放日期, 账户类型",
    dir: "xlsx-other-systems-column-names",
    writer: "openpyxl",
    same: true,
    expect: {
      [`${D}.xlsx`]: {
        columns: [
          { column: 1, header: "业务流水号", field: "record_id", via: "alias" },
          { column: 2, header: "征地批次编号", field: "project_id", via: "alias" },
          { column: 3, header: "村(居)代码", field: "village_code", via: "alias" },
          { column: 4, header: "证件号码", field: "person_id", via: "alias" },
          { column: 5, header: "发放金额(元)", field: "amount_yuan", via: "alias" },
          { column: 6, header: "发放日期", field: "credited_on", via: "alias" },
          { column: 7, header: "账户类型", field: "account", via: "alias" },
        ],
      },
    },
  },
  {
    name: "a workbook in the 1904 date system (Mac Excel): every date read in it",
    dir: "xlsx-1904-date-system",
    writer: "openpyxl (epoch 1904)",
    same: true,
    expect: { [`${D}.xlsx`]: { normalised: { date_1904: 450 } } },
  },
  {
    name: "formulas written by a program, never computed: stops once for the file, saying to open and save it",
    dir: "xlsx-formulas-without-values",
    writer: "openpyxl",
    fails: {
      file: `${D}.xlsx`,
      message:
        /450 个公式单元格没有计算结果 \(如 E2\)[\s\S]*用 Excel 或 WPS 打开它并保存[\s\S]*never opened in Excel\. Open it in Excel or WPS and save it/,
    },
  },
  {
    name: "the same workbook after LibreOffice computed and cached its formulas",
    dir: "xlsx-formulas-with-cached-values",
    writer: "openpyxl + LibreOffice",
    same: true,
  },
  {
    name: "#N/A cells (=NA(), a VLOOKUP that found nothing): those rows rejected with that reason",
    dir: "xlsx-error-cells",
    writer: "openpyxl + LibreOffice",
    rows: {
      files: { [`${D}.xlsx`]: [450, 447, 3] },
      rejects: [
        `${D}.xlsx:5:amount_yuan:excel_error`,
        `${D}.xlsx:9:amount_yuan:excel_error`,
        `${D}.xlsx:12:village_code:excel_error`,
      ],
    },
    reasons: { [`${D}.xlsx:5:amount_yuan:excel_error`]: /Excel 错误值[\s\S]*Excel error value/ },
    expect: { [`${D}.xlsx`]: { warning: /3 行含 Excel 错误值[\s\S]*3 rows hold Excel error values/ } },
  },
  {
    name: "ID numbers stored as numbers (pandas int64): every such row rejected, said once for the file",
    dir: "xlsx-ids-stored-as-numbers",
    writer: "pandas",
    rows: { files: { [`${D}.xlsx`]: [450, 45, 405] }, rejects: { "person_id:stored_as_number": 405 } },
    expect: {
      [`${D}.xlsx`]: {
        warning: /405 行的身份证号或编号以数字形式存储[\s\S]*405 rows hold an ID or code stored as a number/,
      },
    },
  },
  {
    name: "project and county codes as number cells (13 and 6 digits, exact in Excel)",
    dir: "xlsx-project-codes-as-numbers",
    writer: "xlsxwriter",
    same: true,
  },
  {
    name: "a macro-enabled workbook (.xlsm) is read",
    dir: "xlsm-workbook",
    writer: "LibreOffice",
    same: true,
  },
  {
    name: "a legacy .xls (BIFF) at the top level: stops with the fix, naming the file",
    dir: "xls-legacy-workbook",
    writer: "LibreOffice",
    fails: {
      file: `${D}.xls`,
      message:
        /旧版 Excel 97-2003 \(\.xls\)[\s\S]*另存为 \.xlsx 或 CSV[\s\S]*legacy Excel 97-2003[\s\S]*save it as \.xlsx or CSV/,
    },
  },
  {
    name: "a password-protected .xls",
    dir: "xls-password-protected",
    writer: "LibreOffice (UNO, password)",
    fails: { file: `${D}.xls`, message: /设有打开密码的旧版[\s\S]*password-protected legacy Excel/ },
  },
  {
    name: "a password-protected .xlsx (ECMA-376 encryption, its directory past the first 4 KB)",
    dir: "xlsx-password-protected",
    writer: "make.py (the structure Excel writes; LibreOffice opens it with the password)",
    fails: { file: `${D}.xlsx`, message: /密码保护[\s\S]*password-protected \(encrypted\)/ },
  },
  {
    name: "an OpenDocument spreadsheet (.ods): stops with the fix",
    dir: "ods-workbook",
    writer: "LibreOffice",
    fails: { file: `${D}.ods`, message: /OpenDocument 表格 \(\.ods[\s\S]*OpenDocument spreadsheet \(\.ods/ },
  },
  {
    name: "a WPS .et file: stops with the fix",
    dir: "wps-et-workbook",
    writer: "LibreOffice (.xls named .et, as WPS files are OLE containers)",
    fails: { file: `${D}.et`, message: /WPS 表格文件 \(\.et\)[\s\S]*WPS spreadsheet \(\.et\)/ },
  },
  {
    name: "an .xls inside a table folder fails the table instead of leaving it half loaded",
    dir: "folder-with-xls",
    writer: "LibreOffice",
    fails: { file: `${D}/4417.xls`, message: /旧版 Excel 97-2003[\s\S]*legacy Excel 97-2003/ },
  },
  {
    name: "an .ods inside a table folder fails the table",
    dir: "folder-with-ods",
    writer: "LibreOffice",
    fails: { file: `${D}/4417.ods`, message: /OpenDocument[\s\S]*OpenDocument/ },
  },
  {
    name: "an .xlsm inside a table folder is read with the other files",
    dir: "folder-with-xlsm",
    writer: "LibreOffice",
    same: true,
  },
  {
    name: "a UTF-16 .txt (Excel's Unicode text) inside a table folder is a table file",
    dir: "folder-with-utf16-txt",
    writer: "Python utf-16-le with BOM, tab-separated",
    same: true,
    expect: { [`${D}/4417.txt`]: { encoding: "utf-16le", delimiter: "tab" } },
  },
  {
    name: "a table file named in capitals (Distributions.xlsx)",
    dir: "capitalised-table-name",
    writer: "openpyxl",
    same: true,
  },
  {
    name: "an HTML table named .xls (a web system's export to Excel): read as a table, its 合计 row checked",
    dir: "html-table-named-xls",
    writer: "Python, GBK HTML with colspan, <br> and &nbsp;",
    same: true,
    expect: {
      [`${D}.xls`]: {
        format: "html",
        header_rows: [2, 2],
        notData: { 453: "合计" },
        control: { agrees: true },
        warning: /网页表格[\s\S]*web page table/,
      },
    },
  },
  {
    name: "Excel's sep= first line",
    dir: "csv-sep-line",
    writer: "Python",
    same: true,
    expect: { [`${D}.csv`]: { delimiter: ";", header_rows: [1, 1] } },
  },
  {
    name: "a CSV whose header cell holds a line break reads its rows",
    dir: "csv-header-line-break",
    writer: "Python utf-8-sig, CRLF",
    same: true,
  },
  {
    name: "amounts typed with 元, ¥, ￥, spaces and full-width digits; dates with dots: read and counted",
    dir: "csv-typed-amounts-and-dotted-dates",
    writer: "Python",
    same: true,
    expect: {
      [`${D}.csv`]: {
        normalised: {
          "amount_yuan:currency": 193,
          "amount_yuan:unit": 193,
          "amount_yuan:thousands": 130,
          "amount_yuan:full_width": 64,
          "credited_on:date_dots": 300,
        },
      },
    },
  },
  {
    name: "ambiguous dates (8/24/2020) stay rejected",
    dir: "csv-ambiguous-dates",
    writer: "Python",
    rows: {
      files: { [`${D}.csv`]: [450, 447, 3] },
      rejects: [
        `${D}.csv:5:credited_on:date_format`,
        `${D}.csv:12:credited_on:date_format`,
        `${D}.csv:22:credited_on:date_format`,
      ],
    },
    reasons: {
      [`${D}.csv:5:credited_on:date_format`]: /分不清月和日[\s\S]*day and month cannot be told apart/,
    },
  },
  {
    name: "ID numbers in scientific notation (4.40102E+17, Excel's CSV of a number column)",
    dir: "csv-ids-in-scientific-notation",
    writer: "Python (as Excel writes General numbers)",
    rows: { files: { [`${D}.csv`]: [450, 0, 450] }, rejects: { "person_id:stored_as_number": 450 } },
    reasons: { [`${D}.csv:2:person_id:stored_as_number`]: /以数字形式存储[\s\S]*stored as a number/ },
  },
  {
    name: "ID numbers cut to 15 digits (…000): a file-level warning; those that pass the check loaded with it",
    dir: "csv-ids-rounded-to-15-digits",
    writer: "Python (15 significant digits, as Excel keeps)",
    rows: { files: { [`${D}.csv`]: [450, 40, 410] }, rejects: { "person_id:person_id_check": 410 } },
    expect: {
      [`${D}.csv`]: {
        warning:
          /450 \/ 450 个身份证号以 000 结尾[\s\S]*其中 40 个碰巧通过了校验码[\s\S]*450 of 450 ID numbers end in 000[\s\S]*40 of them passed the check character by chance/,
      },
    },
  },
  {
    name: "project and village codes in scientific notation (4.40103E+12): rejected as stored as numbers",
    dir: "csv-codes-in-scientific-notation",
    writer: "Python (as Excel writes General numbers)",
    rows: {
      files: { "project_villages.csv": [9, 6, 3], [`${D}.csv`]: [450, 300, 150] },
      rejects: {
        "project_id:stored_as_number": 3,
        "village_code:stored_as_number": 3,
        "village_code:project_village_unknown": 150,
      },
    },
    expect: {
      "project_villages.csv": {
        warning: /3 行的身份证号或编号以数字形式存储[\s\S]*3 rows hold an ID or code/,
      },
    },
  },
  {
    name: "an unclosed quote in the middle: the 350 lines it swallowed are counted and named",
    dir: "csv-unclosed-quote",
    writer: "Python",
    rows: {
      files: { [`${D}.csv`]: [450, 100, 350] },
      rejects: { "-:csv_unclosed_quote": 1, "-:csv_swallowed": 349 },
    },
    reasons: {
      [`${D}.csv:102:-:csv_unclosed_quote`]:
        /从本行起到文件末尾的 350 行 \(文件第 102-451 行\)[\s\S]*the 350 lines from this one to the end of the file/,
      [`${D}.csv:451:-:csv_swallowed`]: /第 102 行未闭合的引号/,
    },
  },
  {
    name: "a line with more fields than the header, holding a phone number and an address: counts, never the line",
    dir: "csv-line-with-extra-fields",
    writer: "Python",
    rows: { files: { [`${D}.csv`]: [450, 449, 1] }, rejects: [`${D}.csv:8:-:csv_too_many_columns`] },
    reasons: {
      [`${D}.csv:8:-:csv_too_many_columns`]:
        /本行有 10 列, 表头只有 8 列[\s\S]*this line has 10 fields, the header has 8/,
    },
  },
  {
    name: "columns.json maps a system's own headers",
    dir: "columns-json",
    writer: "Python",
    same: true,
    expect: {
      [`${D}.csv`]: {
        columns: [
          { column: 1, header: "流水编号", field: "record_id", via: "columns.json" },
          { column: 2, header: "批次", field: "project_id", via: "columns.json" },
          { column: 3, header: "村编码", field: "village_code", via: "columns.json" },
          { column: 4, header: "身份证件", field: "person_id", via: "columns.json" },
          { column: 5, header: "补贴额", field: "amount_yuan", via: "columns.json" },
          { column: 6, header: "入账时间", field: "credited_on", via: "columns.json" },
          { column: 7, header: "账户", field: "account", via: "label" },
        ],
      },
    },
  },
  {
    name: "columns.json naming an unknown table",
    dir: "columns-json-unknown-table",
    writer: "hand",
    fails: { file: "columns.json", message: /“distribution” 不是表名[\s\S]*"distribution" is not a table/ },
  },
  {
    name: "columns.json naming an unknown field",
    dir: "columns-json-unknown-field",
    writer: "hand",
    fails: {
      file: "columns.json",
      message: /"id_number" 不是 distributions 的字段[\s\S]*is not a field of distributions/,
    },
  },
  {
    name: "columns.json giving a field's own header to another field",
    dir: "columns-json-header-of-another-field",
    writer: "hand",
    fails: {
      file: "columns.json",
      message: /已是字段 project_id 的列名[\s\S]*already a header of the field project_id/,
    },
  },
  {
    name: "columns.json mapping one header (with a trailing space) to two fields",
    dir: "columns-json-one-header-two-fields",
    writer: "hand",
    fails: {
      file: "columns.json",
      message: /是同一个列名, 却对应两个字段[\s\S]*one header mapped to two fields/,
    },
  },
  {
    name: "columns.json that is not JSON",
    dir: "columns-json-not-json",
    writer: "hand",
    fails: { file: "columns.json", message: /不是有效的 JSON[\s\S]*is not valid JSON/ },
  },
];
