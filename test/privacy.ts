/**
 * What must never reach the site: every ID number and every name found in a data directory's input files
 * (also in rows that were rejected), read straight from the files, independently of the pipeline.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

// An ID is found wherever it stands, glued to letters or punctuation too (a record id such as
// R-440102199001011234-01 embeds one); only a longer run of digits is not an ID.
const ID_PATTERN = /(?<!\d)\d{17}[\dXx](?!\d)|(?<!\d)\d{15}(?!\d)/g;

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(full)));
    else out.push(full);
  }
  return out;
}

/** ID numbers (18 and 15 digits) and person names (the 姓名 column) of a data directory's CSV files. */
export async function personalData(dataDir: string): Promise<{ ids: Set<string>; names: Set<string> }> {
  const ids = new Set<string>();
  const names = new Set<string>();
  const otherText = new Set<string>();
  for (const file of await files(dataDir)) {
    if (!file.endsWith(".csv")) continue;
    const bytes = await readFile(file);
    let text = bytes.toString("utf8");
    if (text.includes("\ufffd")) text = new TextDecoder("gb18030").decode(bytes);
    const [header, ...lines] = text.replace(/^\ufeff/, "").split(/\r?\n/);
    const columns = header.split(",");
    const nameAt = columns.indexOf("姓名");
    for (const line of lines) {
      for (const m of line.matchAll(ID_PATTERN)) ids.add(m[0].toUpperCase());
      const cells = line.split(",");
      if (nameAt >= 0 && cells[nameAt]) names.add(cells[nameAt].trim());
      else for (const cell of cells) if (/[\u4e00-\u9fff]/.test(cell)) otherText.add(cell);
    }
  }
  // A name that is also part of a place or project name (王村 contains 王) proves nothing when found.
  for (const name of [...names])
    if (name.length < 2 || [...otherText].some((t) => t.includes(name))) names.delete(name);
  return { ids, names };
}

// The warehouse's id_digits (an 18-character ID's first 17 digits as a number, docs/decisions.md O14)
// written as a number: 17 digits with no check character after them.
const DIGITS_PATTERN = /(?<!\d)\d{17}(?![\dXx])/g;

/** Every place in `texts` where an ID (or its 17 digits as a number) or a name of `data` appears: [file, what]. */
export function leaks(texts: Map<string, string>, data: { ids: Set<string>; names: Set<string> }): string[] {
  const found: string[] = [];
  const digits = new Set([...data.ids].filter((id) => id.length === 18).map((id) => id.slice(0, 17)));
  for (const [file, text] of texts) {
    for (const m of text.matchAll(ID_PATTERN))
      if (data.ids.has(m[0].toUpperCase())) found.push(`${file}: ID ${m[0]}`);
    for (const m of text.matchAll(DIGITS_PATTERN)) if (digits.has(m[0])) found.push(`${file}: ID digits ${m[0]}`);
    for (const name of data.names) if (text.includes(name)) found.push(`${file}: name ${name}`);
  }
  return found;
}

/**
 * The text of every file under a directory; gzip files (the project pages' shards) decompressed, so that
 * their content is scanned too (other binary files decoded as UTF-8 are harmless to scan).
 */
export async function textsOf(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of await files(dir)) {
    const bytes = await readFile(file);
    out.set(file, (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString("utf8"));
  }
  return out;
}
