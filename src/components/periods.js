// A county's or city's figures then and now (较上期), as rows of a small table: each figure's value at T0, at
// T1 and its change, all three columns of the roll-up row (loaders/sql/site/rollups.sql, from m_changes).
import { changeCountCell, changeMoneyCell, countCell, moneyCell } from "./cells.js";

/** @typedef {Record<string, any>} Row */

/** [label, then key, now key, change key, kind]: the figures of the comparison in the page's order. */
const FIGURES = /** @type {const} */ ([
  ["已到账", "received_then_fen", "received_fen", "received_change_fen", "money"],
  ["已分配到人", "distributed_then_fen", "distributed_fen", "distributed_change_fen", "money"],
  ["未分配到人 (沉淀)", "unallocated_then_fen", "unallocated_fen", "unallocated_change_fen", "money"],
  ["资金缺口", "shortfall_then_fen", "shortfall_fen", "shortfall_change_fen", "money"],
  [
    "存量: 尚未化解 (变化为本期化解)",
    "stock_remaining_then_fen",
    "stock_remaining_fen",
    "stock_cleared_fen",
    "cleared",
  ],
  ["新增欠缴", "increment_open_then_fen", "increment_open_fen", "increment_open_change_fen", "money"],
  ["未解决的审计线索 (条)", "findings_open_then", "findings_open", "findings_open_change", "count"],
]);

/**
 * The rows of the period table of one roll-up row, then the new increment projects and the findings new
 * and resolved, which have no "then".
 * @param {Row} r
 * @returns {Row[]}
 */
export function periodRows(r) {
  return [
    ...FIGURES.map(([label, then, now, change, kind]) => ({
      label,
      kind,
      then: r[then],
      now: r[now],
      change: r[change],
    })),
    {
      label: "本期新增增量批次 (个)",
      kind: "count",
      then: null,
      now: null,
      change: r.new_increment_projects,
    },
    { label: "本期新增线索 (条)", kind: "count", then: null, now: null, change: r.findings_new },
    { label: "本期已解决线索 (条)", kind: "count", then: null, now: null, change: r.findings_resolved },
    { label: "整改不实 (条)", kind: "count", then: null, now: r.rectified_not_confirmed, change: null },
  ];
}

/** @param {any} v @param {Row} row */
const figure = (v, row) => (row.kind === "count" ? countCell(v) : moneyCell(v));

/** @type {import("./table.js").Column[]} */
export const PERIOD_COLUMNS = [
  { key: "label", label: "指标" },
  { key: "then", label: "上期", align: "right", format: (v, r) => (v === null ? "" : figure(v, r)) },
  { key: "now", label: "本期", align: "right", format: (v, r) => (v === null ? "" : figure(v, r)) },
  {
    key: "change",
    label: "较上期",
    align: "right",
    format: (v, r) =>
      v === null && r.kind !== "cleared"
        ? ""
        : r.kind === "count"
          ? changeCountCell(v)
          : r.kind === "cleared"
            ? moneyCell(v)
            : changeMoneyCell(v),
  },
];
