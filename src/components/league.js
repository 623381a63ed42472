// 县区进展's league table: its columns (every one a figure of site/rollups.sql), the column views, the
// download columns, and the subtotal and total rows. A complete city's or the province's total is the
// roll-up's own row; only a filtered subset is summed here (common/figures.js, the SQL's arithmetic).
import { FINDING_CODES, RULES, ruleText } from "@xianbao/common/rules.js";
import { STATUS, STATUS_RANK, reasonOf } from "@xianbao/common/status.js";
import { stockProgress, sumColumns } from "@xianbao/common/figures.js";
import { changeCountCell, changeWanCell, countCell, countyName, percentCell, wanCell } from "./cells.js";
import { count } from "./format.js";
import { cityHref } from "./links.js";
import { markup } from "./markup.js";
import { statusMarkup } from "./status.js";

/** @typedef {Record<string, any>} Row */
/** @typedef {import("./table.js").Column & {kind: "text" | "money" | "count" | "ratio" | "status"}} LeagueColumn */

const MONEY_GROUP = "资金";
const FINDINGS_GROUP = "审计线索 (条)";

/**
 * @param {string} key @param {string} label @param {string} group @param {string} title
 * @returns {LeagueColumn}
 */
const money = (key, label, group, title) => ({
  key,
  label,
  group,
  title,
  kind: "money",
  unit: "万元",
  align: "right",
  format: (v) => wanCell(v),
});
/**
 * @param {string} key @param {string} label @param {string} group @param {string} title
 * @returns {LeagueColumn}
 */
const counted = (key, label, group, title) => ({
  key,
  label,
  group,
  title,
  kind: "count",
  align: "right",
  format: (v) => countCell(v),
});

const CHANGE_GROUP = "较上期";

/**
 * A change column (now − then): money in 万元 or a count, signed.
 * @param {string} key @param {string} label @param {string} title @param {"money" | "count"} kind
 * @returns {LeagueColumn}
 */
const change = (key, label, title, kind = "money") => ({
  key,
  label,
  group: CHANGE_GROUP,
  title,
  kind,
  unit: kind === "money" ? "万元" : undefined,
  align: "right",
  format: (v) => (kind === "money" ? changeWanCell(v) : changeCountCell(v)),
});

/**
 * The columns of the period comparison (较上期), from the roll-up rows' m_changes figures; shared by the
 * league table, the county pages and 两期对比.
 * @returns {LeagueColumn[]}
 */
export function changeColumns() {
  return [
    change("shortfall_change_fen", "缺口\n变化", "本期缺口 − 上期缺口; 负数为缺口减少"),
    change("unallocated_change_fen", "未分配\n变化", "本期未分配 − 上期未分配; 负数为沉淀减少"),
    {
      ...change(
        "stock_cleared_fen",
        "本期\n化解",
        "上期尚未化解的存量 − 本期尚未化解的存量; 上期早于存量基准日时为 —",
      ),
      format: (v) => wanCell(v),
    },
    change(
      "new_increment_projects",
      "新增增量\n批次",
      "批复日在上期截止日之后、批复时资金未足额到位的批次数",
      "count",
    ),
    {
      ...change("findings_open", "未解决\n线索", "本期截止日仍未解决的线索条数", "count"),
      format: (v) => countCell(v),
    },
    change("findings_open_change", "未解决\n变化", "本期未解决 − 上期未解决", "count"),
    {
      ...change("findings_new", "新增\n线索", "本期有、上期没有的线索条数", "count"),
      format: (v) => countCell(v),
    },
    {
      ...change("findings_resolved", "已解决\n线索", "上期未解决、本期已解决或已不存在的线索条数", "count"),
      format: (v) => countCell(v),
    },
    {
      ...change(
        "rectified_not_confirmed",
        "整改\n不实",
        "县区报告已整改, 但数据显示本期仍未解决的线索条数",
        "count",
      ),
      format: (v) => countCell(v),
    },
  ];
}

/** The keys of the comparison columns. */
export const CHANGE_KEYS = changeColumns().map((c) => c.key);

/**
 * Every column of the league table, grouped for the two-row header.
 * @param {Row} policy the province's policy (its thresholds name the rules in the titles)
 * @param {{root?: string}} [options] root: the way from the page to the site's root (".." on a city page)
 * @returns {LeagueColumn[]}
 */
