/**
 * The rectification ledger the cities send back (docs/review.md#ledger): the findings of the planted
 * projects, each answered (已整改, 整改中, 情况说明) or left unanswered as a county would, one file per city
 * under `rectifications/`. Every status, a 整改不实 claim (rectified while the data show it open), a key
 * reported on twice, a tie on one day, an unmatched key and an unanswered row are guaranteed; the mixed
 * format adds a malformed key and a key of an unknown project (planted rejects). And the oracle: the
 * ledger as counted at T with its verdicts, worked out here from the generator's own evaluation, not from
 * the SQL.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RECTIFICATION_STATUS } from "@xianbao/common/evidence.js";
import { writeXlsx } from "@xianbao/common/xlsx.js";
import JSZip from "jszip";
import { chineseOf, isoOf, type Day } from "./dates.ts";
import type { SampleFormat } from "./formats.ts";
import { Random } from "./random.ts";
import type { Finding } from "./records.ts";
import type { PlantedReject } from "./rejects.ts";
import { CsvSink } from "./sink.ts";

export type RectificationStatus = keyof typeof RECTIFICATION_STATUS;

/** One row of a returned list: an answer, or none (status null: the county did not answer). */
export interface LedgerRow {
  finding_key: string;
  code: string;
  project_id: string;
  county_code: string;
  status: RectificationStatus | null;
  reported_on: Day | null;
  note: string;
}

/** What the ledger says about a key at T: the report counted, whether the finding exists, the verdict. */
export interface CountedReport {
  finding_key: string;
  county_code: string;
  status: RectificationStatus;
  reported_on: string;
  matched: boolean;
  verdict: "confirmed" | "not_confirmed" | null;
}

const NOTES: Record<RectificationStatus, string[]> = {
  rectified: ["已按要求整改到位", "资金已补足到位", "已追回并重新核定", ""],
  in_progress: ["正在整改, 预计下一半年完成", "已制定整改方案", ""],
  explained: ["已作情况说明, 相关材料另附", "系历史遗留问题, 已报市政府研究", ""],
};

/** Collects the answers city by city as the projects are generated, then writes them. */
export class LedgerPlanner {
  private readonly byCity = new Map<string, LedgerRow[]>();
  private readonly ordinary = new Map<string, string>();
  private readonly openNow = new Set<string>();
  private readonly presentNow = new Set<string>();

  constructor(
    private readonly seed: number,
    private readonly compareTo: Day,
    private readonly asOf: Day,
  ) {}

  /**
   * A project's findings at T0 and at T1: planted projects get answers, an ordinary project is kept as
   * the home of the city's unmatched key.
   */
  addProject(
    cityCode: string,
    countyCode: string,
    projectId: string,
    planted: boolean,
    then: readonly Finding[],
    now: readonly Finding[],
  ): void {
    for (const f of now) {
      this.presentNow.add(f.finding_key);
      if (!f.resolved) this.openNow.add(f.finding_key);
    }
    if (!planted) {
      if (!this.ordinary.has(cityCode) && !now.some((f) => f.code === "F05"))
        this.ordinary.set(cityCode, projectId);
      return;
    }
    const rng = new Random(this.seed, "rectifications", projectId);
    const rows = this.byCity.get(cityCode) ?? [];
    this.byCity.set(cityCode, rows);
    const keys = new Map<string, Finding>();
    for (const f of [...then, ...now]) keys.set(f.finding_key, f);
    for (const [key, f] of [...keys].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const state = !this.presentNow.has(key) ? "absent" : this.openNow.has(key) ? "open" : "resolved";
      const weights =
        state === "open"
          ? [0.03, 0.4, 0.22, 0.35]
          : state === "resolved"
            ? [0.55, 0, 0.15, 0.3]
            : [0.6, 0, 0, 0.4];
      const status = (["rectified", "in_progress", "explained", null] as const)[rng.weighted(weights)];
      const base = { finding_key: key, code: f.code, project_id: projectId, county_code: countyCode };
      if (status === null) {
        rows.push({ ...base, status: null, reported_on: null, note: "" });
        continue;
      }
      // Some counties reported once in the previous half-year already (整改中), then again.
      if (status !== "in_progress" && rng.chance(0.25))
        rows.push({
          ...base,
          status: "in_progress",
          reported_on: this.compareTo - rng.int(0, 90),
          note: rng.pick(NOTES.in_progress),
        });
      rows.push({
        ...base,
        status,
        reported_on: this.compareTo + rng.int(1, this.asOf - this.compareTo),
        note: rng.pick(NOTES[status]),
      });
    }
  }

