/**
 * The one place that reads the `XIANBAO_*` environment. The command line, the build scripts and
 * Framework's data loaders (separate processes) call `readEnv()` once at their start and pass what they
 * need down as parameters; nothing below them reads `process.env`. Every variable is listed in `ENV_VARS`
 * with its meaning, and README's table is checked against that list (test/env.test.ts).
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { BilingualError } from "./errors.ts";

/** The settings the environment gives; absent ones are undefined (each consumer has its own default). */
export interface XianbaoEnv {
  /** Data directory of the site build (absolute). */
  data?: string;
  asOf?: string;
  compareTo?: string;
  today?: string;
  hashSecret?: string;
  memoryLimit?: string;
  tempDir?: string;
  chunkBytes?: number;
  siteOutput?: string;
  siteCache?: string;
  siteFiles?: string;
  debug: boolean;
  chromium?: string;
}

export interface EnvVar {
  name: string;
  zh: string;
  en: string;
  /** Who sets it: the tool's users, the build for its own child processes, or the test suite. */
  audience: "user" | "internal" | "test";
}

/** The shortest person-hash secret accepted: shorter ones can be guessed from the published keys. */
export const MIN_SECRET_LENGTH = 16;

/** Every `XIANBAO_*` variable, in the order README lists them. */
export const ENV_VARS: readonly EnvVar[] = [
  {
    name: "XIANBAO_DATA",
    zh: "报告网站使用的数据目录 (默认 `data/sample`)",
    en: "data directory of the report site (default `data/sample`)",
    audience: "user",
  },
  {
    name: "XIANBAO_AS_OF",
    zh: "网站的截止日期 YYYY-MM-DD (默认: 数据中最晚的日期)",
    en: "as-of date of the site, YYYY-MM-DD (default: the latest date in the data)",
    audience: "user",
  },
  {
    name: "XIANBAO_COMPARE_TO",
    zh: "网站“两期对比”页与各表“较上期”列的上期截止日期 YYYY-MM-DD (默认: 本期截止日之前最近的 6月30日 或 12月31日)",
    en: "the earlier as-of date (T0) of the site's 两期对比 page and 较上期 columns, YYYY-MM-DD (default: the last 30 June or 31 December before the as-of date)",
    audience: "user",
  },
  {
    name: "XIANBAO_TODAY",
    zh: "导入日 YYYY-MM-DD, 晚于此日的日期视为错误 (默认今天; 命令行的 `--today` 优先)",
    en: "the load day, YYYY-MM-DD: later dates are errors (default today; `--today` wins)",
    audience: "user",
  },
  {
    name: "XIANBAO_HASH_SECRET",
    zh: `页面中关联同一人的加密散列所用密钥, 至少 ${MIN_SECRET_LENGTH} 个字符; 不设置则每次构建随机生成 (人员键每次不同)`,
    en: `secret of the keyed person hash on the site, at least ${MIN_SECRET_LENGTH} characters; unset: random for each build (person keys differ between builds)`,
    audience: "user",
  },
  {
    name: "XIANBAO_MEMORY_LIMIT",
    zh: "DuckDB 内存上限, 如 `3GB`、`512MB` (默认 6GB)",
    en: "DuckDB's memory limit, e.g. `3GB`, `512MB` (default 6GB)",
    audience: "user",
  },
  {
    name: "XIANBAO_TEMP_DIR",
    zh: "DuckDB 超出内存时的溢出目录所在的文件夹 (默认系统临时目录); 每次运行在其中建自己的子目录, 结束即删除",
    en: "folder in which DuckDB spills when over its memory limit (default the system's temporary folder); each run makes its own subfolder there and removes it",
    audience: "user",
  },
  {
    name: "XIANBAO_CHUNK_MB",
    zh: "导入时每批读取并校验的输入大小 (MB, 默认 256), 限制大表的内存",
    en: "input read and checked together during a load, in MB (default 256): bounds memory on large tables",
    audience: "user",
  },
  {
    name: "XIANBAO_SITE_OUTPUT",
    zh: "网站输出目录 (默认 `reports/site`); 构建完成后才替换旧网站",
    en: "output folder of the site (default `reports/site`); replaced only once a build has succeeded",
    audience: "user",
  },
  {
    name: "XIANBAO_SITE_CACHE",
    zh: "站点数据缓存目录 (默认 `.xianbao/site`)",
    en: "cache folder of the site data (default `.xianbao/site`)",
    audience: "user",
  },
  {
    name: "XIANBAO_SITE_FILES",
    zh: "内部使用: 构建脚本把准备好的站点数据目录告诉 Framework 的数据加载器",
    en: "internal: the build script tells Framework's data loaders where the prepared site data is",
    audience: "internal",
  },
  {
    name: "XIANBAO_DEBUG",
    zh: "非空时, 内部错误同时打印调用栈",
    en: "when set, an internal error also prints its stack trace",
    audience: "user",
  },
  {
    name: "XIANBAO_CHROMIUM",
    zh: "`xianbao report --annexes` 打印附件所用的 Chromium (或 Chrome、Edge) 程序 (默认查找 `/usr/bin/chromium` 等常见位置); 测试与截图也用它",
    en: "the Chromium (or Chrome, Edge) program `xianbao report --annexes` prints the annexes with (default: the first found of `/usr/bin/chromium` and other usual places); the tests and screenshots use it too",
    audience: "user",
  },
  {
    name: "XIANBAO_E2E_DATA",
    zh: "端到端测试复用一个已写好的示例数据目录",
    en: "the end-to-end tests reuse a sample data directory already written",
    audience: "test",
  },
  {
    name: "XIANBAO_KEEP_E2E",
    zh: "非空时, 端到端测试结束后保留生成的网站与数据",
    en: "when set, the end-to-end tests keep the site and data they built",
    audience: "test",
  },
  {
    name: "XIANBAO_FC_SEED",
    zh: "性质测试 (fast-check) 的随机种子",
    en: "seed of the property tests (fast-check)",
    audience: "test",
  },
];