export function leagueColumns(policy, { root = "." } = {}) {
  return [
    {
      key: "name",
      label: "县区",
      group: "",
      title: "县区名称 (所属市); 点击名称打开该县区的报告",
      kind: "text",
      className: "sticky name",
      sort: (r) => r.code,
      format: (v, r) =>
        r.total
          ? `${r.label ?? (r.complete ? "全省合计" : "合计")} (${count(r.members)} 个县区)`
          : r.subtotal
            ? markup`<a href=${cityHref(r.code, root)}>${r.name}</a>小计 (${r.complete ? "" : "显示 "}${count(r.members)}${r.complete ? "" : ` / ${count(r.of)}`} 个县区)`
            : r.level === "city"
              ? markup`<a href=${cityHref(r.code, root)}>${v}</a>`
              : countyName(r, root),
    },
    {
      key: "status",
      label: "状态",
      group: "",
      title: "红 / 黄 / 绿, 规则见上方图例",
      kind: "status",
      descFirst: true, // red first
      sort: (r) => STATUS_RANK[/** @type {"red"} */ (r.status)] ?? 0,
      format: (v, r) => (v ? statusMarkup(v, { reasons: r.reasons, policy }) : ""),
    },
    counted("projects", "批次", MONEY_GROUP, "截止日已批复的征地批次数"),
    money("required_fen", "应筹", MONEY_GROUP, "各批次应筹补贴资金之和"),
    money("received_fen", "已到账", MONEY_GROUP, "到账金额减原渠道退回金额"),
    money("distributed_fen", "已分配\n到人", MONEY_GROUP, "记入个人账户或个人预存款账户的金额之和"),
    money(
      "unallocated_fen",
      "未分配",
      MONEY_GROUP,
      "各批次 max(0, 已到账 − 已分配) 之和: 已收取但尚未记到任何人名下",
    ),
    money("unallocated_over_365_fen", "其中\n超1年", MONEY_GROUP, "未分配资金中到账已满一年 (366 天) 的部分"),
    money("shortfall_fen", "缺口", MONEY_GROUP, "各批次 max(0, 应筹 − 已到账) 之和"),
    counted("stock_projects", "存量\n批次", "减存量", "存量基准日前批复, 且在基准日仍有缺口的批次"),
    money("stock_baseline_fen", "基准日\n存量", "减存量", "存量批次在存量基准日的缺口之和"),
    money("stock_remaining_fen", "尚未\n化解", "减存量", "存量批次在截止日的缺口之和"),
    {
      key: "stock_progress",
      label: "化解\n进度",
      group: "减存量",
      title: "1 − 尚未化解 ÷ 基准日存量; 无存量时为 —",
      kind: "ratio",
      align: "right",
      format: (v) => percentCell(v),
    },
    counted("increment_projects", "新增\n批次", "遏增量", "存量基准日后批复、批复时资金未足额到位的批次"),
    money("increment_open_fen", "新增\n仍欠", "遏增量", "新增欠缴批次在截止日的缺口之和"),
    counted("findings", "合计", FINDINGS_GROUP, "F01–F12 命中条数之和"),
    ...RULES.map((r) =>
      counted(r.code, r.code, FINDINGS_GROUP, `${r.code} ${r.title}: ${ruleText(r, policy)}`),
    ),
    ...changeColumns(),
  ];
}

/** The keys of every column but the findings. */
const FUND_KEYS = [
  "name",
  "status",
  "projects",
  "required_fen",
  "received_fen",
  "distributed_fen",
  "unallocated_fen",
  "unallocated_over_365_fen",
  "shortfall_fen",
  "stock_projects",
  "stock_baseline_fen",
  "stock_remaining_fen",
  "stock_progress",
  "increment_projects",
  "increment_open_fen",
];

/**
 * What the table shows: the money and stock columns fit a laptop screen and an A4 landscape page; the
 * findings columns are a view of their own; all columns need a wide screen (the table scrolls sideways).
 */
export const VIEWS = {
  funds: { label: "资金 · 减存量 · 遏增量", keys: FUND_KEYS },
  findings: {
    label: "审计线索 F01–F12",
    keys: ["name", "status", "projects", "shortfall_fen", "unallocated_fen", "findings", ...FINDING_CODES],
  },
  changes: {
    label: "较上期",
    keys: ["name", "status", "shortfall_fen", "stock_remaining_fen", ...CHANGE_KEYS],
  },
  all: {
    label: "全部列 (较宽, 可左右滚动)",
    keys: [...FUND_KEYS, "findings", ...FINDING_CODES, ...CHANGE_KEYS],
  },
};

/** The figures a subtotal sums: every figure of the table but the ratio, and the F05 amount. */
const SUM_KEYS = [
  ...FUND_KEYS.filter((k) => !["name", "status", "stock_progress"].includes(k)),
  "over_allocated_fen",
  "findings",
  ...FINDING_CODES,
  ...CHANGE_KEYS,
];

/**
 * A total row of some counties: the roll-up's own row when they are all of it (a whole city, the whole
 * province), else their sums with the stock progress of the sums and no status.
 * @param {Row[]} members the counties shown
 * @param {Row} whole the roll-up row of the city or the province
 * @param {number} of how many counties the whole has
 * @returns {Row}
 */
export function totalRow(members, whole, of) {
  const complete = members.length === of;
  const base = complete
    ? whole
    : (() => {
        const t = sumColumns(members, SUM_KEYS);
        return {
          ...t,
          stock_progress: stockProgress(t.stock_baseline_fen, t.stock_remaining_fen),
          status: null,
        };
      })();
  return {
    ...base,
    name: whole.name,
    code: whole.code,
    subtotal: true,
    members: members.length,
    of,
    complete,
  };
}

/**
 * Columns of the league download: exact yuan, the status as its word, the reasons spelled out.
 * @param {Row} policy
 * @returns {import("@xianbao/common/csv.js").DownloadColumn[]}
 */
export function leagueDownloadColumns(policy) {
  return [
    { key: "code", label: "县区代码" },
    { key: "name", label: "县区" },
    { key: "city_name", label: "所属市" },
    { key: "status", label: "状态", value: (r) => STATUS[/** @type {"red"} */ (r.status)]?.label ?? "" },
    {
      key: "reasons",
      label: "亮灯原因",
      value: (r) =>
        (r.reasons ?? []).map((/** @type {string} */ x) => reasonOf(x)?.text(policy) ?? x).join("; "),
    },
    ...leagueColumns(policy)
      .slice(2)
      .map((c) => ({
        key: c.key,
        label:
          c.kind === "money"
            ? `${String(c.label).replace("\n", "")}(元)`
            : c.key === "findings"
              ? "审计线索合计"
              : String(c.label).replace("\n", ""),
        kind: c.kind === "money" ? /** @type {const} */ ("money") : undefined,
      })),
  ];
}
