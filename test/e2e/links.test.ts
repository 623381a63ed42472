// Every link of every page works on a plain static server (browser.ts serveDirectory maps no clean URL,
// as python3 -m http.server, nginx or IIS without rewrite rules): starting at the overview, each page is
// opened, its links read from the page as rendered (links built in JavaScript too), and every address
// they name is fetched; none may answer 404, and every page address ends in .html.
import { describe, expect, test } from "vitest";
import { useSite } from "./site.ts";

describe("the links of the built site", () => {
  const site = useSite();

  test("every link of every page reachable from the overview loads (no 404), page addresses end in .html", async () => {
    const origin = new URL(site.url("/")).origin;
    const pages = new Set<string>([site.url("/")]);
    const queue = [site.url("/")];
    const checked = new Map<string, number>();
    const broken: string[] = [];
    const clean: string[] = [];
    const crawl = async (url: string) => {
      const v = await site.open(url.slice(origin.length));
      expect(v.errors, url).toEqual([]);
      const hrefs = await v.page
        .locator("a[href]")
        .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
      for (const href of hrefs) {
        const target = new URL(href);
        if (target.origin !== origin) continue;
        target.hash = "";
        const address = target.toString();
        if (!checked.has(address)) checked.set(address, (await v.page.request.get(address)).status());
        if (checked.get(address) !== 200) broken.push(`${url} -> ${href}: ${checked.get(address)}`);
        const path = target.pathname;
        if (!path.endsWith("/") && !/\.[a-z0-9]+$/.test(path)) clean.push(`${url} -> ${href}`);
        const base = `${target.origin}${path}`;
        if ((path.endsWith(".html") || path.endsWith("/")) && !pages.has(base)) {
          pages.add(base);
          queue.push(base);
        }
      }
      await v.page.close();
    };
    // Three pages at a time: the crawl opens every county report.
    while (queue.length) await Promise.all(queue.splice(0, 3).map(crawl));
    expect(broken).toEqual([]);
    expect(clean).toEqual([]);
    // The crawl reached every sidebar page and every county report.
    const counties = site.metrics("counties.csv");
    for (const c of counties)
      expect(pages, c.county_code).toContain(site.url(`/county/${c.county_code}.html`));
    for (const p of ["counties", "stock", "backlog", "headcount", "methods", "findings", "quality", "search"])
      expect(pages, p).toContain(site.url(`/${p}.html`));
    expect(checked.size).toBeGreaterThan(counties.length + 8);
  });

  test("a clean URL is a 404 here, as on a plain server", async () => {
    const v = await site.open("/counties.html");
    expect((await v.page.request.get(site.url("/counties"))).status()).toBe(404);
    expect((await v.page.request.get(site.url("/county/440103"))).status()).toBe(404);
  });
});
