// Deployable anywhere: the built site served by `xianbao serve` (a plain static server), every page in
// zh-CN, and a Chinese notice instead of a blank page where the site cannot run: opened from a file,
// JavaScript off, a browser that runs no ES modules.
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { startServe } from "../opsHelpers.ts";
import { launchBrowser } from "./browser.ts";

const fixture = inject("site");

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) =>
    statSync(join(dir, e)).isDirectory()
      ? htmlFiles(join(dir, e))
      : e.endsWith(".html")
        ? [join(dir, e)]
        : [],
  );
}

let browser: Browser;
let serve: ChildProcess;
let url: string;

beforeAll(async () => {
  browser = await launchBrowser();
  ({ url, child: serve } = await startServe(fixture.site));
});

afterAll(async () => {
  serve?.kill();
  await browser?.close();
});

/** The text of the notices a page shows (visible ones only). */
async function visibleNotices(page: import("playwright-core").Page): Promise<string[]> {
  return page.$$eval(".xianbao-notice", (els) =>
    els.filter((e) => getComputedStyle(e).display !== "none").map((e) => (e as HTMLElement).innerText),
  );
}

describe("the built site, deployed", () => {
  test('every page declares <html lang="zh-CN">', () => {
    const pages = htmlFiles(fixture.site);
    expect(pages.length).toBeGreaterThan(10);
    for (const file of pages)
      expect(readFileSync(file, "utf8"), file).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
  });

  test("served by `xianbao serve`, the overview renders with no error and no notice shown", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    const response = await page.goto(url, { waitUntil: "networkidle" });
    expect(response!.headers()["content-type"]).toBe("text/html; charset=utf-8");
    await page.waitForSelector("#observablehq-main h1");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("zh-CN");
    expect(await visibleNotices(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("opened from a file (double click): a Chinese notice says to run `npx xianbao serve` or use a web server", async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(fixture.site, "index.html")).href, { waitUntil: "load" });
    const shown = await visibleNotices(page);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain("请不要直接双击打开网站文件");
    expect(shown[0]).toContain("npx xianbao serve");
    expect(shown[0]).toContain("Web 服务器");
    await page.close();
  });

  test("JavaScript off: a Chinese notice, not a blank page", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "load" });
    const shown = await visibleNotices(page);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain("本网站需要启用 JavaScript");
    await context.close();
  });

  test("a browser that runs no ES modules (old 360 / IE modes): a Chinese notice", async () => {
    // Such a browser skips type="module" scripts and runs nomodule ones: serve the page as it sees it.
    const page = await browser.newPage();
    await page.route(url, async (route) => {
      const response = await route.fetch();
      const html = (await response.text())
        .replace(/<script type="module">[\s\S]*?<\/script>/g, "")
        .replace(/<script nomodule(="")?>/g, "<script>");
      await route.fulfill({ response, body: html });
    });
    await page.goto(url, { waitUntil: "load" });
    const shown = await visibleNotices(page);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain("您的浏览器版本过旧或处于兼容模式");
    expect(shown[0]).toContain("极速模式");
    await page.close();
  });
});
