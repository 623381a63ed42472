/**
 * Policy parameters (DOMAIN section 2): defaults, `policy.json` overrides for the whole data set, a city
 * (4-digit code) or a county (6-digit code), and their resolution (the most specific setting wins).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { BilingualError } from "./errors.ts";

export interface Tier {
  /** Upper bound of the zone price (yuan/mu), inclusive; null for the open top tier. */
  max_price: number | null;
  ratio: number;
}

export interface Policy {
  scope_start: string;
  stock_baseline: string;
  transfer_deadline_days: number;
  enrolment_deadline_days: number;
  quota_valid_years: number;
  per_person_yuan: string;
  land_ratio_tiers: Tier[];
  annuity_divisor: number;
  base_pension_yuan: string;
  dilution_ratio: number;
  undercoverage_ratio: number;
  adult_age: number;
  status_red_increment_share: number;
  status_red_stock_progress: number;
  status_red_over_allocated_share: number;
  status_yellow_stock_progress: number;
  status_yellow_shortfall_share: number;
  status_yellow_stale_share: number;
}

export type PolicyOverride = Partial<Policy>;

export interface PolicyFile extends PolicyOverride {
  overrides?: Record<string, PolicyOverride>;
}

/** The defaults of DOMAIN section 2 with their sources. */
export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze({
  scope_start: "2016-01-01", // seed 000: approvals since 2016 are in scope
  stock_baseline: "2022-12-22", // seed 000: 桂政办发〔2022〕87号 fixed the stock
  transfer_deadline_days: 60, // seed 004 art. 13
  enrolment_deadline_days: 60, // seed 004 art. 15
  quota_valid_years: 1, // seed 003
  per_person_yuan: "9000.00", // seed 001, 41号文
  land_ratio_tiers: [
    // seed 001, 22号文 minimum ratios by zone-price tier
    { max_price: 50000, ratio: 0.2 },
    { max_price: 100000, ratio: 0.18 },
    { max_price: 150000, ratio: 0.15 },
    { max_price: 200000, ratio: 0.12 },
    { max_price: null, ratio: 0.1 },
  ],
  annuity_divisor: 139,
  base_pension_yuan: "190.00",
  dilution_ratio: 2.0,
  undercoverage_ratio: 0.8,
  adult_age: 16, // seed 004 art. 17
  // The league table's colours (loaders/sql/metrics/status.sql): tolerances, as shares of money, above which
  // a county is red or yellow. Chosen on the demo and province samples so that the three colours separate
  // counties (docs/decisions.md S1); an office sets its own in policy.json.
  status_red_increment_share: 0.002, // new arrears still open > 0.2% of required
  status_red_stock_progress: 0.5, // stock cleared by less than half
  status_red_over_allocated_share: 0.002, // credited beyond receipts > 0.2% of distributed
  status_yellow_stock_progress: 0.6, // stock cleared by less than 60%
  status_yellow_shortfall_share: 0.02, // shortfall > 2% of required
  status_yellow_stale_share: 0.35, // unallocated for over a year > 35% of received
});

/** A policy resolved for one scope: "*" for the whole data set, a city code or a county code. */
export interface ScopedPolicy {
  scope: string;
  policy: Policy;
}

export const POLICY_KEYS = Object.keys(DEFAULT_POLICY) as (keyof Policy)[];

type Check = (value: unknown) => string | null;

const isDate: Check = (v) =>
  typeof v === "string" &&
  /^\d{4}-\d{2}-\d{2}$/.test(v) &&
  !Number.isNaN(Date.parse(v + "T00:00:00Z")) &&
  new Date(v + "T00:00:00Z").toISOString().slice(0, 10) === v
    ? null
    : "应为 YYYY-MM-DD 日期 / must be a YYYY-MM-DD date";
const isWholeDays: Check = (v) =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 3650
    ? null
    : "应为 0 至 3650 的整数 / must be a whole number from 0 to 3650";
