/**
 * The `xianbao` command line: check, ingest, sample, metrics, export, report, serve. Every command prints what it
 * did; a file that cannot be read ends it with exit code 1 and a message in Chinese and English, never a
 * stack trace. The environment is read here, once (env.ts), and passed down.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { SingleBar } from "cli-progress";
import { ownsNames, checkReplaceableDir, writeDirAtomically } from "./atomic.ts";
import { isIsoDate, readEnv, type XianbaoEnv } from "./env.ts";
import { BilingualError, isBilingualError } from "./errors.ts";
import { ingest, ingestInto, type IngestOptions } from "./ingest.ts";
import {
  comparePeriods,
  computeMetrics,
  METRICS_FILES,
  METRICS_OUT,
  writeMetricsOutputs,
} from "./metrics.ts";
import { checkDataDir, checkOutputs, isWithin } from "./paths.ts";
import { formatReport } from "./report.ts";
import {
  buildWarehouse,
  checkWarehousePath,
  makeWorkDir,
  withWarehouse,
  type WarehouseOptions,
} from "./warehouse.ts";

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

/** The settings of one run, from the environment (read on first use, so `--help` works regardless). */
interface Settings {
  env: () => XianbaoEnv;
  warehouse: () => WarehouseOptions;
}

/** Runs the CLI with `argv` (as process.argv); resolves to the exit code. */
export async function main(
  argv: string[],
  io: Io = defaultIo,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let code = 0;
  let env: XianbaoEnv | undefined;
  const settings: Settings = {
    env: () => (env ??= readEnv(environment)),
    warehouse: () => ({ memoryLimit: settings.env().memoryLimit, tempDir: settings.env().tempDir }),
  };
  const program = buildProgram(io, (c) => (code = c), settings);
  // Subcommands copy these settings only when made after them: set on each, or a subcommand's usage
  // error would end the process itself (exit 1) and write past `io`.
  for (const command of [program, ...program.commands]) {
    command.exitOverride();
    command.configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  }
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const e = error as { code?: string; exitCode?: number };
    // `xianbao` alone prints the help as an error (exitCode 1): a usage error like the others below.
    if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help")
      if (!e.exitCode) return 0;
    // Commander exits 1 for every usage error; 2 keeps them apart from errors in the data (1).
    if (e.code?.startsWith("commander.")) return USAGE_ERROR;
    let debug = false;
    try {
      debug = settings.env().debug;
    } catch {
      // A bad environment is reported as the error itself.
    }
    return reportError(error, io, debug);
  }
  return code;
}

/** Exit codes (docs/outputs.md#exit-codes). */
const USAGE_ERROR = 2;
const EXIT_CODES =
  "\n退出码 exit codes: 0 = 完成 / done; 1 = 数据或设置有误, 消息说明如何更正 / a data or settings error, the message says what to fix;" +
  "\n  2 = 命令用法有误 (未知选项、缺少参数、日期不是真实日期等) / a usage error (unknown option, missing argument, a date that is no calendar day, ...);" +
  "\n  3 = 程序错误, 请报告 / a bug, please report it; 130/143 = 被 Ctrl-C / kill 中断, 未完成的文件已删除 / interrupted, unfinished files removed";

function reportError(error: unknown, io: Io, debug: boolean): number {
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
  if (debug && error instanceof Error && error.stack) io.err(error.stack);
  return 3;
}

