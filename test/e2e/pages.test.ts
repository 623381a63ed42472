// Every page of the sidebar exists and is built; nothing in the built site points outside it.
import { describe, expect, test } from "vitest";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { PAGES } from "../../observablehq.config.ts";
import { useSite } from "./site.ts";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) =>
    statSync(join(dir, e)).isDirectory() ? files(join(dir, e)) : [join(dir, e)],
  );
}

describe("the built site", () => {
  const site = useSite();

  test("every sidebar page has its source and its HTML", () => {
    for (const p of PAGES) {
      const name = p.path === "/" ? "index" : p.path.slice(1);
      expect(existsSync(join("src", `${name}.md`)), `src/${name}.md`).toBe(true);
      expect(existsSync(join(site.fixture.site, `${name}.html`)), `${name}.html`).toBe(true);
    }
  });

  test("no HTML, JS or CSS file refers to another host (no CDN, no web font)", () => {
    const offenders: string[] = [];
    for (const file of files(site.fixture.site)) {
      if (!/\.(html|js|css)$/.test(file)) continue;
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(
        /(?:src|href)\s*=\s*["'](https?:)?\/\/[^"']+["']|@import\s+url\(["']?https?:|fonts\.googleapis|cdn\.jsdelivr|unpkg\.com/g,
      ))
        offenders.push(`${file}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });
});
