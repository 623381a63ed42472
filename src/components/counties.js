// The county league table (县区进展): status badges that read in colour and in black-and-white print
// (colour + mark + word), the legend of the status rules, the sortable table with city subtotals, and a
// ranking chart.
import * as Plot from "@observablehq/plot";
import { html } from "htl";
import { count, dateZh, moneyScale, percent, yuan, yuanExact } from "./format.js";
import { RULES, STATUS, STATUS_REASONS } from "@xianbao/common/rules.js";

/** @typedef {Record<string, any>} Row */
/** @typedef {"red" | "yellow" | "green"} Status */

const FINDING_CODES = RULES.map((r) => r.code);

/** Short reason labels for table cells; the full text (STATUS_REASONS) is on hover. */
export const REASON_SHORT = {
  increment: "新增欠缴",
  stock_behind: "化解<50%",
  over_allocated: "超额分配",
  stock_open: "存量未清",
  shortfall: "有缺口",
  stale: "沉淀>1年",
};

/** Severity for sorting: red first when sorted descending. */
export const STATUS_RANK = { red: 3, yellow: 2, green: 1 };

/**
 * A status badge: its colour, its mark (● ▲ ■, which differ in black and white) and its word.
 * @param {string | null | undefined} status
 * @param {{reasons?: string[], short?: boolean}} [options] with reasons, they follow in small text
 */
export function statusBadge(status, { reasons, short = false } = {}) {
  const s = STATUS[/** @type {Status} */ (status)];
  if (!s) return html`<span class="status">—</span>`;
  const why = (reasons ?? []).map((r) => STATUS_REASONS[r] ?? r);
  const badge = html`<span
    class=${`status-badge s-${status}`}
    title=${why.length ? `${s.text}: ${why.join("; ")}` : s.text}
    ><span class="mark" aria-hidden="true">${s.mark}</span> ${s.label}${short ? "" : html` ${s.text}`}</span
  >`;
  if (!reasons?.length) return badge;
  return html`<span class="status-cell"
    >${badge}<span class="reasons"
      >${reasons.map(
        (r, i) =>
          html`${i ? "、" : ""}<span class="reason"
              >${/** @type {Record<string, string>} */ (REASON_SHORT)[r] ?? r}</span
            >`,
      )}</span
    ></span
  >`;
}

/**
 * The legend of the three colours with the exact rule behind each (loaders/sql/site/status.sql), and how
 * many of the given rows have each.
 * @param {Row[]} rows
 * @param {{stockBaseline?: string | null}} [options]
 */
export function statusLegend(rows, { stockBaseline } = {}) {
  const n = (/** @type {string} */ s) => rows.filter((r) => r.status === s).length;
  const baseline = stockBaseline ? `存量基准日 (${dateZh(stockBaseline)})` : "存量基准日";
  const tag = (/** @type {keyof typeof REASON_SHORT} */ k) =>
    html`<b class="reason-tag">${REASON_SHORT[k]}</b>`;
  return html`<div class="status-legend" role="note">
    <div class="legend-item s-red">
      ${statusBadge("red")} <strong>${count(n("red"))}</strong> 个 — 满足任一即为红色: ① ${tag("increment")}:
      ${baseline}后批复的批次在截止日仍有缺口 (新增仍欠 > 0, 遏增量未做到); ② ${tag("stock_behind")}:
      存量化解进度 = 1 − 尚未化解 ÷ 基准日存量, 不足 50%; ③ ${tag("over_allocated")}:
      有批次分配到人的金额超过到账资金 (线索 F05)。
    </div>
    <div class="legend-item s-yellow">
      ${statusBadge("yellow")} <strong>${count(n("yellow"))}</strong> 个 — 不属红色, 但满足任一:
      ${tag("stock_open")} (尚未化解 > 0); ${tag("shortfall")} (资金缺口 > 0); ${tag("stale")}
      (未分配资金中到账已满一年的部分 > 0)。
    </div>
    <div class="legend-item s-green">
      ${statusBadge("green")} <strong>${count(n("green"))}</strong> 个 — 以上都没有:
      无新增欠缴、无存量欠缴、无资金缺口、无超额分配、无一年以上的沉淀。
    </div>
    <div class="legend-note">状态栏中小字为该县区亮灯的原因 (上面加粗的词)。</div>
  </div>`;
}