/**
 * Whether text is a real calendar date written YYYY-MM-DD (2026-02-30 is not).
 * @example isIsoDate("2024-02-29") === true
 */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/**
 * Whether text is a memory size DuckDB reads: a number and a unit, e.g. `3GB`, `512 MB`, `1.5GiB`.
 * @example isMemorySize("3GB") === true
 */
export function isMemorySize(text: string): boolean {
  return /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(text.trim());
}

/** The bilingual complaint about a person-hash secret, or null when it is long enough. */
export function secretProblem(secret: string, source = "XIANBAO_HASH_SECRET"): BilingualError | null {
  if (secret.length >= MIN_SECRET_LENGTH) return null;
  return new BilingualError(
    `${source} 只有 ${secret.length} 个字符, 至少需要 ${MIN_SECRET_LENGTH} 个: 太短的密钥可以从网站上公开的人员键反推。请设置更长的随机密钥 (如 \`openssl rand -hex 16\` 的输出), 或不设置 (每次构建随机生成)。`,
    `${source} has ${secret.length} characters; at least ${MIN_SECRET_LENGTH} are needed: a short secret can be guessed from the person keys the site publishes. Set a longer random secret (e.g. the output of \`openssl rand -hex 16\`), or leave it unset (random for each build).`,
  );
}

/**
 * Reads and checks every `XIANBAO_*` variable of `env`. Throws one BilingualError listing each bad value
 * (a date that is not YYYY-MM-DD, a memory limit that is not a size, a data folder that is not a folder,
 * a secret that is too short), so a run stops before any work.
 */
