// One county's report (county/<code>): its projects table (rows anchored as #p-<project_id> for links from
// search) and its findings grouped by rule with their evidence. Tables render every row, so the page prints
// complete as an annex to a circular.
import { html } from "htl";
import { count, dateZh, decimal, percent, yuan, yuanExact } from "./format.js";
import { RULES } from "@xianbao/common/rules.js";
import { wanText } from "./counties.js";
import { dataTable } from "./table.js";

/** @typedef {Record<string, any>} Row */

/** The anchor of a project's row on its county page. */
export function projectAnchor(/** @type {string} */ projectId) {
  return `p-${projectId}`;
}

const METHOD = { per_person: "以人筹资", per_land: "以地筹资" };

/**
 * Money in a table column of fixed unit 万元 (in the header), exact yuan on hover.
 * @param {number | null | undefined} fen
 */
function wan(fen) {
  return html`<span
    class=${fen === 0 ? "zero" : null}
    title=${fen === null || fen === undefined ? null : `${yuanExact(fen)} 元`}
    >${wanText(fen)}</span
  >`;
}

/**
 * Money as evidence: exact yuan to the fen.
 * @param {number | null | undefined} fen
 */
function exact(fen) {
  return fen === null || fen === undefined ? "—" : html`<span class="nowrap">${yuanExact(fen)}</span>`;
}

/**
 * Why a county has its colour, each reason with the figure behind it.
 * @param {Row} c the county's roll-up
 * @returns {string[]}
 */
export function reasonsWithFigures(c) {
  /** @type {Record<string, () => string>} */
  const text = {
    increment: () =>
      `有新增欠缴: 存量基准日后批复时资金未到位的 ${count(c.increment_projects)} 个批次仍欠 ${yuan(c.increment_open_fen)}`,
    stock_behind: () =>
      `存量化解不足一半: 化解进度 ${percent(c.stock_progress)}, 尚未化解 ${yuan(c.stock_remaining_fen)}`,
    over_allocated: () => `超额分配: 已分配到人超过到账 ${yuan(c.over_allocated_fen)} (线索 F05)`,
    stock_open: () =>
      `存量尚未化解完: 尚欠 ${yuan(c.stock_remaining_fen)} (化解进度 ${percent(c.stock_progress)})`,
    shortfall: () => `仍有资金缺口 ${yuan(c.shortfall_fen)}`,
    stale: () => `到账满一年仍未分配到人的资金 ${yuan(c.unallocated_over_365_fen)}`,
  };
  return (c.reasons ?? []).map((/** @type {string} */ r) => (text[r] ? text[r]() : r));
}

/**
 * The county's projects: approval number, name, dates, method, money, headcount, stock / increment flags
 * and the findings on each (links to the rule's section).
 * @param {Row[]} projects
 * @param {Map<string, string[]>} codesByProject finding codes per project_id
 */
export function projectsTable(projects, codesByProject) {
  return dataTable(projects, {
    limit: Infinity, // every project: the page prints complete as an annex
    className: "full-table projects-table",
    rowId: (r) => projectAnchor(r.project_id),
    rowClass: (r) => (r.shortfall_fen > 0 ? "open" : ""),
    columns: [
      {
        key: "project_id",
        label: "批次编号",
        title: "批次编号 (批复文号见项目名称)",
        format: (_, r) =>
          html`<a class="anchor" href=${`#${projectAnchor(r.project_id)}`}>${r.project_id}</a>`,
      },
      {
        key: "project_name",
        label: "项目名称",
        format: (_, r) => html`<span class="pname">${r.project_name}</span>`,
      },
      {
        key: "approved_on",
        label: "批复日期",
        format: (_, r) => html`<span class="nowrap">${dateZh(r.approved_on)}</span>`,
      },
      {
        key: "method",
        label: "办法",
        title: "筹资办法: 以人筹资 (per_person) / 以地筹资 (per_land)",
        format: (_, r) =>
          html`<span class="nowrap"
            >${/** @type {Record<string, string>} */ (METHOD)[r.method] ?? r.method}</span
          >`,
      },
      {
        key: "required_fen",
        label: "应筹",
        unit: "万元",
        align: "right",
        title: "应筹补贴资金",
        format: (_, r) => wan(r.required_fen),
      },
      {
        key: "received_fen",
        label: "已到账",
        unit: "万元",
        align: "right",
        title: "到账减退回",
        format: (_, r) => wan(r.received_fen),
      },
      {
        key: "shortfall_fen",
        label: "缺口",
        unit: "万元",
        align: "right",
        title: "max(0, 应筹 − 已到账)",
        format: (_, r) => wan(r.shortfall_fen),
      },
      {
        key: "distributed_fen",
        label: "已分配",
        unit: "万元",
        align: "right",
        title: "已记入个人账户或个人预存款账户",
        format: (_, r) => wan(r.distributed_fen),
      },
      {
        key: "unallocated_fen",
        label: "未分配",
        unit: "万元",
        align: "right",
        title: "max(0, 已到账 − 已分配); 小字为其中到账已满一年的部分",
        format: (_, r) =>
          html`${wan(r.unallocated_fen)}${r.unallocated_over_365_fen > 0 ? html`<span class="sub">超1年 ${wan(r.unallocated_over_365_fen)}</span>` : ""}`,
      },
      {
        key: "actual_people",
        label: "人数",
        align: "right",
        title: "实际参保人数 (截止日已记账的不同身份证号) / 虚拟人数 (人土比)",
        format: (_, r) =>
          html`<span class="nowrap">${count(r.actual_people)} / ${decimal(r.virtual_people)}</span>`,
      },
      {
        key: "flags",
        label: "存量/新增",
        title: "存量: 存量基准日前批复、基准日仍有缺口; 新增: 基准日后批复、批复时资金未到位",
        sort: (r) => (r.is_increment ? 2 : 0) + (r.is_stock ? 1 : 0),
        format: (_, r) =>
          html`${r.is_stock ? html`<span class="flag stock">存量</span>` : ""}${r.is_increment ? html`<span class="flag increment">新增</span>` : ""}`,
      },
      {
        key: "codes",
        label: "线索",
        title: "该批次的审计线索 (点击跳到证据)",
        sort: (r) => (codesByProject.get(r.project_id) ?? []).length,
        format: (_, r) =>
          html`${(codesByProject.get(r.project_id) ?? []).map((c) => html`<a class="code" href=${`#${c}`}>${c}</a> `)}`,
      },
    ],
  });
}