/**
 * Sums of the given county rows (money in fen, exact), with stock progress recomputed from the sums.
 * @param {Row[]} rows
 * @returns {Row}
 */
export function totalsOf(rows) {
  /** @type {Row} */
  const t = {};
  for (const key of SUM_KEYS) t[key] = rows.reduce((a, r) => a + (r[key] ?? 0), 0);
  const stockKnown = rows.some((r) => r.stock_projects !== null && r.stock_projects !== undefined);
  if (!stockKnown)
    for (const key of ["stock_projects", "stock_baseline_fen", "stock_remaining_fen"]) t[key] = null;
  t.stock_progress = t.stock_baseline_fen > 0 ? 1 - t.stock_remaining_fen / t.stock_baseline_fen : null;
  return t;
}

const SUM_KEYS = [
  "projects",
  "required_fen",
  "received_fen",
  "distributed_fen",
  "unallocated_fen",
  "unallocated_over_365_fen",
  "over_allocated_fen",
  "shortfall_fen",
  "stock_projects",
  "stock_baseline_fen",
  "stock_remaining_fen",
  "increment_projects",
  "increment_open_fen",
  ...FINDING_CODES,
];

/**
 * @typedef {{key: string, label: string, group: string, title: string, kind: "text" | "money" | "count" | "ratio" | "status",
 *   sort?: (row: Row) => any, value?: (row: Row) => any}} LeagueColumn
 */

const money = (
  /** @type {string} */ key,
  /** @type {string} */ label,
  /** @type {string} */ group,
  /** @type {string} */ title,
) => /** @type {LeagueColumn} */ ({ key, label, group, title, kind: "money" });
const counted = (
  /** @type {string} */ key,
  /** @type {string} */ label,
  /** @type {string} */ group,
  /** @type {string} */ title,
) => /** @type {LeagueColumn} */ ({ key, label, group, title, kind: "count" });

/** Every column of the league table, in DOMAIN section 4's order, grouped for the two-row header. */
export const LEAGUE_COLUMNS = /** @type {LeagueColumn[]} */ ([
  {
    key: "name",
    label: "县区",
    group: "",
    title: "县区名称 (所属市); 点击名称打开该县区的报告",
    kind: "text",
    sort: (r) => r.code,
  },
  {
    key: "status",
    label: "状态",
    group: "",
    title: "红 / 黄 / 绿, 规则见上方图例",
    kind: "status",
    sort: (r) => STATUS_RANK[/** @type {Status} */ (r.status)] ?? 0,
  },
  counted("projects", "批次", "资金", "截止日已批复的征地批次数"),
  money("required_fen", "应筹", "资金", "各批次应筹补贴资金之和"),
  money("received_fen", "已到账", "资金", "到账金额减原渠道退回金额"),
  money("distributed_fen", "已分配\n到人", "资金", "记入个人账户或个人预存款账户的金额之和"),
  money(
    "unallocated_fen",
    "未分配",
    "资金",
    "各批次 max(0, 已到账 − 已分配) 之和: 已收取但尚未记到任何人名下 (沉淀)",
  ),
  money("shortfall_fen", "缺口", "资金", "各批次 max(0, 应筹 − 已到账) 之和"),
  counted("stock_projects", "存量\n批次", "减存量", "2016年以来、存量基准日前批复, 且在基准日仍有缺口的批次"),
  money("stock_baseline_fen", "基准日\n存量", "减存量", "存量批次在存量基准日的缺口之和"),
  money("stock_remaining_fen", "尚未\n化解", "减存量", "存量批次在截止日的缺口之和"),
  {
    key: "stock_progress",
    label: "化解\n进度",
    group: "减存量",
    title: "1 − 尚未化解 ÷ 基准日存量; 无存量时为 —",
    kind: "ratio",
  },
  counted("increment_projects", "新增\n批次", "遏增量", "存量基准日后批复、批复时资金未足额到位的批次"),
  money("increment_open_fen", "新增\n仍欠", "遏增量", "新增欠缴批次在截止日的缺口之和"),
  {
    key: "findings",
    label: "合计",
    group: "审计线索 (条)",
    title: "F01–F12 命中条数之和",
    kind: "count",
    value: findingsTotal,
  },
  ...RULES.map((r) => counted(r.code, r.code, "审计线索 (条)", `${r.code} ${r.title}: ${r.rule}`)),
]);

