/**
 * Fund flows of one project. Ordinary projects follow 先保后征: deposits into the pre-deposit account
 * before approval, then transfers into the special account well within 60 days of approval (seed 004
 * art. 13); some deposit straight into the special account, some over-deposit and get the excess back.
 * Under-funded projects deposit part before approval and the rest later, or never.
 */
import type { Day } from "./dates.ts";
import type { Random } from "./random.ts";
import type { FlowRecord, FundAccount } from "./records.ts";

/** A flow before it has an ID. */
export type DraftFlow = Omit<FlowRecord, "flow_id">;

/** A later payment of an under-funded project. */
export interface Payment {
  day: Day;
  amount: number;
}

export interface FundingContext {
  rng: Random;
  projectId: string;
  approved: Day;
  applied: Day | null;
  required: number;
  asOf: Day;
}

/**
 * Splits fen into `parts` positive amounts; all but the last are round hundreds of yuan, as transfers
 * between accounts usually are.
 */
export function splitAmount(rng: Random, total: number, parts: number): number[] {
  const out: number[] = [];
  let left = total;
  for (let i = 0; i < parts - 1; i++) {
    const share = Math.floor((left * rng.between(0.25, 0.6)) / 10_000) * 10_000;
    if (share <= 0 || share >= left) break;
    out.push(share);
    left -= share;
  }
  out.push(left);
  return out;
}

function depositDays(c: FundingContext, last: Day, count: number): Day[] {
  const earliest = (c.applied ?? c.approved - 120) - 60;
  const days = [last];
  for (let i = 1; i < count; i++) days.push(c.rng.int(earliest, last - 1));
  return days.sort((a, b) => a - b);
}

function flow(
  c: FundingContext,
  kind: DraftFlow["flow"],
  account: FundAccount,
  day: Day,
  amount: number,
): DraftFlow {
  return { project_id: c.projectId, flow: kind, account, flow_on: day, amount };
}

/** Transfers `amount` into the special account in one or two pieces within [from, to]. */
function transfers(c: FundingContext, amount: number, from: Day, to: Day): DraftFlow[] {
  if (amount <= 0) return [];
  const first = c.rng.int(from, to);
  if (!c.rng.chance(0.2)) return [flow(c, "transfer", "special", first, amount)];
  const [a, b] = splitAmount(c.rng, amount, 2);
  const second = Math.min(to, first + c.rng.int(1, 8));
  return [
    flow(c, "transfer", "special", first, a),
    ...(b ? [flow(c, "transfer", "special", second, b)] : []),
  ];
}

export interface OrdinaryOptions {
  /** Transfers happen this many days after approval. */
  transferDelay: [number, number];
  /** Every deposit into the pre-deposit account (so nothing reaches the special account untransferred). */
  preDepositOnly?: boolean;
  /** Deposit more than required and get the excess back (原渠道退回). */
  overDeposit?: boolean;
}

/** Funded before approval: returns the flows (none after `asOf`) and the day the money was complete. */
export function ordinaryFunding(
  c: FundingContext,
  o: OrdinaryOptions,
): { flows: DraftFlow[]; fundedOn: Day } {
  const { rng } = c;
  const fundedOn = c.approved - rng.int(3, 20);
  const amounts = splitAmount(rng, c.required, 1 + rng.weighted([55, 35, 10]));
  const days = depositDays(c, fundedOn, amounts.length);
  const extra = o.overDeposit
    ? Math.max(100, Math.round((c.required * rng.between(0.01, 0.08)) / 100) * 100)
    : 0;
  const flows: DraftFlow[] = [];
  let preDeposited = 0;
  amounts.forEach((amount, i) => {
    const account: FundAccount = !o.preDepositOnly && rng.chance(0.15) ? "special" : "pre_deposit";
    const withExtra = i === amounts.length - 1 ? amount + extra : amount;
    flows.push(flow(c, "deposit", account, days[i], withExtra));
    if (account === "pre_deposit") preDeposited += amount;
  });
  if (extra > 0) {
    const last = flows[flows.length - 1];
    flows.push(flow(c, "refund", last.account, c.approved + rng.int(15, 150), extra));
  }
  flows.push(...transfers(c, preDeposited, c.approved + o.transferDelay[0], c.approved + o.transferDelay[1]));
  return { flows: flows.filter((f) => f.flow_on <= c.asOf), fundedOn };
}

/**
 * Part of the money (`upfront` fen) before approval, the rest in later `payments` (each straight into the
 * special account, or into the pre-deposit account and transferred some weeks later).
 */
export function underFunding(c: FundingContext, upfront: number, payments: readonly Payment[]): DraftFlow[] {
  const { rng } = c;
  const amounts = splitAmount(rng, upfront, 1 + rng.weighted([70, 30]));
  const days = depositDays(c, c.approved - rng.int(3, 30), amounts.length);
  const flows: DraftFlow[] = [];
  let preDeposited = 0;
  amounts.forEach((amount, i) => {
    const account: FundAccount = rng.chance(0.15) ? "special" : "pre_deposit";
    flows.push(flow(c, "deposit", account, days[i], amount));
    if (account === "pre_deposit") preDeposited += amount;
  });
  flows.push(...transfers(c, preDeposited, c.approved + 2, c.approved + 40));
  for (const payment of payments) {
    if (rng.chance(0.5)) flows.push(flow(c, "deposit", "special", payment.day, payment.amount));
    else {
      flows.push(flow(c, "deposit", "pre_deposit", payment.day, payment.amount));
      flows.push(flow(c, "transfer", "special", payment.day + rng.int(5, 45), payment.amount));
    }
  }
  return flows.filter((f) => f.flow_on <= c.asOf);
}

/**
 * Later payments of `amount` in one to three pieces on days within [from, to], the last completing it.
 */
export function laterPayments(rng: Random, amount: number, from: Day, to: Day): Payment[] {
  if (amount <= 0 || from > to) return [];
  const pieces = splitAmount(rng, amount, 1 + rng.weighted([50, 35, 15]));
  const days = pieces.map(() => rng.int(from, to)).sort((a, b) => a - b);
  return pieces.map((piece, i) => ({ day: days[i], amount: piece }));
}

/**
 * Steers how much of the stock (shortfall at the baseline) is paid by the sample's last day towards a
 * target share (seed 000's rectification: most but not all of the stock gets cleared).
 */
export class StockController {
  private baseline = 0;
  private paid = 0;

  constructor(private readonly target: number) {}

  /** The fen of a new stock project's baseline shortfall that will be paid later. */
  paidOf(rng: Random, shortfall: number): number {
    const desired = this.target * (this.baseline + shortfall) - this.paid;
    let fraction = Math.min(1, Math.max(0, desired / shortfall));
    if (fraction > 0.85) fraction = 1;
    else if (fraction < 0.12) fraction = 0;
    else fraction = Math.min(1, fraction * rng.between(0.85, 1.15));
    const paid = fraction === 1 ? shortfall : Math.round((shortfall * fraction) / 10_000) * 10_000;
    this.baseline += shortfall;
    this.paid += paid;
    return paid;
  }
}
