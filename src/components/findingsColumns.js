// The 审计线索 page's column specs: the evidence table, its downloads, and the county-by-rule matrix
// (whose counts are the roll-up's). Buttons in cells carry what they pick as data attributes
// (data-person, data-project, data-county + data-rule); the page listens for their clicks.
import { RULES, ruleText } from "@xianbao/common/rules.js";
import { EVIDENCE_COLUMNS } from "@xianbao/common/evidence.js";
import { count, dateZh, text, yuanExact } from "./format.js";
import { countyHref } from "./links.js";
import { projectCell, rectificationCell } from "./cells.js";
import { markup } from "./markup.js";

/** @typedef {import("./findingsData.js").Finding} Finding */
/** @typedef {import("./table.js").Column} Column */

/**
 * The evidence table's columns.
 * @param {Record<string, any>} policy the province's (rule texts on hover)
 * @returns {Column[]}
 */
export function evidenceColumns(policy) {
  return [
    {
      key: "code",
      label: "规则",
      format: (v, r) =>
        markup`<a href=${`#${v}`} title=${`${r.title}: ${ruleText(v, policy)}`}>${v}</a><div class="sub">${r.title}</div>`,
    },
    {
      key: "county",
      label: "县区",
      sort: (r) => r.county_code,
      format: (v, r) => markup`<a href=${countyHref(r.county_code)}>${v}</a><div class="sub">${r.city}</div>`,
    },
    {
      key: "project_id",
      label: "批次编号 / 项目",
      format: (v, r) =>
        markup`${projectCell(v)} <button type="button" class="link only" data-project=${v} data-county=${r.county_code} title="明细表只看此批次的线索">只看此批次</button><div class="sub">${text(r.project_name)}</div>${r.project_approved_on ? markup`<div class="sub">批复 ${dateZh(r.project_approved_on)}</div>` : ""}`,
    },
    {
      key: "person_key",
      label: "村 / 人员 / 记录号",
      title: "人员为脱敏身份证号; 同一人按关联码相连",
      format: (_, r) => {
        const parts = [
          r.village_code
            ? markup`<div>${r.village_name} <span class="sub mono">${r.village_code}</span></div>`
            : "",
          r.person
            ? markup`<div><span class="mono person">${r.person}</span>${
                r.person_findings > 1
                  ? markup` <button type="button" class="link same-person" data-person=${r.person_key} title="只看此人的全部线索 (按关联码)">同一人共 ${r.person_findings} 条</button>`
                  : ""
              }</div>`
            : "",
          r.record_id ? markup`<div class="sub">记录号 <span class="mono">${r.record_id}</span></div>` : "",
        ].filter(Boolean);
        return parts.length ? parts : null;
      },
    },
    {
      key: "amount_fen",
      label: "金额 (元)",
      align: "right",
      title: "F01/F02/F03 为当日缺口, F05 为超额部分, F08 为重复的记账, F09/F10 为该笔记账金额",
      format: (v, r) =>
        v === null
          ? null
          : markup`<span data-fen=${v}>${yuanExact(v)}</span><div class="sub">${r.amount_meaning}</div>`,
    },
    {
      key: "headcount_ratio",
      label: "人数比",
      align: "right",
      title:
        "F06/F07: 实际人数 ÷ 虚拟人数 (批次的实际享受人数与按面积折算的虚拟人数之比); 点击表头从高到低排列",
      format: (v, r) =>
        v === null || v === undefined
          ? null
          : markup`<span data-ratio=${v}>${v.toFixed(2)}</span><div class="sub nowrap">实际 ${count(r.actual_people ?? 0)} / 虚拟 ${r.virtual_people ?? 0} 人</div>`,
    },
    {
      key: "event_on",
      label: "日期",
      format: (v) => (v ? markup`<span class="nowrap">${dateZh(v)}</span>` : null),
    },
    { key: "detail", label: "说明" },
    {
      key: "open",
      label: "状态 / 整改",
      title: "截止日是否仍未解决; 县区报告的整改状态与核实结论",
      sort: (r) => (r.verdict === "not_confirmed" ? 0 : r.open ? 1 : 2),
      format: (_, r) => rectificationCell(r),
    },
  ];
}

/**
 * Where the site's rows keep each column of the findings list (common/evidence.js): the downloads carry the
 * columns of `xianbao export`, in its order, so a county fills in what it is sent from either; the answer
 * columns (整改状态, 报告日期, 整改说明) are left empty, as the export leaves them.
 * @type {Record<string, (r: Finding) => any>}
 */
const EVIDENCE_VALUES = {
  county_name: (r) => r.county,
  city_name: (r) => r.city,
  amount_yuan: (r) => r.amount_fen,
  status: () => "",
  reported_on: () => "",
  note: () => "",
};

/**
 * The columns of the evidence downloads: those of `xianbao export` (Chinese headers; amounts exact yuan).
 * @type {import("@xianbao/common/csv.js").DownloadColumn[]}
 */
export const EVIDENCE_DOWNLOAD = EVIDENCE_COLUMNS.map((c) => ({
  ...c,
  ...(EVIDENCE_VALUES[c.key] ? { value: EVIDENCE_VALUES[c.key] } : {}),
  ...(c.key === "amount_yuan" ? { kind: /** @type {const} */ ("money") } : {}),
}));

/**
 * A matrix cell: the count, shaded in grey (so it prints) on a log scale, a button that picks the county
 * and rule.
 * @param {number} n
 * @param {number} max the largest count on the same scale
 * @param {string} county
 * @param {string} rule "" for all rules
 */
export function matrixCell(n, max, county, rule) {
  if (!n) return markup`<span class="mx zero" data-county=${county} data-rule=${rule}>·</span>`;
  // Log scale: one county with many findings must not wash out the counties with a few.
  const shade = max > 1 ? Math.log1p(n) / Math.log1p(max) : 1;
  return markup`<button type="button" class=${shade > 0.55 ? "mx dark" : "mx"} style=${`--shade:${shade.toFixed(3)}`} data-county=${county} data-rule=${rule} data-count=${n} title=${`${rule || "全部规则"}: ${count(n)} 条; 点击在明细表中查看`}>${count(n)}</button>`;
}

/**
 * The matrix's columns: county, city, one per rule and the total, each count a matrixCell.
 * @param {Record<string, any>[]} counties with their counts by rule (decodeFindings)
 * @param {Record<string, any>} policy
 * @returns {Column[]}
 */
export function matrixColumns(counties, policy) {
  const cellMax = Math.max(0, ...counties.flatMap((c) => RULES.map((r) => c[r.code] ?? 0)));
  const totalMax = Math.max(0, ...counties.map((c) => c.findings ?? 0));
  return [
    { key: "name", label: "县区", format: (v, r) => markup`<a href=${countyHref(r.code)}>${v}</a>` },
    { key: "city", label: "市" },
    ...RULES.map((rule) => ({
      key: rule.code,
      label: rule.code,
      align: /** @type {const} */ ("right"),
      title: `${rule.code} ${rule.title}: ${ruleText(rule, policy)}`,
      format: (/** @type {number} */ v, /** @type {any} */ r) => matrixCell(v, cellMax, r.code, rule.code),
    })),
    {
      key: "findings",
      label: "合计",
      align: "right",
      format: (v, r) => matrixCell(v, totalMax, r.code, ""),
    },
  ];
}