export function readEnv(env: NodeJS.ProcessEnv = process.env): XianbaoEnv {
  const problems: { zh: string; en: string }[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === "" ? undefined : value;
  };
  const date = (name: string): string | undefined => {
    const value = get(name);
    if (value !== undefined && !isIsoDate(value))
      problems.push({
        zh: `${name}=${value} 不是 YYYY-MM-DD 格式的日期 (如 2026-11-23)`,
        en: `${name}=${value} is not a YYYY-MM-DD date (e.g. 2026-11-23)`,
      });
    return value;
  };
  const folder = (name: string, mustExist: boolean): string | undefined => {
    const value = get(name);
    if (value === undefined) return undefined;
    const full = resolve(value);
    let kind: "dir" | "file" | "missing";
    try {
      kind = statSync(full).isDirectory() ? "dir" : "file";
    } catch {
      kind = "missing";
    }
    if (kind === "file")
      problems.push({
        zh: `${name}=${value} 是一个文件, 不是文件夹; 请指向文件夹`,
        en: `${name}=${value} is a file, not a folder; point it at a folder`,
      });
    else if (kind === "missing" && mustExist)
      problems.push({
        zh: `${name}=${value} 不存在; 请指向存放数据表的文件夹`,
        en: `${name}=${value} does not exist; point it at the folder that holds the tables`,
      });
    return full;
  };

  const memoryLimit = get("XIANBAO_MEMORY_LIMIT");
  if (memoryLimit !== undefined && !isMemorySize(memoryLimit))
    problems.push({
      zh: `XIANBAO_MEMORY_LIMIT=${memoryLimit} 不是内存大小; 请写数字加单位, 如 3GB 或 512MB`,
      en: `XIANBAO_MEMORY_LIMIT=${memoryLimit} is not a memory size; write a number and a unit, e.g. 3GB or 512MB`,
    });
  const chunk = get("XIANBAO_CHUNK_MB");
  const chunkMb = chunk === undefined ? undefined : Number(chunk);
  if (chunkMb !== undefined && !(Number.isInteger(chunkMb) && chunkMb >= 1 && chunkMb <= 65536))
    problems.push({
      zh: `XIANBAO_CHUNK_MB=${chunk} 应为 1 至 65536 的整数 (MB)`,
      en: `XIANBAO_CHUNK_MB=${chunk} must be a whole number of MB from 1 to 65536`,
    });
  const hashSecret = get("XIANBAO_HASH_SECRET");
  const secretError = hashSecret === undefined ? null : secretProblem(hashSecret);
  if (secretError) problems.push(secretError);

  const result: XianbaoEnv = {
    data: folder("XIANBAO_DATA", true),
    asOf: date("XIANBAO_AS_OF"),
    compareTo: date("XIANBAO_COMPARE_TO"),
    today: date("XIANBAO_TODAY"),
    hashSecret,
    memoryLimit: memoryLimit?.trim(),
    tempDir: folder("XIANBAO_TEMP_DIR", false),
    chunkBytes: chunkMb === undefined ? undefined : chunkMb * 2 ** 20,
    siteOutput: folder("XIANBAO_SITE_OUTPUT", false),
    siteCache: folder("XIANBAO_SITE_CACHE", false),
    siteFiles: folder("XIANBAO_SITE_FILES", true),
    debug: get("XIANBAO_DEBUG") !== undefined,
    chromium: get("XIANBAO_CHROMIUM"),
  };
  if (result.asOf && result.compareTo && !(result.compareTo < result.asOf))
    problems.push({
      zh: `XIANBAO_COMPARE_TO=${result.compareTo} 应早于 XIANBAO_AS_OF=${result.asOf}`,
      en: `XIANBAO_COMPARE_TO=${result.compareTo} must be before XIANBAO_AS_OF=${result.asOf}`,
    });
  if (problems.length)
    throw new BilingualError(
      `环境变量有误: ${problems.map((p) => p.zh).join("; ")}`,
      `bad environment: ${problems.map((p) => p.en).join("; ")}`,
    );
  return result;
}