  /** Every city's rows, with the cases the sample must show made sure of. */
  private finish(): [string, LedgerRow[]][] {
    const cities = [...this.byCity]
      .filter(([, rows]) => rows.length > 0)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    if (cities.length === 0) return [];
    const all = cities.flatMap(([, rows]) => rows);
    const isLast = (r: LedgerRow) => all.filter((x) => x.finding_key === r.finding_key).at(-1) === r;
    const unanswered = (r: LedgerRow) => r.status === null && this.presentNow.has(r.finding_key);
    const answer = (r: LedgerRow | undefined, status: RectificationStatus, daysBefore: number) => {
      if (!r) throw new Error(`the sample has no finding to answer ${status}`);
      Object.assign(r, { status, reported_on: this.asOf - daysBefore, note: NOTES[status][0] });
    };
    // 整改不实: a rectified claim on a finding still open at T1.
    if (!all.some((r) => r.status === "rectified" && isLast(r) && this.openNow.has(r.finding_key)))
      answer(
        all.find((r) => unanswered(r) && this.openNow.has(r.finding_key)),
        "rectified",
        10,
      );
    for (const status of ["in_progress", "explained"] as const)
      if (!all.some((r) => r.status === status)) answer(all.find(unanswered), status, 20);
    if (!all.some((r) => r.status === null)) throw new Error("the sample has no unanswered finding");
    // A key reported on twice: 整改中 in the previous half-year, then its status now.
    const answered = all.filter((r) => r.status !== null).map((r) => r.finding_key);
    const twice = new Set(answered).size < answered.length;
    const [firstCity, firstRows] = cities[0];
    if (!twice) {
      const r = firstRows.find((x) => x.status !== null && x.status !== "in_progress")!;
      firstRows.splice(firstRows.indexOf(r), 0, {
        ...r,
        status: "in_progress",
        reported_on: this.compareTo - 30,
        note: NOTES.in_progress[0],
      });
    }
    // A tie: a second report on one key the same day, which counts as the later row; made on a claim the
    // data confirm, so the 整改不实 claims stand.
    const tied = firstRows.find(
      (r) => r.status !== null && r.status !== "explained" && isLast(r) && !this.openNow.has(r.finding_key),
    );
    if (tied)
      firstRows.splice(firstRows.indexOf(tied) + 1, 0, {
        ...tied,
        status: "explained",
        note: "更正: 上一行填报有误, 以本行为准",
      });
    // A well-formed key of a known project that matches no finding.
    const home = this.ordinary.get(firstCity) ?? [...this.ordinary.values()][0];
    if (home)
      firstRows.push({
        finding_key: `F05:${home}`,
        code: "F05",
        project_id: home,
        county_code: home.slice(0, 6),
        status: "explained",
        reported_on: this.asOf - 5,
        note: "经核查本批次未超额分配",
      });
    return cities;
  }

  /**
   * Writes `rectifications/<city>.xlsx` (mixed: Chinese headers and statuses, some of the findings list's
   * other columns, dates in two spellings) or `.csv` (English headers); the mixed format plants a
   * malformed key and a key of an unknown project in the first file. Returns the files and the rows as
   * the loader will read them, in file order.
   */
  async write(
    out: string,
    format: SampleFormat,
    rejects: PlantedReject[] | null,
  ): Promise<{ files: string[]; rows: LedgerRow[]; dataRows: number }> {
    const cities = this.finish();
    const files: string[] = [];
    const rows: LedgerRow[] = [];
    let dataRows = 0;
    mkdirSync(join(out, "rectifications"), { recursive: true });
    for (const [index, [city, cityRows]] of cities.entries()) {
      const file = `rectifications/${city}.${format === "mixed" ? "xlsx" : "csv"}`;
      files.push(file);
      rows.push(...cityRows);
      const bad =
        format === "mixed" && index === 0 && rejects
          ? [
              // A clerk who typed the key by hand: a space for the colon; a digit too many in the project.
              { key: cityRows[0].finding_key.replace(":", " "), problem: "finding_key_format" },
              { key: `F01:${cityRows[0].project_id}0`, problem: "finding_key_project" },
            ]
          : [];
      dataRows += cityRows.length + bad.length;
      if (format === "mixed") {
        const label = (s: RectificationStatus | null) => (s ? RECTIFICATION_STATUS[s].label : "");
        const sheet: (string | number)[][] = [
          ["线索编号", "规则", "县区代码", "批次编号", "整改状态", "报告日期", "整改说明"],
        ];
        for (const [i, r] of cityRows.entries())
          sheet.push([
            r.finding_key,
            r.code,
            r.county_code,
            r.project_id,
            label(r.status),
            r.reported_on === null ? "" : i % 2 ? chineseOf(r.reported_on) : isoOf(r.reported_on),
            r.note,
          ]);
        for (const b of bad) {
          sheet.push([
            b.key,
            b.key.slice(0, 3),
            cityRows[0].county_code,
            cityRows[0].project_id,
            "已整改",
            isoOf(this.asOf - 3),
            "",
          ]);
          rejects!.push({
            table: "rectifications",
            file,
            row: sheet.length,
            field: "finding_key",
            problem: b.problem,
          });
        }
        writeFileSync(join(out, file), await writeXlsx(JSZip, sheet, { sheetName: "审计线索" }));
      } else {
        const sink = new CsvSink(join(out, file), ["finding_key", "status", "reported_on", "note"], "utf-8");
        for (const r of cityRows)
          sink.row([
            r.finding_key,
            r.status ?? "",
            r.reported_on === null ? "" : isoOf(r.reported_on),
            r.note,
          ]);
        sink.close();
      }
    }
    return { files, rows, dataRows };
  }
}

/**
 * The ledger at T (docs/review.md#ledger-as-of, #verdict): per key the latest report dated by T, a tie
 * going to the later row (rows in file order); matched when the finding exists at T; a rectified claim is
 * confirmed unless the finding is open at T.
 */
export function countLedger(
  rows: readonly LedgerRow[],
  findingsAt: readonly Finding[],
  t: Day,
): CountedReport[] {
  const present = new Map(findingsAt.map((f) => [f.finding_key, f]));
  const latest = new Map<string, LedgerRow>();
  for (const r of rows) {
    if (r.status === null || r.reported_on === null || r.reported_on > t) continue;
    const before = latest.get(r.finding_key);
    if (!before || r.reported_on >= before.reported_on!) latest.set(r.finding_key, r);
  }
  return [...latest.values()]
    .map((r) => {
      const f = present.get(r.finding_key);
      return {
        finding_key: r.finding_key,
        county_code: r.county_code,
        status: r.status!,
        reported_on: isoOf(r.reported_on!),
        matched: f !== undefined,
        verdict: r.status === "rectified" ? (f && !f.resolved ? "not_confirmed" : "confirmed") : null,
      } as CountedReport;
    })
    .sort((a, b) => (a.finding_key < b.finding_key ? -1 : 1));
}
