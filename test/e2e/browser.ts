/**
 * Headless Chromium for end-to-end tests and screenshots: Debian's chromium driven by playwright-core,
 * and a plain static server for the built site on 127.0.0.1 that maps nothing: /counties.html is a file,
 * /counties is a 404, as on python3 -m http.server, nginx or IIS without rewrite rules.
 */
import { createServer, type Server } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { CHROMIUM_ARGS } from "../../loaders/annexes.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".zip": "application/zip",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".csv": "text/csv",
};

export const CHROMIUM = process.env.XIANBAO_CHROMIUM ?? "/usr/bin/chromium";

/**
 * Serves a directory on 127.0.0.1 and a free port as python3 -m http.server does: a file by its path, a
 * directory's index.html for a path ending in "/", a redirect to "/" for a directory named without it, and
 * 404 for anything else. Resolves to its base URL and a close function.
 */
export async function serveDirectory(
  root: string,
): Promise<{ url: string; close: () => Promise<void>; server: Server }> {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const safe = normalize(path).replace(/^(\.\.[/\\])+/, "");
    try {
      const found = await stat(join(root, safe));
      if (found.isDirectory() && !safe.endsWith("/")) {
        res.writeHead(301, { location: `${path}/` });
        res.end();
        return;
      }
      const file = found.isDirectory() ? join(root, safe, "index.html") : join(root, safe);
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Launches Debian's Chromium headless, with nothing reaching outside this machine (as the annexes do). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
}

export interface PageVisit {
  page: Page;
  errors: string[];
  outside: string[];
  failed: string[];
}

/** Opens a URL and records console errors, page errors, failed requests and requests to other origins. */
export async function visit(
  browser: Browser,
  url: string,
  viewport = { width: 1440, height: 900 },
): Promise<PageVisit> {
  const page = await browser.newPage({ viewport, acceptDownloads: true });
  const origin = new URL(url).origin;
  const errors: string[] = [];
  const outside: string[] = [];
  const failed: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:")) outside.push(u);
  });
  page.on("requestfailed", (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ""}`));
  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForTimeout(300);
  return { page, errors, outside, failed };
}