function isoDate(value: string): string {
  if (!isIsoDate(value))
    throw new InvalidArgumentError("应为 YYYY-MM-DD 格式的日期 / must be a YYYY-MM-DD date");
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

const WAREHOUSE = { zh: "仓库文件 (--db)", en: "the warehouse (--db)" };

/** The checks every command that writes makes before any work (paths.ts, atomic.ts, warehouse.ts). */
async function checkWrites(data: string, out: { dir?: string; file?: string; db?: string }): Promise<string> {
  const dataDir = await checkDataDir(data, "");
  if (out.db) await checkWarehousePath(out.db);
  if (out.dir && out.db && (await isWithin(out.db, out.dir)))
    throw new BilingualError(
      `--db ${out.db} 位于 --out ${out.dir} 之内: 写出结果时会整体替换该文件夹。请把仓库文件放到别处。`,
      `--db ${out.db} lies inside --out ${out.dir}: the folder is replaced as a whole when the results are written. Put the warehouse elsewhere.`,
    );
  await checkOutputs(dataDir, [
    ...(out.dir ? [{ path: out.dir, role: METRICS_OUT }] : []),
    ...(out.file
      ? [{ path: out.file, role: { zh: "输出文件 (--out)", en: "the output file (--out)" } }]
      : []),
    ...(out.db ? [{ path: out.db, role: WAREHOUSE }] : []),
  ]);
  if (out.dir) await checkReplaceableDir(out.dir, { role: METRICS_OUT, owns: ownsNames(METRICS_FILES) });
  return dataDir;
}

function buildProgram(io: Io, setCode: (code: number) => void, settings: Settings): Command {
  const program = new Command()
    .name("xianbao")
    .description(
      "先保: 被征地农民养老保险补贴资金核对 / reconciliation of land-expropriated farmers' pension subsidy funds",
    )
    .showHelpAfterError()
    .addHelpText("after", EXIT_CODES);

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
    .option(
      "--report <file.xlsx>",
      "另写一个工作簿: 每个文件的读入/导入/拒绝行数、读取方式和全部拒绝记录 (值已脱敏) / also write a workbook: per file the rows read, loaded and rejected, how it was read, and every reject (values masked)",
    )
    .option(
      "--fix-sheet <dir>",
      "把每个有拒绝行的文件另存一份 .xlsx 到该目录 (须在数据目录之外): 错误单元格标红并批注原因, 右侧加“问题说明”列; 改好后可直接替换原文件再导入 / write a copy (.xlsx) of each file with rejects into this folder (outside the data directory): bad cells red with the reason as a comment, a problems column at the right; fix it and put it in place of the file",
    )
    .addHelpText(
      "after",
      "\n退出码 exit code: 0 = 已读完 (可能有拒绝行 / rejects are possible), 1 = 有文件无法读取 / a file could not be read",
    )
    .action(
      async (
        dir: string,
        opts: { rejects: number; today?: string; json?: boolean; report?: string; fixSheet?: string },
      ) => {
        const work = await makeWorkDir("check");
        try {
          const db = join(work, "check.duckdb");
          const report = await ingest(dir, db, {
            today: opts.today ?? settings.env().today,
            onProgress: progressBar(io),
            warehouse: settings.warehouse(),
            chunkBytes: settings.env().chunkBytes,
          });
          io.out(opts.json ? JSON.stringify(report, null, 2) : formatReport(report));
          if (!opts.json && opts.rejects > 0) io.out(await formatRejects(db, opts.rejects));
          if (opts.report || opts.fixSheet) {
            const { writeCheckWorkbook, writeFixSheets } = await import("./checkReport.ts");
            await withWarehouse(
              db,
              async (w) => {
                if (opts.report) {
                  await writeCheckWorkbook(w, report, opts.report);
                  io.out(`检查报告 check report: ${opts.report}`);
                }
                if (opts.fixSheet) {
                  const copies = await writeFixSheets(w, report, dir, opts.fixSheet);
                  io.out(
                    copies.length
                      ? `待改正的副本 copies to fix: ${copies.join(", ")}`
                      : "没有需要改正的文件 / no file to fix",
                  );
                }
              },
              { readOnly: true },
            );
          }
        } finally {
          await rm(work, { recursive: true, force: true });
        }
        setCode(0);
      },
    );

  program
    .command("ingest")
    .description(
      "校验并导入到 DuckDB 数据仓库 (完成后才替换旧库) / validate and load into a DuckDB warehouse (swapped in only when complete)",
    )
    .argument("<dir>", "数据目录 / data directory")
    .requiredOption(
      "--db <file>",
      "仓库文件, 不能在数据目录中 / warehouse file, not in the data folder, e.g. xianbao.duckdb",
    )
    .option("--today <date>", "导入日 / the load day", isoDate)
    .action(async (dir: string, opts: { db: string; today?: string }) => {
      await checkWrites(dir, { db: opts.db });
      const report = await ingest(dir, opts.db, {
        today: opts.today ?? settings.env().today,
        onProgress: progressBar(io),
        warehouse: settings.warehouse(),
        chunkBytes: settings.env().chunkBytes,
      });
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
      const { isSampleEntry, writeSample } = await import("../tools/sample/index.ts");
      const bar = io.isTTY
        ? new SingleBar({ format: "{bar} {percentage}% {value}/{total}", hideCursor: true })
        : null;
      let started = false;
      // Whole or not at all: a half-written sample would load as a smaller data set without a word.
      const role = { zh: "示例数据目录 (--out)", en: "the sample folder (--out)" };
      const summary = await writeDirAtomically(
        opts.out,
        (out) =>
          writeSample({
            scale: opts.scale as "small",
            out,
            seed: opts.seed,
            clean: opts.clean,
            format: opts.format as "mixed" | undefined,
            onProgress: (done: number, total: number) => {
              if (!bar) return;
              if (!started) bar.start(total, 0);
              started = true;
              bar.update(done);
            },
          }),
        { role, owns: isSampleEntry },
      );
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
        "\n数据目录中可放整改台账 rectifications.csv / .xlsx 或 rectifications/ 文件夹 (县区交回的线索清单) / the data directory may hold the returned findings lists as rectifications.csv / .xlsx or a rectifications/ folder" +
        "\n全部输出先写在旁边, 完成后一起替换旧的一组; --out 不能在数据目录中, 其中也不能有本工具以外的文件" +
        "\n/ all outputs are written beside and replace the previous set together; --out may not lie in the data folder or hold files of other origin",
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
        await checkWrites(opts.data, { dir: opts.out, db: opts.db });
        const work = opts.db ? null : await makeWorkDir("metrics");
        const db = opts.db ?? join(work!, "metrics.duckdb");
        try {
          const { report, asOf, compareTo, files } = await buildWarehouse(
            db,
            async (w) => {
              const report = await ingestInto(w, opts.data, {
                today: opts.today ?? settings.env().today,
                onProgress: progressBar(io),
                chunkBytes: settings.env().chunkBytes,
              });
              const dates = opts.compareTo
                ? await comparePeriods(w, { asOf: opts.asOf, compareTo: opts.compareTo })
                : { asOf: await computeMetrics(w, opts.asOf), compareTo: null };
              const files = await writeMetricsOutputs(w, opts.out);
              return { report, ...dates, files };
            },
            settings.warehouse(),
          );
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
      "导出审计线索清单 (CSV 或 XLSX): 线索编号、证据、各规则的证据数字 (金额、日期、人数为数字与日期类型), 以及留给县区填写的 整改状态/报告日期/整改说明 列; 默认身份证号脱敏 / export the findings list (CSV or XLSX): key, evidence, the figures that prove each rule (typed numbers and dates) and the empty columns a county fills in; IDs masked by default",
    )
    .requiredOption("--data <dir>", "数据目录 / data directory")
    .requiredOption(
      "--out <file>",
      "输出文件 (.csv 或 .xlsx, 写完才替换, 不能在数据目录中) / output file (.csv or .xlsx; replaced only when complete; not in the data folder)",
    )
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
        if (!/\.(csv|xlsx)$/i.test(opts.out))
          throw new BilingualError(
            `--out ${opts.out} 应以 .csv 或 .xlsx 结尾 (决定文件格式)`,
            `--out ${opts.out} must end in .csv or .xlsx (which decides the format)`,
          );
        await checkWrites(opts.data, { file: opts.out });
        const { writeEvidence } = await import("./evidence.ts");
        const count = await withWarehouse(
          ":memory:",
          async (w) => {
            await ingestInto(w, opts.data, {
              today: opts.today ?? settings.env().today,
              onProgress: progressBar(io),
              chunkBytes: settings.env().chunkBytes,
            });
            await computeMetrics(w, opts.asOf);
            return writeEvidence(w, opts.out, { personalData: Boolean(opts.withPersonalData), codes });
          },
          settings.warehouse(),
        );
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
      "输出文件 (.docx, 写完才替换, 不能在数据目录中) / output file (.docx; replaced only when complete; not in the data folder)",
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
        if (!/\.docx$/i.test(opts.out))
          throw new BilingualError(
            `--out ${opts.out}: 通报为 Word 文档, 文件名应以 .docx 结尾`,
            `--out ${opts.out}: the circular is a Word document; the file name must end in .docx`,
          );
        await checkWrites(opts.data, { file: opts.out });
        const { writeCircular } = await import("./circular.ts");
        const { dates, data } = await withWarehouse(
          ":memory:",
          async (w) => {
            await ingestInto(w, opts.data, {
              today: opts.today ?? settings.env().today,
              onProgress: progressBar(io),
              chunkBytes: settings.env().chunkBytes,
            });
            const dates = await comparePeriods(w, { asOf: opts.asOf, compareTo: opts.compareTo });
            return { dates, data: await writeCircular(w, opts.out) };
          },
          settings.warehouse(),
        );
        const counties = data.rows.filter((r) => r.level === "county").length;
        io.out(
          `通报 circular: ${opts.out} (${dates.compareTo} → ${dates.asOf}, ${counties} 个县区 counties; 金额单位 万元 / amounts in 10,000 yuan)`,
        );
        setCode(0);
      },
    );

  program
    .command("serve")
    .description(
      "在本机 127.0.0.1 上打开构建好的网站, 与没有改写规则的内网服务器一样 / serve the built site on 127.0.0.1, as a plain intranet server without rewrite rules does",
    )
    .argument("[dir]", "网站文件夹 / the site folder (default: XIANBAO_SITE_OUTPUT, else reports/site)")
    .option("--port <n>", "端口 (默认: 任一空闲端口) / port (default: any free one)", port)
    .addHelpText("after", "\n复制到 Web 服务器 (nginx、IIS) 的办法见 README / for nginx and IIS see README")
    .action(async (dir: string | undefined, opts: { port?: number }) => {
      const { serveSite } = await import("./serve.ts");
      const site = await serveSite(dir ?? settings.env().siteOutput ?? "reports/site", opts.port ?? 0);
      io.out(`网站 site: ${site.url}`);
      io.out("在浏览器中打开上面的地址; 按 Ctrl-C 停止 / open the address above in a browser; Ctrl-C stops");
      setCode(0);
    });

  return program;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError("应为 0 至 65535 的整数 / must be a whole number from 0 to 65535");
  return n;
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
          `  ${r.file} 第${r.row}行 row ${r.row}${r.field ? ` [${r.field}]` : ""}${r.value !== null ? ` “${r.value}”` : ""}: ${r.zh} / ${r.en}`,
        );
      return lines.join("\n");
    },
    { readOnly: true },
  );
}