/** @param {Row} r */
function findingsTotal(r) {
  return FINDING_CODES.reduce((a, code) => a + (r[code] ?? 0), 0);
}

const FUND_KEYS = LEAGUE_COLUMNS.filter((c) => c.group !== "审计线索 (条)").map((c) => c.key);

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
  all: { label: "全部列 (较宽, 可左右滚动)", keys: LEAGUE_COLUMNS.map((c) => c.key) },
};

/**
 * Money in a league table cell: 万元 with 2 decimals, the unit in the column header ("单位: 万元", as in
 * official tables), so that a column compares at a glance; yuan() would switch between 元 and 万元 by size.
 * An amount that is not zero never reads as zero: under 0.005万元 it reads "<0.01".
 * @param {number | null | undefined} fen
 * @example wanText(123456789) === "123.46"
 */
export function wanText(fen) {
  if (fen && fen > 0 && fen < 5000) return "<0.01";
  return yuan(fen, { unit: "万元" }).replace("万元", "");
}

/**
 * The text of a cell.
 * @param {LeagueColumn} c
 * @param {Row} r
 */
function cellText(c, r) {
  const v = c.value ? c.value(r) : r[c.key];
  if (c.kind === "money") return wanText(v);
  if (c.kind === "count") return count(v);
  if (c.kind === "ratio") return percent(v);
  return v ?? "—";
}

/**
 * Buttons that download rows as CSV and XLSX, loading the writers (download.js, which pulls in jszip, about
 * 30 KB compressed) only when one is clicked: a county page must stay small.
 * @param {() => Record<string, any>[]} getRows called on click, so filters apply
 * @param {{key: string, label: string, value?: (row: any) => any}[]} columns
 * @param {string} filename without extension
 */
export function lazyDownloadButtons(getRows, columns, filename) {
  const csv = html`<button type="button" class="download">下载 CSV</button>`;
  const xlsx = html`<button type="button" class="download">下载 Excel (XLSX)</button>`;
  const click = (/** @type {number} */ which) => async () => {
    const { downloadButtons } = await import("./download.js");
    downloadButtons(getRows, columns, filename).querySelectorAll("button")[which].click();
  };
  csv.addEventListener("click", click(0));
  xlsx.addEventListener("click", click(1));
  return html`<span class="downloads">${csv} ${xlsx}</span>`;
}

/**
 * Columns for the CSV / XLSX download: exact yuan as numbers, status as its word, reasons spelled out.
 * @returns {{key: string, label: string, value?: (row: Row) => any}[]}
 */
