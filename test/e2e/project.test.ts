// The project page's findings in headless Chromium: every finding of the project with whether it is open at
// T and the rectification counted at T with its verdict (已核实 / 整改不实), as the warehouse has them.
import { describe, expect, test } from "vitest";
import { RECTIFICATION_STATUS, VERDICTS } from "../../common/evidence.js";
import { useSite } from "./site.ts";

const site = useSite();

interface FindingRow {
  project_id: string;
  code: string;
  open: boolean;
  rectification: keyof typeof RECTIFICATION_STATUS | null;
  verdict: keyof typeof VERDICTS | null;
}

const findingsOf = (where: string) =>
  site.sql<FindingRow>(
    `SELECT project_id, code, open, rectification, verdict FROM m_findings WHERE project_id IN (
       SELECT project_id FROM m_findings WHERE ${where} ORDER BY project_id LIMIT 1)
     ORDER BY code, village_code NULLS FIRST, event_on NULLS FIRST, record_id NULLS FIRST`,
  );

async function shownFindings(id: string) {
  const v = await site.open(`/project.html?id=${encodeURIComponent(id)}`);
  const rows = await v.page.$$eval(".project-findings tbody tr", (trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent ?? "")),
  );
  const header = await v.page.$$eval(".project-findings thead th", (ths) =>
    ths.map((th) => th.textContent ?? ""),
  );
  return { v, rows, status: header.findIndex((h) => h.includes("解决 / 整改")) };
}

describe("批次页: the findings' state and rectification", () => {
  test("a project with a 整改不实 claim: each finding open or resolved, the report and the verdict shown", async () => {
    const expected = await findingsOf(`verdict = 'not_confirmed'`);
    expect(expected.length).toBeGreaterThan(0);
    const { v, rows, status } = await shownFindings(expected[0].project_id);
    expect(v.errors).toEqual([]);
    expect(status).toBeGreaterThanOrEqual(0);
    expect(rows.length).toBe(expected.length);
    const cells = rows.map((r) => r[status]);
    // in the outputs' stable order, as the shard lists them
    expected.forEach((f, i) => {
      expect(cells[i], `${f.code} ${i}`).toContain(f.open ? "未解决" : "已解决");
      if (f.rectification) expect(cells[i]).toContain(`报告: ${RECTIFICATION_STATUS[f.rectification].label}`);
      else expect(cells[i]).not.toContain("报告:");
      if (f.verdict) expect(cells[i]).toContain(VERDICTS[f.verdict].label);
    });
    expect(await v.page.locator(".project-findings .verdict.v-not_confirmed").count()).toBe(
      expected.filter((f) => f.verdict === "not_confirmed").length,
    );
  });

  test("a project none of whose findings was reported on: the state alone, no report", async () => {
    const expected = await findingsOf(
      `project_id NOT IN (SELECT project_id FROM m_findings WHERE rectification IS NOT NULL)`,
    );
    expect(expected.length).toBeGreaterThan(0);
    const { v, rows, status } = await shownFindings(expected[0].project_id);
    expect(v.errors).toEqual([]);
    const cells = rows.map((r) => r[status]);
    expect(cells.filter((c) => c.includes("未解决")).length).toBe(expected.filter((f) => f.open).length);
    expect(cells.filter((c) => c.includes("已解决")).length).toBe(expected.filter((f) => !f.open).length);
    expect(cells.some((c) => c.includes("报告:"))).toBe(false);
  });
});
