/**
 * Workbooks and HTML tables to the staging CSV (sources/sheet.ts): which sheet holds the table (the
 * first visible sheet whose header matches; hidden sheets, instruction sheets and empty sheets are
 * skipped and named, docs/decisions.md I18), and every reason a workbook cannot be read, in words that say
 * how to fix it.
 */
import type { TableSpec } from "../contract.ts";
import { BilingualError, isBilingualError } from "../errors.ts";
import { maskIdsIn } from "../personId.ts";
import type { ColumnMap } from "./columns.ts";
import { findHeader } from "./headers.ts";
import { HtmlLimitError, readHtmlTables } from "./html.ts";
import { LIMITS, type Limits } from "./limits.ts";
import { cellDisplay, sheetToStaging, type ConvertedSheet } from "./sheet.ts";
import type { TextSink } from "./tempFiles.ts";
import { Workbook, WorkbookError, type SheetRow } from "./xlsxReader.ts";

export interface SkippedSheet {
  sheet: string;
  /** hidden | veryHidden | empty | no_header | also_matches */
  reason: string;
}

export interface StagedSheet extends ConvertedSheet {
  /** The sheet read (for HTML: "表格 N / table N"). */
  sheet: string;
  skipped: SkippedSheet[];
  date1904: boolean;
  encoding: string | null;
}

interface Options {
  custom?: ColumnMap[string];
  limits?: Limits;
}

/** Converts the sheet of an XLSX/XLSM workbook that holds the table. */
export async function workbookToStaging(
  path: string,
  file: string,
  spec: TableSpec,
  out: TextSink,
  options: Options = {},
): Promise<StagedSheet> {
  const limits = options.limits ?? LIMITS;
  let wb: Workbook;
  try {
    wb = await Workbook.open(path, limits);
  } catch (error) {
    throw workbookError(file, error);
  }
  if (wb.sheets.length === 0) throw workbookError(file, new WorkbookError("not-workbook", "", ""));
  try {
    const skipped: SkippedSheet[] = [];
    const matching: { sheet: (typeof wb.sheets)[number]; error: null }[] = [];
    let firstError: BilingualError | null = null;
    for (const sheet of wb.sheets) {
      if (sheet.state !== "visible") {
        skipped.push({ sheet: sheet.name, reason: sheet.state });
        continue;
      }
      const head: SheetRow[] = [];
      for await (const row of wb.rows(sheet, limits.headerSearchRows)) head.push(row);
      if (head.every((r) => r.cells.every((c) => cellDisplay(c).trim() === ""))) {
        skipped.push({ sheet: sheet.name, reason: "empty" });
        continue;
      }
      const dense: string[][] = [];
      for (const row of head) {
        if (row.number > 1000) break;
        while (dense.length < row.number - 1) dense.push([]);
        dense.push(Array.from(row.cells, cellDisplay));
      }
      try {
        findHeader(spec, dense, `${file} (${sheet.name})`, options.custom);
        matching.push({ sheet, error: null });
      } catch (error) {
        if (!isBilingualError(error)) throw error;
        firstError ??= error;
        skipped.push({ sheet: sheet.name, reason: "no_header" });
      }
    }
    if (matching.length === 0) throw noSheet(file, wb.sheets.length, skipped, firstError);
    const chosen = matching[0].sheet;
    for (const other of matching.slice(1)) skipped.push({ sheet: other.sheet.name, reason: "also_matches" });
    const merges = await wb.merges(chosen);
    const converted = await sheetToStaging(
      { rows: wb.rows(chosen), merges, date1904: wb.date1904 },
      spec,
      file,
      out,
      {
        custom: options.custom,
        limits,
        where: wb.sheets.length > 1 ? ` (工作表/sheet “${chosen.name}”)` : "",
      },
    );
    return { ...converted, sheet: chosen.name, skipped, date1904: wb.date1904, encoding: null };
  } catch (error) {
    if (error instanceof WorkbookError) throw workbookError(file, error);
    throw error;
  }
}

/** Converts the table of an HTML page (a web system's "Excel export") that holds the table. */
export async function htmlToStaging(
  path: string,
  file: string,
  spec: TableSpec,
  out: TextSink,
  options: Options = {},
): Promise<StagedSheet> {
  const limits = options.limits ?? LIMITS;
  let read;
  try {
    read = await readHtmlTables(path, limits);
  } catch (error) {
    if (!(error instanceof HtmlLimitError)) throw error;
    throw new BilingualError(
      `${file}: 网页表格超出可读取的范围 (${error.message})。请在 Excel 中打开后另存为 .xlsx 或 CSV。`,
      `${file}: the web page table is beyond what can be read (${error.message}). Open it in Excel and save it as .xlsx or CSV.`,
    );
  }
  const skipped: SkippedSheet[] = [];
  let firstError: BilingualError | null = null;
  let chosen = -1;
  read.tables.forEach((table, i) => {
    const name = `表格 ${i + 1} / table ${i + 1}`;
    const texts = table.rows.slice(0, limits.headerSearchRows).map((r) => Array.from(r.cells, cellDisplay));
    if (texts.every((r) => r.every((c) => c.trim() === "")))
      return skipped.push({ sheet: name, reason: "empty" });
    try {
      findHeader(spec, texts, file, options.custom);
      if (chosen < 0) chosen = i;
      else skipped.push({ sheet: name, reason: "also_matches" });
    } catch (error) {
      if (!isBilingualError(error)) throw error;
      firstError ??= error;
      skipped.push({ sheet: name, reason: "no_header" });
    }
  });
  if (chosen < 0) {
    if (firstError) throw firstError;
    throw new BilingualError(
      `${file}: 这是一个网页 (HTML) 文件, 其中没有表格。请从系统中重新导出, 或在 Excel 中打开后另存为 .xlsx 或 CSV。`,
      `${file}: this is a web page (HTML) without a table. Export it again, or open it in Excel and save it as .xlsx or CSV.`,
    );
  }
  const table = read.tables[chosen];
  const converted = await sheetToStaging(
    { rows: iterate(table.rows), merges: table.merges, date1904: false },
    spec,
    file,
    out,
    { custom: options.custom, limits },
  );
  return {
    ...converted,
    sheet: `表格 ${chosen + 1} / table ${chosen + 1}`,
    skipped,
    date1904: false,
    encoding: read.encoding,
  };
}

