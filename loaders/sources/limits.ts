/**
 * Every size an input file can claim, bounded (docs/decisions.md I20): what a row, a cell and a workbook may
 * hold before the row or the file is refused with a message, rather than read wrong or kill the process.
 */
export interface Limits {
  /** Characters in one cell: Excel's own limit, so a longer cell was not typed in a spreadsheet. */
  cellChars: number;
  /** Bytes in one CSV row (DuckDB's reader drops rows past about 31 MB without a word). */
  rowBytes: number;
  /** Columns of a worksheet: Excel's last column is XFD. */
  columns: number;
  /** Rows of a worksheet, as in Excel. */
  rows: number;
  /** Strings in a workbook's shared-string table, and their characters together. */
  sharedStrings: number;
  sharedStringChars: number;
  /** Merged ranges of one sheet. */
  mergedRanges: number;
  /** Uncompressed bytes of one zip entry of a workbook (a zip bomb inflates without end). */
  zipEntryBytes: number;
  /** Uncompressed bytes of a workbook's small parts read whole (workbook.xml, styles, relationships). */
  xmlPartBytes: number;
  /** Bytes of an HTML page read as a table (it is read whole). */
  htmlBytes: number;
  /** Rows at the top of a sheet or CSV searched for the header (titles, unit rows, two-row headers). */
  headerSearchRows: number;
}

export const LIMITS: Readonly<Limits> = {
  cellChars: 32_767,
  rowBytes: 1_048_576,
  columns: 16_384,
  rows: 1_048_576,
  sharedStrings: 10_000_000,
  sharedStringChars: 200_000_000,
  mergedRanges: 1_000_000,
  zipEntryBytes: 4 * 2 ** 30,
  xmlPartBytes: 64 * 2 ** 20,
  htmlBytes: 256 * 2 ** 20,
  headerSearchRows: 30,
};
