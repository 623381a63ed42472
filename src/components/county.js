// One county's report (county/<code>): the column specs of its projects table (rows anchored as
// #p-<project_id> for links from search) and its findings grouped by rule with their evidence. Tables
// render every row, so the page prints complete as an annex to a circular.
import { html } from "htl";
import { methodLabel } from "@xianbao/common/methods.js";
import { RULES, ruleText } from "@xianbao/common/rules.js";
import { countCell, dateCell, exactCell, projectCell, wanCell } from "./cells.js";
import { count, decimal, text } from "./format.js";
import { projectAnchor } from "./links.js";
import { markup, node } from "./markup.js";
import { dataTable } from "./table.js";

/** @typedef {Record<string, any>} Row */

/**
 * @param {string} key @param {string} label @param {string} title
 * @returns {import("./table.js").Column}
 */
const money = (key, label, title) => ({
  key,
  label,
  unit: "万元",
  align: "right",
  title,
  format: (v) => wanCell(v),
});

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
        format: (v) => projectCell(v, ".."),
      },
      {
        key: "project_name",
        label: "项目名称",
        format: (v) => markup`<span class="pname">${text(v)}</span>`,
      },
      { key: "approved_on", label: "批复日期", format: (v) => dateCell(v) },
      {
        key: "method",
        label: "办法",
        title: "筹资办法: 以人筹资 / 以地筹资",
        format: (v) => markup`<span class="nowrap">${methodLabel(v)}</span>`,
      },
      money("required_fen", "应筹", "应筹补贴资金"),
      money("received_fen", "已到账", "到账减退回"),
      money("shortfall_fen", "缺口", "max(0, 应筹 − 已到账)"),
      money("distributed_fen", "已分配", "已记入个人账户或个人预存款账户"),
      {
        key: "unallocated_fen",
        label: "未分配",
        unit: "万元",
        align: "right",
        title: "max(0, 已到账 − 已分配); 小字为其中到账已满一年的部分",
        format: (v, r) =>
          markup`${wanCell(v)}${r.unallocated_over_365_fen > 0 ? markup`<span class="sub">超1年 ${wanCell(r.unallocated_over_365_fen)}</span>` : ""}`,
      },
      {
        key: "actual_people",
        label: "人数",
        align: "right",
        title: "实际参保人数 (截止日已记账的不同身份证号) / 虚拟人数 (人土比)",
        format: (v, r) => markup`<span class="nowrap">${count(v)} / ${decimal(r.virtual_people)}</span>`,
      },
      {
        key: "flags",
        label: "存量/新增",
        title: "存量: 存量基准日前批复、基准日仍有缺口; 新增: 基准日后批复、批复时资金未到位",
        sort: (r) => (r.is_increment ? 2 : 0) + (r.is_stock ? 1 : 0),
        format: (_, r) =>
          markup`${r.is_stock ? markup`<span class="flag stock">存量</span>` : ""}${r.is_increment ? markup`<span class="flag increment">新增</span>` : ""}`,
      },
      {
        key: "codes",
        label: "线索",
        title: "该批次的审计线索 (点击跳到证据)",
        sort: (r) => (codesByProject.get(r.project_id) ?? []).length,
        format: (_, r) =>
          (codesByProject.get(r.project_id) ?? []).map(
            (c) => markup`<a class="code" href=${`#${c}`}>${c}</a> `,
          ),
      },
    ],
  });
}

/**
 * The findings of one county grouped by rule (RULES order): a heading with the count, the rule with this
 * county's thresholds and its source, then every finding's evidence. Columns empty for the whole rule are
 * left out.
 * @param {Row[]} findings
 * @param {{projectNames: Map<string, string>, policy: Row}} options
 */
export function findingsByRule(findings, { projectNames, policy }) {
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
          format: (v) =>
            markup`${projectCell(v, "..")}<span class="sub pname">${text(projectNames.get(v) ?? "")}</span>`,
        },
      ];
      if (has("village_code"))
        columns.push({
          key: "village_code",
          label: "村",
          format: (v, r) => (v ? markup`${r.village_name ?? ""}<span class="sub">${v}</span>` : null),
        });
      if (has("person"))
        columns.push({
          key: "person",
          label: "人员 (脱敏)",
          title: "身份证号只显示前 6 位与后 4 位",
          format: (v) => markup`<code>${text(v)}</code>`,
        });
      if (has("record_id")) columns.push({ key: "record_id", label: "记录号" });
      if (has("event_on")) columns.push({ key: "event_on", label: "日期", format: (v) => dateCell(v) });
      if (has("amount_fen"))
        columns.push({
          key: "amount_fen",
          label: rule.amount || "金额",
          unit: "元",
          align: "right",
          format: (v) => exactCell(v),
        });
      columns.push({ key: "detail", label: "证据" });
      return html`<section class="rule" id=${rule.code}>
        <h3>${rule.code} ${rule.title} <span class="n">${count(list.length)} 条</span></h3>
        <p class="rule-text">规则: ${ruleText(rule, policy)} · 依据: ${rule.source}</p>
        ${dataTable(list, { columns, limit: Infinity, className: "full-table findings-table" })}
      </section>`;
    })}
  </div>`;
}

/**
 * The rule summary of a county or city: each rule with its count from the roll-up, a link to its section
 * (or where `href` says).
 * @param {Row} county the roll-up row
 * @param {{href?: (code: string) => string}} [options]
 */
export function ruleSummary(county, { href = (code) => `#${code}` } = {}) {
  return node(
    markup`<table class="rule-summary"><thead><tr><th>规则</th><th>线索</th><th class="num">条数</th></tr></thead><tbody>${RULES.map(
      (r) =>
        markup`<tr class=${county[r.code] ? "hit" : "none"} data-code=${r.code}><td>${county[r.code] ? markup`<a href=${href(r.code)}>${r.code}</a>` : r.code}</td><td>${r.title}</td><td class="num">${countCell(county[r.code])}</td></tr>`,
    )}</tbody></table>`,
  );
}
