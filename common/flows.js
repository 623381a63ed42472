// The words the pages and downloads use for the data's enumerations (docs/data.md#enums): fund flow types,
// the two fund accounts and the two personal accounts.

/** fund_flows.flow. @type {Record<string, string>} */
export const FLOW_LABELS = { deposit: "到账", transfer: "划入专户", refund: "原渠道退回" };

/** fund_flows.account. @type {Record<string, string>} */
export const FUND_ACCOUNT_LABELS = { pre_deposit: "征地费用预存账户", special: "社保基金财政专户" };

/** distributions.account. @type {Record<string, string>} */
export const CREDIT_ACCOUNT_LABELS = { individual: "个人账户", pre_deposit: "个人预存款账户" };

/**
 * The word for a code of one of these lists (the code itself when unknown).
 * @param {Record<string, string>} labels
 * @param {string | null | undefined} code
 * @example labelOf(FLOW_LABELS, "refund") === "原渠道退回"
 */
export function labelOf(labels, code) {
  return (code && Object.hasOwn(labels, code) ? labels[code] : code) ?? "";
}
