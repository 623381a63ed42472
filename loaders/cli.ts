/**
 * The `xianbao` command line: check, ingest, sample, metrics, export, report. Every command prints what it
 * did; a file that cannot be read ends it with exit code 1 and a message in Chinese and English, never a
 * stack trace.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { rm } from "node:fs/promises";
import { extname, isAbsolute, join, relative, resolve } from "node:path";
import { SingleBar } from "cli-progress";
import { BilingualError, isBilingualError } from "./errors.ts";
import { ingest, ingestInto, type IngestOptions } from "./ingest.ts";
import { comparePeriods, computeMetrics, writeMetricsOutputs } from "./metrics.ts";
import { formatReport } from "./report.ts";
import { buildWarehouse, makeWorkDir, withWarehouse } from "./warehouse.ts";

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(text + "\n"),
  err: (text) => process.stderr.write(text + "\n"),
  isTTY: Boolean(process.stderr.isTTY),
};

/** Runs the CLI with `argv` (as process.argv); resolves to the exit code. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  program.exitOverride();
  program.configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const e = error as { code?: string; exitCode?: number };
    if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help")
      return 0;
    if (typeof e.exitCode === "number" && e.code?.startsWith("commander.")) return e.exitCode || 2;
    return reportError(error, io);
  }
  return code;
}

function reportError(error: unknown, io: Io): number {
  if (isBilingualError(error)) {
    io.err(`错误: ${error.zh}`);
    io.err(`error: ${error.en}`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`内部错误 internal error: ${message}`);
  io.err(
    "这是程序错误, 请连同命令与数据说明报告 / this is a bug; please report it with the command and a description of the data",
  );
  if (process.env.XIANBAO_DEBUG && error instanceof Error && error.stack) io.err(error.stack);
  return 3;
}

function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new InvalidArgumentError("应为 YYYY-MM-DD / must be YYYY-MM-DD");
  return value;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError("应为非负整数 / must be a whole number >= 0");
  return n;
}

function progressBar(io: Io): IngestOptions["onProgress"] {
  if (!io.isTTY) return undefined;
  const bar = new SingleBar({
    format: "{bar} {value}/{total} {step}",
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  return (step, done, total) => {
    if (!started) {
      bar.start(total, done, { step });
      started = true;
    }
    bar.setTotal(total);
    bar.update(done, { step });
    if (done >= total && step.includes("validated")) bar.stop();
  };
}

function buildProgram(io: Io, setCode: (code: number) => void): Command {
  const program = new Command()
    .name("xianbao")
    .description(
      "先保: 被征地农民养老保险补贴资金核对 / reconciliation of land-expropriated farmers' pension subsidy funds",
    )
    .showHelpAfterError();

  program
    .command("check")
    .description(
      "只校验不入库: 打印导入报告和前几条拒绝记录 / validate a data directory: print the load report and the first rejects",
    )
    .argument("<dir>", "数据目录 / data directory (see data/README.md)")
    .option("--rejects <n>", "打印多少条拒绝记录 / how many rejects to print", positiveInt, 20)
    .option(
      "--today <date>",
      "导入日 (晚于此日的日期被拒绝) / the load day (later dates are rejected)",
      isoDate,
    )
    .option("--json", "以 JSON 输出导入报告 / print the load report as JSON")
    .addHelpText(
      "after",
      "\n退出码 exit code: 0 = 已读完 (可能有拒绝行 / rejects are possible), 1 = 有文件无法读取 / a file could not be read",
    )
    .action(async (dir: string, opts: { rejects: number; today?: string; json?: boolean }) => {
      const work = await makeWorkDir("check");
      try {
        const db = join(work, "check.duckdb");
        const report = await ingest(dir, db, { today: opts.today, onProgress: progressBar(io) });
        io.out(opts.json ? JSON.stringify(report, null, 2) : formatReport(report));
        if (!opts.json && opts.rejects > 0) io.out(await formatRejects(db, opts.rejects));
      } finally {
        await rm(work, { recursive: true, force: true });
      }
      setCode(0);
    });

  program
    .command("ingest")
    .description(
      "校验并导入到 DuckDB 数据仓库 (完成后才替换旧库) / validate and load into a DuckDB warehouse (swapped in only when complete)",
    )
    .argument("<dir>", "数据目录 / data directory")
    .requiredOption("--db <file>", "仓库文件 / warehouse file, e.g. xianbao.duckdb")
    .option("--today <date>", "导入日 / the load day", isoDate)
    .action(async (dir: string, opts: { db: string; today?: string }) => {
      const report = await ingest(dir, opts.db, { today: opts.today, onProgress: progressBar(io) });
      io.out(formatReport(report));
      io.out(`仓库 warehouse: ${opts.db} (${report.seconds} s)`);
      setCode(0);
    });

  program
    .command("sample")
    .description("生成确定性的广东示例数据 / write a deterministic (seeded) Guangdong sample data set")
    .addOption(
      new Option("--scale <name>", "规模 / scale")
        .choices(["small", "demo", "province", "national"])
        .makeOptionMandatory(),
    )
    .requiredOption("--out <dir>", "输出目录 / output directory")
    .option("--seed <n>", "随机种子 / seed", positiveInt)
    .option("--clean", "不植入任何异常 / plant no anomaly and no bad row")
    .addOption(new Option("--format <format>", "文件格式 / file formats").choices(["mixed", "csv"]))
    .action(async (opts: { scale: string; out: string; seed?: number; clean?: boolean; format?: string }) => {
      const { writeSample } = await import("./sample/index.ts");
      const bar = io.isTTY
        ? new SingleBar({ format: "{bar} {percentage}% {value}/{total}", hideCursor: true })
        : null;
      let started = false;
      const summary = await writeSample({
        scale: opts.scale as "small",
        out: opts.out,
        seed: opts.seed,
        clean: opts.clean,
        format: opts.format as "mixed" | undefined,
        onProgress: (done: number, total: number) => {
          if (!bar) return;
          if (!started) bar.start(total, 0);
          started = true;
          bar.update(done);
        },
      });
      bar?.stop();
      io.out(JSON.stringify(summary, null, 2));
      setCode(0);
    });

  program
    .command("metrics")
    .description(
      "计算全部指标和审计线索, 写出 CSV / compute every figure and finding and write the CSV outputs",
    )
    .requiredOption("--data <dir>", "数据目录 / data directory")
    .requiredOption("--out <dir>", "输出目录 / output directory")
    .option(
      "--as-of <date>",
      "截止日期 (默认: 数据中最晚的日期) / as-of date (default: the latest date in the data)",
      isoDate,
    )
    .option(
      "--compare-to <date>",
      "与此日 (上期, 早于截止日期) 比较, 另写出 changes.csv / compare with this earlier date (then) and also write changes.csv",
      isoDate,
    )
    .option("--db <file>", "同时保留仓库文件 / also keep the warehouse in this file")
    .option("--today <date>", "导入日 / the load day", isoDate)
    .addHelpText(
      "after",
      "\n输出 outputs: projects.csv, counties.csv, findings.csv, monthly.csv, load_report.json, rejects.csv, 加 --compare-to 时另有 / with --compare-to also changes.csv (UTF-8; 身份证号已脱敏 / IDs masked)" +
        "\n数据目录中可放整改台账 rectifications.csv / .xlsx 或 rectifications/ 文件夹 (县区交回的线索清单) / the data directory may hold the returned findings lists as rectifications.csv / .xlsx or a rectifications/ folder",
    )
    .action(
      async (opts: {
        data: string;
        out: string;
        asOf?: string;
        compareTo?: string;
        db?: string;
        today?: string;
      }) => {
        const work = opts.db ? null : await makeWorkDir("metrics");
        const db = opts.db ?? join(work!, "metrics.duckdb");
        try {
          const { report, asOf, compareTo, files } = await buildWarehouse(db, async (w) => {
            const report = await ingestInto(w, opts.data, { today: opts.today, onProgress: progressBar(io) });
            const dates = opts.compareTo
              ? await comparePeriods(w, { asOf: opts.asOf, compareTo: opts.compareTo })
              : { asOf: await computeMetrics(w, opts.asOf), compareTo: null };
            const files = await writeMetricsOutputs(w, opts.out);
            return { report, ...dates, files };
          });
          io.out(formatReport(report));
          io.out(`截止日期 as of: ${asOf}${compareTo ? ` (上期 compared to: ${compareTo})` : ""}`);
          io.out(`输出 written: ${files.join(", ")}`);
        } finally {
          if (work) await rm(work, { recursive: true, force: true });
        }
        setCode(0);
      },
    );

  program
    .command("export")
    .description(
      "导出审计线索清单 (CSV 或 XLSX): 线索编号、证据, 以及留给县区填写的 整改状态/报告日期/整改说明 列; 默认身份证号脱敏 / export the findings list (CSV or XLSX): key, evidence and the empty columns a county fills in; IDs masked by default",
    )
    .requiredOption("--data <dir>", "数据目录 / data directory")
    .requiredOption("--out <file>", "输出文件 (.csv 或 .xlsx) / output file (.csv or .xlsx)")
    .option("--as-of <date>", "截止日期 / as-of date", isoDate)
    .option("--codes <list>", "只导出这些规则, 如 F08,F09 / only these rules, e.g. F08,F09")
    .option(
      "--with-personal-data",
      "写出完整身份证号 (文件首行注明含个人信息; 仅限本地审计取证) / write full ID numbers (the file's first line says it holds personal data; local audit use only)",
    )
    .option("--today <date>", "导入日 / the load day", isoDate)
    .action(
      async (opts: {
        data: string;
        out: string;
        asOf?: string;
        codes?: string;
        withPersonalData?: boolean;
        today?: string;
      }) => {
        const codes = (opts.codes ?? "")
          .split(",")
          .map((c) => c.trim().toUpperCase())
          .filter(Boolean);
        const bad = codes.filter((c) => !/^F(0[1-9]|1[0-2])$/.test(c));
        if (bad.length)
          throw new BilingualError(
            `--codes 中的 ${bad.join(", ")} 不是规则代码 (F01-F12)`,
            `--codes: ${bad.join(", ")} is not a rule code (F01-F12)`,
          );
        const { writeEvidence } = await import("./evidence.ts");
        const count = await withWarehouse(":memory:", async (w) => {
          await ingestInto(w, opts.data, { today: opts.today, onProgress: progressBar(io) });
          await computeMetrics(w, opts.asOf);
          return writeEvidence(w, opts.out, { personalData: Boolean(opts.withPersonalData), codes });
        });
        if (opts.withPersonalData)
          io.err(
            `注意: ${opts.out} 含完整身份证号, 请妥善保管, 不要外传 / note: ${opts.out} holds full ID numbers; keep it safe and do not share it`,
          );
        io.out(
          `审计线索 findings: ${count} 条 → ${opts.out}${opts.withPersonalData ? " (含个人信息 / personal data)" : " (身份证号已脱敏 / IDs masked)"}`,
        );
        setCode(0);
      },
    );

  program
    .command("report")
    .description(
      "写出两期对比的通报 (Word .docx 草稿, 可在 Word/WPS 中编辑) / write the circular (通报) of a review period as an editable Word draft",
    )
    .requiredOption("--data <dir>", "数据目录 / data directory")
    .requiredOption(
      "--out <file>",
      "输出文件 (.docx), 不能在数据目录内 / output file (.docx), outside the data directory",
    )
    .option(
      "--as-of <date>",
      "本期截止日期 (默认: 数据中最晚的日期) / as-of date, now (default: the latest date in the data)",
      isoDate,
    )
    .option(
      "--compare-to <date>",
      "上期截止日期 (默认: 本期之前最近的 6月30日 或 12月31日) / the date compared with, then (default: the last 30 June or 31 December before --as-of)",
      isoDate,
    )
    .option("--today <date>", "导入日 / the load day", isoDate)
    .action(
      async (opts: { data: string; out: string; asOf?: string; compareTo?: string; today?: string }) => {
        if (extname(opts.out).toLowerCase() !== ".docx")
          throw new BilingualError(
            `--out ${opts.out}: 通报为 Word 文档, 文件名应以 .docx 结尾`,
            `--out ${opts.out}: the circular is a Word document; the file name must end in .docx`,
          );
        const inside = relative(resolve(opts.data), resolve(opts.out));
        if (!inside.startsWith("..") && !isAbsolute(inside))
          throw new BilingualError(
            `--out ${opts.out} 在数据目录 ${opts.data} 之内: 下次导入会把它当作数据。请写到数据目录之外。`,
            `--out ${opts.out} is inside the data directory ${opts.data}, where the next load would take it for data. Write it elsewhere.`,
          );
        const { writeCircular } = await import("./circular.ts");
        const { dates, data } = await withWarehouse(":memory:", async (w) => {
          await ingestInto(w, opts.data, { today: opts.today, onProgress: progressBar(io) });
          const dates = await comparePeriods(w, { asOf: opts.asOf, compareTo: opts.compareTo });
          return { dates, data: await writeCircular(w, opts.out) };
        });
        const counties = data.rows.filter((r) => r.level === "county").length;
        io.out(
          `通报 circular: ${opts.out} (${dates.compareTo} → ${dates.asOf}, ${counties} 个县区 counties; 金额单位 万元 / amounts in 10,000 yuan)`,
        );
        setCode(0);
      },
    );

  return program;
}

async function formatRejects(db: string, limit: number): Promise<string> {
  return withWarehouse(
    db,
    async (w) => {
      const total = Number(await w.value(`SELECT count(*)::DOUBLE FROM rejects`));
      if (total === 0) return "没有拒绝记录 / no rejects";
      const rows = await w.rows<{
        file: string;
        row: string;
        field: string | null;
        value: string | null;
        zh: string;
        en: string;
      }>(
        `SELECT s.file, r.row, r.field,
                CASE WHEN r.field = 'person_id' THEN mask_id(r.value) ELSE mask_ids_in(r.value) END AS value,
                r.reason_zh AS zh, r.reason_en AS en
         FROM rejects r JOIN sources s USING (file_id)
         ORDER BY r.file_id, r.row, r.field LIMIT $limit`,
        { limit },
      );
      const lines = [`拒绝记录 rejects (前 first ${rows.length} / ${total}):`];
      for (const r of rows)
        lines.push(
          `  ${r.file} 第${r.row}行 row ${r.row}${r.field ? ` [${r.field}]` : ""} “${r.value ?? ""}”: ${r.zh} / ${r.en}`,
        );
      return lines.join("\n");
    },
    { readOnly: true },
  );
}