/**
 * The findings of one county grouped by rule (RULES order): a heading with the count, the rule and its
 * source, then every finding's evidence. Columns empty for the whole rule are left out.
 * @param {Row[]} findings
 * @param {{projectNames: Map<string, string>, policy?: Row}} options
 */
export function findingsByRule(findings, { projectNames, policy = {} }) {
  return html`<div class="rules">
    ${RULES.filter((rule) => findings.some((f) => f.code === rule.code)).map((rule) => {
      const list = findings.filter((f) => f.code === rule.code);
      const has = (/** @type {string} */ key) =>
        list.some((f) => f[key] !== null && f[key] !== undefined && f[key] !== "");
      /** @type {import("./table.js").Column[]} */
      const columns = [
        {
          key: "project_id",
          label: "批次",
          format: (_, r) =>
            html`<a href=${`#${projectAnchor(r.project_id)}`}>${r.project_id}</a
              ><span class="sub pname">${projectNames.get(r.project_id) ?? ""}</span>`,
        },
      ];
      if (has("village_code"))
        columns.push({
          key: "village_code",
          label: "村",
          format: (_, r) =>
            r.village_code ? html`${r.village_name ?? ""}<span class="sub">${r.village_code}</span>` : "—",
        });
      if (has("person"))
        columns.push({
          key: "person",
          label: "人员 (脱敏)",
          title: "身份证号只显示前 6 位与后 4 位",
          format: (_, r) => html`<code>${r.person ?? "—"}</code>`,
        });
      if (has("record_id")) columns.push({ key: "record_id", label: "记录号" });
      if (has("event_on"))
        columns.push({
          key: "event_on",
          label: "日期",
          format: (_, r) => html`<span class="nowrap">${dateZh(r.event_on)}</span>`,
        });
      if (has("amount_fen"))
        columns.push({
          key: "amount_fen",
          label: rule.amount || "金额",
          unit: "元",
          align: "right",
          format: (_, r) => exact(r.amount_fen),
        });
      columns.push({ key: "detail", label: "证据" });
      return html`<section class="rule" id=${rule.code}>
        <h3>${rule.code} ${rule.title} <span class="n">${count(list.length)} 条</span></h3>
        <p class="rule-text">规则: ${ruleText(rule.code, rule.rule, policy)} · 依据: ${rule.source}</p>
        ${dataTable(list, { columns, limit: Infinity, className: "full-table findings-table" })}
      </section>`;
    })}
  </div>`;
}

/**
 * A rule's text with this county's policy thresholds where they differ from the defaults in RULES.
 * @param {string} code @param {string} text @param {Row} policy
 */
function ruleText(code, text, policy) {
  if (code === "F03" && policy.transfer_deadline_days)
    return text.replace(/\d+ 日/, `${policy.transfer_deadline_days} 日`);
  if (code === "F04" && policy.enrolment_deadline_days)
    return text.replace(/\d+ 日/, `${policy.enrolment_deadline_days} 日`);
  if (code === "F06" && policy.dilution_ratio) return text.replace(/≥ [\d.]+/, `≥ ${policy.dilution_ratio}`);
  if (code === "F07" && policy.undercoverage_ratio)
    return text.replace(/< [\d.]+/, `< ${policy.undercoverage_ratio}`);
  if (code === "F09" && policy.adult_age) return text.replace(/\d+ 周岁/, `${policy.adult_age} 周岁`);
  if (code === "F10" && policy.quota_valid_years)
    return text.replace(/\d+ 年/, `${policy.quota_valid_years} 年`);
  return text;
}