export function leagueDownloadColumns() {
  return [
    { key: "code", label: "县区代码" },
    { key: "name", label: "县区" },
    { key: "city_name", label: "所属市" },
    { key: "status", label: "状态", value: (r) => STATUS[/** @type {Status} */ (r.status)]?.label ?? "" },
    {
      key: "reasons",
      label: "亮灯原因",
      value: (r) => (r.reasons ?? []).map((/** @type {string} */ x) => STATUS_REASONS[x] ?? x).join("; "),
    },
    ...LEAGUE_COLUMNS.slice(2).map((c) => ({
      key: c.key,
      label:
        c.kind === "money"
          ? `${c.label.replace("\n", "")}(元)`
          : c.key === "findings"
            ? "审计线索合计"
            : c.label.replace("\n", ""),
      value: (/** @type {Row} */ r) => {
        const v = c.value ? c.value(r) : r[c.key];
        return v === null || v === undefined
          ? null
          : c.kind === "money"
            ? v / 100
            : c.kind === "ratio"
              ? Math.round(v * 10000) / 10000
              : v;
      },
    })),
  ];
}

/**
 * The league table: one row per county, click a header to sort (again to reverse), optional subtotal rows
 * per city, a total row for the rows shown. Returns the element with `update({rows, byCity, view})` and
 * `visibleRows()`.
 * @param {Row[]} rows county rows of counties.json
 * @param {{cities: Row[], province: Row, byCity?: boolean, view?: keyof typeof VIEWS, sort?: {key: string, desc?: boolean}}} options
 */