const isPositive: Check = (v) =>
  typeof v === "number" && Number.isFinite(v) && v > 0 ? null : "应为大于 0 的数 / must be a number above 0";
const isYears: Check = (v) =>
  Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 20
    ? null
    : "应为 1 至 20 的整数 / must be a whole number from 1 to 20";
const isMoney: Check = (v) =>
  (typeof v === "number" && Number.isFinite(v) && v >= 0 && Math.round(v * 100) === v * 100) ||
  (typeof v === "string" && /^\d{1,13}(\.\d{1,2})?$/.test(v))
    ? null
    : "应为非负金额, 最多两位小数 / must be a non-negative amount with at most 2 decimals";
const isAge: Check = (v) =>
  Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 30
    ? null
    : "应为 1 至 30 的整数 / must be a whole number from 1 to 30";
const isShare: Check = (v) =>
  typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 1 && Math.round(v * 1e6) === v * 1e6
    ? null
    : "应为 0 至 1 的小数, 最多六位小数 / must be a fraction from 0 to 1 with at most 6 decimals";
const isTiers: Check = (v) => {
  if (!Array.isArray(v) || v.length === 0) return "应为非空数组 / must be a non-empty array";
  let previous = 0;
  for (let i = 0; i < v.length; i++) {
    const t = v[i] as Record<string, unknown>;
    if (typeof t !== "object" || t === null) return `[${i}] 应为对象 / [${i}] must be an object`;
    const last = i === v.length - 1;
    if (last ? t.max_price !== null && t.max_price !== undefined : typeof t.max_price !== "number")
      return last
        ? `[${i}].max_price 末档应为 null / [${i}].max_price of the top tier must be null`
        : `[${i}].max_price 应为数字 / [${i}].max_price must be a number`;
    if (!last && !((t.max_price as number) > previous))
      return `[${i}].max_price 应递增 / [${i}].max_price must increase`;
    if (!last) previous = t.max_price as number;
    if (typeof t.ratio !== "number" || !(t.ratio > 0 && t.ratio <= 1))
      return `[${i}].ratio 应在 (0, 1] 内 / [${i}].ratio must be in (0, 1]`;
  }
  return null;
};

const CHECKS: Record<keyof Policy, Check> = {
  scope_start: isDate,
  stock_baseline: isDate,
  transfer_deadline_days: isWholeDays,
  enrolment_deadline_days: isWholeDays,
  quota_valid_years: isYears,
  per_person_yuan: isMoney,
  land_ratio_tiers: isTiers,
  annuity_divisor: isPositive,
  base_pension_yuan: isMoney,
  dilution_ratio: isPositive,
  undercoverage_ratio: isPositive,
  adult_age: isAge,
  status_red_increment_share: isShare,
  status_red_stock_progress: isShare,
  status_red_over_allocated_share: isShare,
  status_yellow_stock_progress: isShare,
  status_yellow_shortfall_share: isShare,
  status_yellow_stale_share: isShare,
};

/**
 * Checks a parsed policy.json and returns it typed; throws a BilingualError naming the key at fault.
 * @example parsePolicyFile({ overrides: { "4401": { per_person_yuan: 16200 } } }, "policy.json")
 */
