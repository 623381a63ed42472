/**
 * Shared helpers of the end-to-end tests: the built site served on 127.0.0.1, one browser for a test file,
 * and the metrics command's CSV outputs to compare the pages with.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { yuanToFen } from "@xianbao/common/money.js";
import { withWarehouse } from "../../loaders/warehouse.ts";
import { launchBrowser, serveDirectory, visit, type PageVisit } from "./browser.ts";

/** Splits one line of our CSV (quoted fields, no line breaks inside). */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') ((field += '"'), i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") (out.push(field), (field = ""));
    else field += ch;
  }
  out.push(field);
  return out;
}

/** Parses the CSV the metrics command writes (no quoted line breaks in it). */
export function readCsv(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, "utf8").trim().split("\n");
  const keys = csvFields(header);
  return lines.map((l) => Object.fromEntries(csvFields(l).map((v, i) => [keys[i], v])));
}

/** Yuan text of the outputs (2 decimals) as whole fen; empty as 0. */
export function fen(yuan: string): number {
  return yuanToFen(yuan) ?? 0;
}

/**
 * Sets up a browser and the site server for one test file; returns accessors.
 * @example const site = useSite(); const v = await site.open("/");
 */
export function useSite() {
  const fixture = inject("site");
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveDirectory>>;
  const visits: PageVisit[] = [];
  beforeAll(async () => {
    server = await serveDirectory(fixture.site);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const v of visits) await v.page.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });
  return {
    fixture,
    metrics: (name: string) => readCsv(join(fixture.metrics, name)),
    /** Rows of a query on the warehouse the metrics outputs were computed in (m_rollups, m_status, ...). */
    sql: <T = Record<string, unknown>>(query: string) =>
      withWarehouse(fixture.warehouse, (db) => db.rows<T>(query), { readOnly: true }),
    /** Opens a page of the site (path like "/counties"). */
    open: async (path: string, viewport?: { width: number; height: number }) => {
      const v = await visit(browser, server.url + path, viewport);
      visits.push(v);
      return v;
    },
    url: (path: string) => server.url + path,
  };
}

/** Parses CSV text with quoted fields (commas, quotes, line breaks inside quotes) and CRLF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") (row.push(field), (field = ""));
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      (row.push(field), rows.push(row), (row = []), (field = ""));
    } else field += ch;
  }
  if (field || row.length) (row.push(field), rows.push(row));
  return rows;
}

/** Clicks a download button and returns the file's bytes. */
export async function download(page: Page, button: string | Locator): Promise<Buffer> {
  const click = typeof button === "string" ? page.click(button) : button.click();
  const [file] = await Promise.all([page.waitForEvent("download"), click]);
  return readFile((await file.path())!);
}

/** Every body row of a table as cells: text, exact fen (data-fen, null when none), link, code. */
export async function tableCells(table: Locator) {
  // Data rows only: a city's subtotal row (tr.subtotal) is its own roll-up, checked where it is tested.
  return table.evaluate((el) =>
    [...el.querySelectorAll("tbody tr:not(.subtotal)")].map((tr) =>
      [...tr.querySelectorAll("td")].map((td) => ({
        text: (td as HTMLElement).innerText.trim(),
        fen: td.querySelector("[data-fen]")
          ? Number(td.querySelector("[data-fen]")!.getAttribute("data-fen"))
          : null,
        href: td.querySelector("a")?.getAttribute("href") ?? null,
        // A project id is shown as a link (a.pid) to its page; other codes in <code>.
        code: td.querySelector("code, a.pid")?.textContent ?? null,
      })),
    ),
  );
}