export function leagueTable(
  rows,
  { cities, province, byCity = false, view = "funds", sort = { key: "name", desc: false } },
) {
  const all = rows;
  const cityOf = new Map(cities.map((c) => [c.code, c]));
  const cityCounties = new Map();
  for (const r of all) cityCounties.set(r.city_code, (cityCounties.get(r.city_code) ?? 0) + 1);
  let shown = rows;
  let sortKey = sort.key;
  let desc = sort.desc ?? false;
  const root =
    /** @type {HTMLElement & {update: (o: {rows?: Row[], byCity?: boolean, view?: keyof typeof VIEWS}) => void, visibleRows: () => Row[]}} */ (
      html`<div class="league-table data-table"></div>`
    );

  /** @param {Row} a @param {Row} b */
  function compare(a, b) {
    const c = LEAGUE_COLUMNS.find((x) => x.key === sortKey) ?? LEAGUE_COLUMNS[0];
    const x = c.sort ? c.sort(a) : c.value ? c.value(a) : a[c.key];
    const y = c.sort ? c.sort(b) : c.value ? c.value(b) : b[c.key];
    const missing = (/** @type {any} */ v) => v === null || v === undefined;
    if (missing(x) || missing(y)) return missing(x) === missing(y) ? tie(a, b) : missing(x) ? 1 : -1;
    const order = typeof x === "string" ? x.localeCompare(y, "zh-CN") : x - y;
    return (desc ? -order : order) || tie(a, b);
  }
  /** @param {Row} a @param {Row} b */
  const tie = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

  function sorted() {
    const list = [...shown].sort(compare);
    if (!byCity) return list;
    /** @type {Map<string, Row[]>} */
    const byCode = new Map();
    for (const r of list) {
      if (!byCode.has(r.city_code)) byCode.set(r.city_code, []);
      byCode.get(r.city_code)?.push(r);
    }
    const groupsList = [...byCode].map(([code, members]) => ({
      code,
      members,
      total: subtotal(code, members),
    }));
    groupsList.sort((a, b) => compare(a.total, b.total));
    return groupsList.flatMap((g) => [...g.members, g.total]);
  }

  /** @param {string} code @param {Row[]} members */
  function subtotal(code, members) {
    const city = cityOf.get(code);
    const complete = members.length === cityCounties.get(code);
    return {
      ...totalsOf(members),
      code,
      name: city?.name ?? code,
      city_code: code,
      status: complete ? city?.status : null,
      reasons: complete ? city?.reasons : null,
      subtotal: true,
      members: members.length,
      complete,
    };
  }

  function render() {
    const keys = VIEWS[view].keys;
    const columns = LEAGUE_COLUMNS.filter((c) => keys.includes(c.key));
    const list = sorted();
    /** @type {{group: string, n: number}[]} */
    const spans = [];
    for (const c of columns) {
      const last = spans.at(-1);
      if (last && last.group === c.group) last.n++;
      else spans.push({ group: c.group, n: 1 });
    }
    const top = html`<tr class="group-row">
      ${spans.map((s) => html`<th colspan=${s.n} class=${s.group ? "group" : ""}>${s.group}</th>`)}
    </tr>`;
    const head = html`<tr>
      ${columns.map((c) => {
        const mark = c.key === sortKey ? (desc ? " ▼" : " ▲") : "";
        const unit = c.kind === "money" ? html`<span class="unit">万元</span>` : "";
        const th = html`<th
          class=${`${c.kind === "text" || c.kind === "status" ? "" : "num"} ${c.key === "name" ? "sticky" : ""}`}
          data-key=${c.key}
          title=${`${c.title} (点击排序)`}
          tabindex="0"
          aria-sort=${c.key === sortKey ? (desc ? "descending" : "ascending") : "none"}
        >
          ${c.label}${mark}${unit}
        </th>`;
        const activate = () => {
          desc = c.key === sortKey ? !desc : c.kind !== "text";
          sortKey = c.key;
          render();
        };
        th.addEventListener("click", activate);
        th.addEventListener(
          "keydown",
          (/** @type {KeyboardEvent} */ e) =>
            (e.key === "Enter" || e.key === " ") && (e.preventDefault(), activate()),
        );
        return th;
      })}
    </tr>`;
    const body = list.map((r) => row(r, columns));
    const total = {
      ...totalsOf(shown),
      subtotal: true,
      total: true,
      members: shown.length,
      complete: shown.length === all.length,
    };
    Object.assign(
      total,
      total.complete ? { status: province.status, reasons: province.reasons } : { status: null },
    );
    root.replaceChildren(
      html`<table>
        <thead>
          ${top}${head}
        </thead>
        <tbody>
          ${
            body.length
              ? body
              : html`<tr>
                  <td colspan=${columns.length} class="empty">没有符合条件的县区</td>
                </tr>`
          }
        </tbody>
        <tfoot>
          ${row(total, columns)}
        </tfoot>
      </table>`,
    );
  }

  /** @param {Row} r @param {LeagueColumn[]} columns */
  function row(r, columns) {
    const cls = r.total ? "total" : r.subtotal ? "subtotal" : `county s-${r.status ?? "none"}`;
    return html`<tr class=${cls} data-code=${r.subtotal ? null : r.code} data-city=${r.city_code ?? null}>
      ${columns.map((c) => {
        if (c.key === "name") {
          const label = r.total
            ? `${r.complete ? "全省合计" : "合计"} (${count(r.members)} 个县区)`
            : r.subtotal
              ? `${r.name}小计 (${r.complete ? "" : `显示 `}${count(r.members)}${r.complete ? "" : ` / ${count(cityCounties.get(r.code))}`} 个县区)`
              : null;
          return html`<td class="sticky name" data-key="name">
            ${label ?? html`<a href=${`./county/${r.code}`}>${r.name}</a><span class="city">${r.city_name}</span>`}
          </td>`;
        }
        if (c.kind === "status")
          return html`<td data-key="status">
            ${r.status ? statusBadge(r.status, { reasons: r.reasons ?? [] }) : ""}
          </td>`;
        const v = c.value ? c.value(r) : r[c.key];
        const faint = (c.kind === "count" || c.kind === "money") && v === 0;
        const exact = c.kind === "money" && v !== null && v !== undefined ? `${yuanExact(v)} 元` : null;
        return html`<td class=${`num${faint ? " zero" : ""}`} data-key=${c.key} title=${exact}>
          ${cellText(c, r)}
        </td>`;
      })}
    </tr>`;
  }

  root.update = ({ rows: next, byCity: b, view: v } = {}) => {
    if (next) shown = next;
    if (b !== undefined) byCity = b;
    if (v) view = v;
    render();
  };
  root.visibleRows = () => [...shown].sort(compare);
  render();
  return root;
}

