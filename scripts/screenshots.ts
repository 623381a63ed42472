// Developer tool: screenshots of the built site at desktop and laptop widths, plus its console errors.
// Usage: tsx scripts/screenshots.ts [out-dir] [path ...]   (default: every page of the sidebar)
// Serves XIANBAO_SITE_OUTPUT if set (where `npm run build` wrote), else reports/site.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { readEnv } from "../loaders/env.ts";
import config from "../observablehq.config.ts";
import { launchBrowser, serveDirectory, visit } from "../test/e2e/browser.ts";

const out = process.argv[2] ?? "/tmp/xianbao-shots";
// Pages are files ending in .html (preserveExtension): the sidebar's paths name them without it.
const paths = process.argv.slice(3).length
  ? process.argv.slice(3)
  : config.pages.map((p) => (p.path === "/" ? "/" : `${p.path}.html`));
await mkdir(out, { recursive: true });
const server = await serveDirectory(readEnv().siteOutput ?? join(process.cwd(), "reports", "site"));
const browser = await launchBrowser();
try {
  for (const path of paths)
    for (const [label, width, height] of [
      ["desktop", 1440, 900],
      ["laptop", 1280, 720],
    ] as const) {
      const v = await visit(browser, server.url + path, { width, height });
      const name =
        (path === "/"
          ? "index"
          : path
              .slice(1)
              .replace(/\.html$/, "")
              .replace(/\//g, "_")) + `-${label}.png`;
      await v.page.screenshot({ path: join(out, name), fullPage: true });
      console.log(`${name}: errors ${v.errors.length} outside ${v.outside.length} failed ${v.failed.length}`);
      for (const e of [...v.errors, ...v.outside, ...v.failed]) console.log(`  ${e}`);
      await v.page.close();
    }
} finally {
  await browser.close();
  await server.close();
}
