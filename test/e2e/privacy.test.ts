// The built site, every page, script and data file of it, holds no ID number or name of the input
// (docs/privacy.md#rule), not even of rejected rows; persons appear masked and keyed only.
import { expect, inject, test } from "vitest";
import { leaks, personalData, textsOf } from "../privacy.ts";

test("the built site holds no ID number or name of the input files", async () => {
  const { data, site } = inject("site");
  const personal = await personalData(data);
  expect(personal.ids.size).toBeGreaterThan(1000);
  expect(personal.names.size).toBeGreaterThan(50);
  const texts = await textsOf(site);
  // the county reports (with each county's findings) and the findings file are there to be scanned
  const counties = [...texts].filter(([f]) => /\/_county\/\d{6}\.json\.gz$/.test(f));
  expect(counties.length).toBeGreaterThan(1);
  expect(counties.some(([, t]) => /\d{6}\*{8}\d{3}[\dX]/.test(t))).toBe(true);
  expect([...texts.keys()].filter((f) => /\/_city\/\d{4}\.json\.gz$/.test(f)).length).toBeGreaterThan(1);
  expect([...texts.keys()].some((f) => /findings\.[0-9a-f]+\.json$/.test(f))).toBe(true);
  // and the project pages' shards, with every credit of every project
  const shards = [...texts].filter(([f]) => /\/_project\/\d+\.json\.gz$/.test(f));
  expect(shards.length).toBeGreaterThan(1);
  expect(shards.every(([, t]) => t.startsWith('{"as_of"'))).toBe(true);
  // and the search page's person index, every person credited
  const people = [...texts].filter(([f]) => /\/_person\/\d+\.json\.gz$/.test(f));
  expect(people.length).toBeGreaterThan(0);
  expect(people.some(([, t]) => /\d{6}\*{8}\d{3}[\dX]/.test(t))).toBe(true);
  // and the findings page's shards (findings.json is only their summary: docs/outputs.md#findings-page)
  const findings = [...texts].filter(([f]) => /\/_finding\/[\w-]+\.json\.gz$/.test(f));
  expect(findings.length).toBeGreaterThan(1);
  expect(leaks(texts, personal)).toEqual([]);
  // masked IDs (first 6 and last 4 digits) are what the evidence shows
  expect(findings.some(([, t]) => /\d{6}\*{8}\d{3}[\dX]/.test(t))).toBe(true);
});