/** The rankings the chart offers: what is ranked, which end is worst, and how a value reads. */
export const RANKINGS = {
  stock_progress: {
    label: "存量化解进度 (最低的)",
    unit: "%",
    worstFirst: "asc",
    include: (/** @type {Row} */ r) => r.stock_baseline_fen > 0,
  },
  unallocated_over_365_fen: {
    label: "沉淀超过一年的资金 (最多的)",
    unit: "money",
    worstFirst: "desc",
    include: (/** @type {Row} */ r) => r.unallocated_over_365_fen > 0,
  },
  unallocated_fen: {
    label: "未分配资金 (最多的)",
    unit: "money",
    worstFirst: "desc",
    include: (/** @type {Row} */ r) => r.unallocated_fen > 0,
  },
  shortfall_fen: {
    label: "资金缺口 (最大的)",
    unit: "money",
    worstFirst: "desc",
    include: (/** @type {Row} */ r) => r.shortfall_fen > 0,
  },
  increment_open_fen: {
    label: "新增仍欠 (最多的)",
    unit: "money",
    worstFirst: "desc",
    include: (/** @type {Row} */ r) => r.increment_open_fen > 0,
  },
};

/**
 * The worst counties by one figure, as horizontal bars coloured by status; each label carries the status
 * mark so the ranking reads in black and white too.
 * @param {Row[]} rows
 * @param {{width?: number, metric?: keyof typeof RANKINGS, top?: number}} [options]
 */
export function rankChart(rows, { width = 640, metric = "stock_progress", top = 15 } = {}) {
  const m = RANKINGS[metric];
  const list = rows
    .filter(m.include)
    .sort(
      (a, b) =>
        (m.worstFirst === "asc" ? a[metric] - b[metric] : b[metric] - a[metric]) ||
        (a.code < b.code ? -1 : 1),
    )
    .slice(0, top);
  if (!list.length)
    return html`<p class="chart-note">
      所选县区中没有可排名的数据 (${m.label.replace(/ \(.*\)/, "")}均为 0 或无存量)。
    </p>`;
  const isRatio = m.unit === "%";
  const { unit, divisor } = isRatio
    ? { unit: "%", divisor: 0.01 }
    : moneyScale(Math.max(...list.map((r) => r[metric])));
  const data = list.map((r, i) => ({
    name: `${i + 1}. ${STATUS[/** @type {Status} */ (r.status)]?.mark ?? ""} ${r.name} · ${r.city_name}`,
    v: r[metric] / divisor,
    raw: r[metric],
    status: r.status,
  }));
  const text = (/** @type {any} */ d) => (isRatio ? percent(d.raw) : yuan(d.raw));
  return Plot.plot({
    width,
    height: data.length * 24 + 50,
    marginLeft: 190,
    marginRight: 90,
    x: {
      label: isRatio ? "化解进度 (%) →" : `金额 (${unit}) →`,
      grid: true,
      nice: true,
      domain: isRatio ? [0, 100] : undefined,
    },
    y: { label: null, domain: data.map((d) => d.name) },
    marks: [
      Plot.barX(data, {
        y: "name",
        x: "v",
        fill: (d) => STATUS[/** @type {Status} */ (d.status)]?.colour ?? "#888",
        title: (d) => `${d.name}: ${text(d)}`,
      }),
      Plot.text(data, { y: "name", x: "v", text, dx: 4, textAnchor: "start", fill: "#333" }),
      isRatio ? Plot.ruleX([50], { stroke: "#b2182b", strokeDasharray: "4,3" }) : null,
      isRatio
        ? Plot.text([50], {
            x: (d) => d,
            frameAnchor: "top",
            text: () => "50%: 低于此线为红色",
            dy: -12,
            dx: 4,
            textAnchor: "start",
            fill: "#b2182b",
          })
        : null,
      Plot.ruleX([0]),
    ],
  });
}