async function* iterate(rows: SheetRow[]): AsyncGenerator<SheetRow> {
  yield* rows;
}

const REASON: Record<string, [string, string]> = {
  hidden: ["隐藏", "hidden"],
  veryHidden: ["深度隐藏", "very hidden"],
  empty: ["空白", "empty"],
  no_header: ["没有本表的表头", "no header of this table"],
  also_matches: [
    "也含本表的表头, 未读取 (每个文件只读一个工作表)",
    "also has this table's header, not read (one sheet per file)",
  ],
};

/** Why a sheet was skipped, in both languages. */
export function skippedReason(reason: string): [string, string] {
  return REASON[reason] ?? [reason, reason];
}

function noSheet(
  file: string,
  sheets: number,
  skipped: SkippedSheet[],
  firstError: BilingualError | null,
): BilingualError {
  const list = (i: 0 | 1) =>
    skipped
      .map((s) => (i ? `"${maskIdsIn(s.sheet)}" ` : `“${maskIdsIn(s.sheet)}” `) + skippedReason(s.reason)[i])
      .join(i ? ", " : "、");
  const detail = firstError ? `\n${firstError.zh}` : "";
  const detailEn = firstError ? `\n${firstError.en}` : "";
  if (sheets === 1 && skipped[0]?.reason === "empty")
    return new BilingualError(
      `${file}: 唯一的工作表“${maskIdsIn(skipped[0].sheet)}”是空的, 没有表头行。`,
      `${file}: its only sheet "${maskIdsIn(skipped[0].sheet)}" is empty, with no header row.`,
    );
  const hidden = skipped.some((s) => s.reason === "hidden" || s.reason === "veryHidden");
  return new BilingualError(
    `${file}: 没有哪个可见的工作表含有本表的表头 (${list(0)})。${hidden ? "隐藏的工作表不读取: 如果数据在隐藏的工作表上, 请取消隐藏, 并删除或隐藏旧的工作表。" : "请把数据放在一个工作表上, 第一行 (或标题行下方) 为列名。"}${detail}`,
    `${file}: no visible sheet holds this table's header (${list(1)}). ${hidden ? "Hidden sheets are not read: if the data is on a hidden sheet, unhide it and delete or hide the old ones." : "Put the data on one sheet, with the column names in the first row (or under the title rows)."}${detailEn}`,
  );
}

/** A workbook that cannot be read, in words that name the file and the fix. */
export function workbookError(file: string, error: unknown): BilingualError {
  if (isBilingualError(error)) return error;
  if (!(error instanceof WorkbookError)) throw error;
  switch (error.problem) {
    case "ods":
      return new BilingualError(
        `${file}: 这是 OpenDocument 表格 (.ods, LibreOffice 或 WPS 的格式), 无法读取。请在 LibreOffice 或 WPS 中“另存为” Excel 工作簿 (.xlsx) 或 CSV。`,
        `${file}: this is an OpenDocument spreadsheet (.ods, LibreOffice's or WPS's format) and cannot be read. In LibreOffice or WPS, "Save As" an Excel workbook (.xlsx) or CSV.`,
      );
    case "xlsb":
      return new BilingualError(
        `${file}: 这是 Excel 二进制工作簿 (.xlsb), 无法读取。请在 Excel 中另存为 “Excel 工作簿 (.xlsx)” 或 CSV。`,
        `${file}: this is an Excel binary workbook (.xlsb) and cannot be read. In Excel, save it as "Excel Workbook (.xlsx)" or CSV.`,
      );
    case "numbers":
      return new BilingualError(
        `${file}: 这是 Apple Numbers 文件, 无法读取。请在 Numbers 中导出为 Excel (.xlsx) 或 CSV。`,
        `${file}: this is an Apple Numbers file and cannot be read. Export it from Numbers as Excel (.xlsx) or CSV.`,
      );
    case "docx":
      return new BilingualError(
        `${file}: 这是 Word 文档, 不是表格。请把表格复制到 Excel 中, 另存为 .xlsx 或 CSV。`,
        `${file}: this is a Word document, not a table. Copy the table into Excel and save it as .xlsx or CSV.`,
      );
    case "not-workbook":
      return new BilingualError(
        `${file}: 不是 Excel 工作簿 (其中没有工作表)。请在 Excel 中另存为 .xlsx 或 CSV。`,
        `${file}: not an Excel workbook (it holds no worksheet). Save it as .xlsx or CSV in Excel.`,
      );
    case "limit":
      return new BilingualError(
        `${file}: 工作簿超出可以读取的范围: ${error.zh}。文件可能已损坏或被改动; 请在 Excel 中打开, 另存为 .xlsx 或 CSV。`,
        `${file}: the workbook is beyond what can be read: ${error.en}. It may be damaged or tampered with; open it in Excel and save it as .xlsx or CSV.`,
      );
    default:
      return new BilingualError(
        `${file}: 无法读取工作簿 (${error.zh})。文件可能已损坏; 请在 Excel 中打开并另存为 .xlsx 或 CSV。`,
        `${file}: the workbook cannot be read (${error.en}). It may be damaged; open it in Excel and save it as .xlsx or CSV.`,
      );
  }
}
