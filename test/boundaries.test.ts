// The import boundaries, read from every import of loaders/, src/, common/ and scripts/ (static, dynamic and
// re-exports): the pipeline never imports the pages, the pages never import the pipeline, common/ imports
// nothing but common/, and a page module of src/components imports only the shared components.
import { describe, expect, test } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");

/** Every source file under a folder (Markdown pages included: their ```js blocks import too). */
function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((e) => {
    const path = join(dir, e);
    if (e === "node_modules" || e.startsWith(".")) return [];
    if (statSync(join(ROOT, path)).isDirectory()) return files(path);
    return /\.(ts|js|md)$/.test(e) ? [path] : [];
  });
}

/** The specifiers a file imports: `import ... from "x"`, `import("x")`, `export ... from "x"`. */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|[\s;])(?:import|export)\s[^"'`;]*?from\s*["']([^"']+)["']/g))
    out.push(m[1]);
  for (const m of text.matchAll(/(?:^|[\s;])import\s*["']([^"']+)["']/g)) out.push(m[1]);
  for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) out.push(m[1]);
  return out;
}

/** Where an import lands: a repository folder for a relative path, "@xianbao/common", or "package". */
function target(file: string, spec: string): string {
  if (spec.startsWith("@xianbao/common/")) return "common";
  if (!spec.startsWith(".")) return "package";
  return relative(ROOT, resolve(ROOT, dirname(file), spec));
}

type Edge = { file: string; spec: string; to: string };

const edges: Edge[] = ["loaders", "src", "common", "scripts"].flatMap((dir) =>
  files(dir).flatMap((file) =>
    importsOf(readFileSync(join(ROOT, file), "utf8")).map((spec) => ({ file, spec, to: target(file, spec) })),
  ),
);

/** The components every page may use; the others are one page's charts and column specs. */
const SHARED = [
  "cells",
  "charts",
  "data",
  "download",
  "format",
  "kpi",
  "links",
  "markup",
  "plot",
  "shards",
  "status",
  "table",
];

/** Every import that crosses a boundary, as "file imports spec (rule)". */
export function violations(list: Edge[]): string[] {
  const rules: [string, (e: Edge) => boolean][] = [
    ["loaders/ never imports src/", (e) => e.file.startsWith("loaders/") && e.to.startsWith("src")],
    ["src/ never imports loaders/", (e) => e.file.startsWith("src/") && e.to.startsWith("loaders")],
    ["common/ imports only common/", (e) => e.file.startsWith("common/") && !e.to.startsWith("common")],
    ["scripts/ never import src/", (e) => e.file.startsWith("scripts/") && e.to.startsWith("src")],
    [
      "no sibling page module",
      (e) => {
        const own = /^src\/components\/(\w+)\.js$/.exec(e.file)?.[1];
        const to = /^src\/components\/(\w+)\.js$/.exec(e.to)?.[1];
        return !!own && !!to && !SHARED.includes(to) && !samePage(own, to);
      },
    ],
  ];
  return list.flatMap((e) =>
    rules.filter(([, broken]) => broken(e)).map(([rule]) => `${e.file} imports ${e.spec} (${rule})`),
  );
}

describe("importsOf(text) / violations(edges)", () => {
  test("finds static, dynamic, side-effect and re-export imports", () => {
    expect(
      importsOf(
        `import a from "./a.js";\nimport {b} from '../b.js'\nimport "./c.css";\nconst d = await import("./d.js");\nexport {e} from "./e.js";`,
      ),
    ).toEqual(["./a.js", "../b.js", "./e.js", "./c.css", "./d.js"]);
  });

  test("names each kind of crossing", () => {
    const edge = (file: string, spec: string) => ({ file, spec, to: target(file, spec) });
    expect(
      violations([
        edge("loaders/evidence.ts", "../src/components/download.js"),
        edge("src/data/x.json.ts", "../../loaders/site/build.ts"),
        edge("common/xlsx.js", "jszip"),
        edge("src/components/backlog.js", "./stock.js"),
        edge("src/components/held.js", "./backlog.js"),
        edge("src/components/league.js", "./table.js"),
      ]),
    ).toEqual([
      "loaders/evidence.ts imports ../src/components/download.js (loaders/ never imports src/)",
      "src/data/x.json.ts imports ../../loaders/site/build.ts (src/ never imports loaders/)",
      "common/xlsx.js imports jszip (common/ imports only common/)",
      "src/components/backlog.js imports ./stock.js (no sibling page module)",
    ]);
  });
});

describe("import boundaries", () => {
  test("hold for every import of loaders/, src/, common/ and scripts/", () => {
    expect(edges.filter((e) => e.file.startsWith("loaders/")).length).toBeGreaterThan(50);
    expect(edges.filter((e) => e.file.startsWith("src/")).length).toBeGreaterThan(50);
    expect(edges.filter((e) => e.file.startsWith("common/")).length).toBeGreaterThan(3);
    expect(violations(edges)).toEqual([]);
  });
});

/** Modules of one page: 资金沉淀 (backlog, held), 审计线索 (findings*), 县区进展 (league, ranking). */
function samePage(a: string, b: string): boolean {
  const pageOf = (m: string) =>
    m === "held" ? "backlog" : m.startsWith("findings") ? "findings" : m === "ranking" ? "league" : m;
  return pageOf(a) === pageOf(b);
}
