// Observable Framework configuration: an offline site (no CDN, no web fonts, no built-in search, which
// cannot tokenise Chinese), one static page per county and per city, output under reports/ for any intranet server.
// Framework builds the first county's and the first city's page; the build publishes them under every
// other code (loaders/site/places.ts).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { readEnv } from "./loaders/env.ts";
import { NOTICE_HEAD } from "./loaders/site/notices.ts";
import { PRINT_HEAD } from "./loaders/site/print.ts";
import { builtPlacePaths } from "./loaders/site/places.ts";

const PAGES = [
  { name: "总览", path: "/" },
  { name: "县区进展", path: "/counties" },
  { name: "两期对比", path: "/compare" },
  { name: "减存量 遏增量", path: "/stock" },
  { name: "资金沉淀", path: "/backlog" },
  { name: "虚拟与实际人数", path: "/headcount" },
  { name: "新旧办法对比", path: "/methods" },
  { name: "审计线索", path: "/findings" },
  { name: "数据质量", path: "/quality" },
  { name: "搜索", path: "/search" },
];

/** The sidebar pages whose source exists (test/e2e/pages.test.ts checks that all of them do). */
function existingPages() {
  return PAGES.filter((p) => existsSync(join("src", p.path === "/" ? "index.md" : `${p.path.slice(1)}.md`)));
}

export { PAGES };

export default {
  title: "先保 · 被征地农民养老保险补贴资金核对",
  root: "src",
  // `npm run build` writes into a new folder and swaps it in (loaders/site/publish.ts); this is for
  // Framework's own commands.
  output: readEnv().siteOutput ?? "reports/site",
  globalStylesheets: [],
  style: "style.css",
  search: false,
  // Every page is a file ending in .html and every link says so: the site works on a plain static server
  // (python3 -m http.server, nginx or IIS without rewrite rules), not only on one that maps clean URLs.
  preserveExtension: true,
  pager: false,
  toc: false,
  sidebar: true,
  footer: "先保 xianbao · 数据只在本机与内网流转 · 身份证号均已脱敏",
  // Pages declare zh-CN and show a Chinese notice where they cannot run (loaders/site/notices.ts); the
  // printed pages' margins name the page and the day of printing (loaders/site/print.ts).
  head: `<meta name="referrer" content="no-referrer"><link rel="icon" href="data:,">${NOTICE_HEAD}${PRINT_HEAD}`,
  pages: existingPages(),
  dynamicPaths: () => builtPlacePaths(readEnv().siteFiles),
};