export function parsePolicyFile(json: unknown, file: string): PolicyFile {
  const fail = (key: string, why: string) =>
    new BilingualError(
      `${file}: 键 ${key} ${why.split(" / ")[0]}`,
      `${file}: key ${key} ${why.split(" / ")[1] ?? why}`,
    );
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw fail("(根 root)", "应为 JSON 对象 / must be a JSON object");
  const checkBlock = (block: Record<string, unknown>, prefix: string): PolicyOverride => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(block)) {
      if (key === "overrides" && prefix === "") continue;
      if (key.startsWith("$") || key === "comment" || key === "说明") continue;
      // An own key only: `constructor`, `__proto__`, `toString` are found on every object's prototype.
      if (!Object.hasOwn(CHECKS, key))
        throw fail(
          prefix + key,
          `不是已知参数; 已知参数: ${POLICY_KEYS.join(", ")} / is not a known parameter; the known ones are: ${POLICY_KEYS.join(", ")}`,
        );
      const why = CHECKS[key as keyof Policy](value);
      if (why) throw fail(prefix + key, why);
      out[key] = key.endsWith("_yuan") ? normalizeMoney(value as number | string) : value;
    }
    return out as PolicyOverride;
  };
  const root = json as Record<string, unknown>;
  const result: PolicyFile = checkBlock(root, "");
  if (root.overrides !== undefined) {
    if (typeof root.overrides !== "object" || root.overrides === null || Array.isArray(root.overrides))
      throw fail(
        "overrides",
        "应为对象, 键为4位市代码或6位县区代码 / must be an object keyed by 4-digit city or 6-digit county codes",
      );
    result.overrides = {};
    for (const [scope, block] of Object.entries(root.overrides as Record<string, unknown>)) {
      if (!/^\d{4}$|^\d{6}$/.test(scope))
        throw fail(
          `overrides.${scope}`,
          "应为4位市代码或6位县区代码 / must be a 4-digit city or 6-digit county code",
        );
      if (typeof block !== "object" || block === null || Array.isArray(block))
        throw fail(`overrides.${scope}`, "应为对象 / must be an object");
      result.overrides[scope] = checkBlock(block as Record<string, unknown>, `overrides.${scope}.`);
    }
  }
  return result;
}

function normalizeMoney(value: number | string): string {
  const [whole, frac = ""] = String(value).split(".");
  return `${whole}.${(frac + "00").slice(0, 2)}`;
}

/** Reads `policy.json` from a data directory; the defaults when there is none. */
export async function readPolicyFile(dataDir: string): Promise<PolicyFile> {
  const file = join(dataDir, "policy.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return {};
    throw new BilingualError(
      `${file}: 无法读取 (${code})。policy.json 应为一个 JSON 文件。`,
      `${file}: cannot be read (${code}). policy.json must be a JSON file.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\ufeff/, ""));
  } catch (error) {
    throw new BilingualError(
      `${file}: 不是有效的 JSON (${(error as Error).message}), 请检查逗号和引号`,
      `${file}: not valid JSON (${(error as Error).message}); check commas and quotes`,
    );
  }
  return parsePolicyFile(json, file);
}

/**
 * Resolves a policy file to one complete policy per scope: "*" (defaults + global settings), then every
 * city and county named under overrides; a county inherits its city's override.
 */
export function resolvePolicies(file: PolicyFile): ScopedPolicy[] {
  const { overrides = {}, ...global } = file;
  const base: Policy = { ...DEFAULT_POLICY, ...global };
  const scopes: ScopedPolicy[] = [{ scope: "*", policy: base }];
  const codes = Object.keys(overrides).sort((a, b) => a.length - b.length || a.localeCompare(b));
  for (const code of codes) {
    const city = code.length === 6 ? overrides[code.slice(0, 4)] : undefined;
    scopes.push({ scope: code, policy: { ...base, ...city, ...overrides[code] } });
  }
  return scopes;
}

/** The policy that applies to a county: its own override, else its city's, else the global one. */
export function policyFor(scopes: readonly ScopedPolicy[], countyCode: string): Policy {
  const find = (scope: string) => scopes.find((s) => s.scope === scope)?.policy;
  return find(countyCode) ?? find(countyCode.slice(0, 4)) ?? find("*") ?? DEFAULT_POLICY;
}

/** The land ratio of the tier a zone price falls in (upper bounds inclusive). */
export function landRatio(tiers: readonly Tier[], zonePrice: number): number {
  for (const tier of tiers) if (tier.max_price === null || zonePrice <= tier.max_price) return tier.ratio;
  return tiers[tiers.length - 1].ratio;
}
