/**
 * The fund flows of a project by its scenario: ordinary projects are funded before approval; planted ones
 * transfer late, or are approved (and maybe supplied) under-funded and paid later, partly or never.
 */
import type { RunContext } from "./context.ts";
import type { Day } from "./dates.ts";
import {
  laterPayments,
  ordinaryFunding,
  underFunding,
  type DraftFlow,
  type FundingContext,
  type Payment,
} from "./funding.ts";
import type { ProjectPlan } from "./plan.ts";

export interface ProjectFunding {
  drafts: DraftFlow[];
  /** What arrived by approval, the money the first credits can draw on. */
  available: number;
  /** The day the money was complete, for projects funded before approval. */
  fundedOn: Day | null;
  /** The supply day, which a supplied-under-funded scenario sets. */
  supplied: Day | null;
}

const roundTo = (value: number, step: number) => Math.round(value / step) * step;

/** Draws the flows of a project. */
export function fundProject(
  plan: ProjectPlan,
  fc: FundingContext,
  run: RunContext,
  supplied: Day | null,
): ProjectFunding {
  const { rng, approved, required, asOf } = fc;
  let drafts: DraftFlow[];
  let available: number;
  let fundedOn: Day | null = null;
  const share = (lo: number, hi: number) => Math.max(10_000, roundTo(required * rng.between(lo, hi), 10_000));
  switch (plan.scenario) {
    case "late_transfer": {
      const f = ordinaryFunding(fc, { transferDelay: [75, 300], preDepositOnly: true });
      ({ flows: drafts, fundedOn } = f);
      available = required;
      break;
    }
    case "stock": {
      const upfront = share(0.15, 0.75);
      const payments: Payment[] = [];
      let beforeBaseline = 0;
      if (rng.chance(0.3) && approved + 30 < run.stockBaseline - 10) {
        beforeBaseline = roundTo((required - upfront) * rng.between(0.2, 0.6), 10_000);
        if (beforeBaseline > 0)
          payments.push({ day: rng.int(approved + 30, run.stockBaseline - 10), amount: beforeBaseline });
      }
      const paid = run.stock.paidOf(rng, required - upfront - beforeBaseline);
      payments.push(...laterPayments(rng, paid, run.stockBaseline + 20, asOf));
      drafts = underFunding(fc, upfront, payments);
      available = upfront;
      break;
    }
    case "increment":
    case "legacy_unfunded":
    case "supplied_unfunded": {
      const upfront = plan.scenario === "increment" ? share(0.1, 0.8) : share(0.2, 0.8);
      let payments: Payment[] = [];
      const rest = required - upfront;
      if (plan.scenario === "supplied_unfunded") {
        supplied = approved + rng.int(20, 90);
        payments = laterPayments(rng, rest, supplied + 20, Math.min(supplied + 250, asOf));
      } else if (plan.scenario === "increment") {
        const u = rng.float();
        const amount = u < 0.6 ? rest : u < 0.75 ? roundTo(rest / 2, 100) : 0;
        payments = laterPayments(rng, amount, approved + 30, Math.min(approved + 600, asOf));
      } else if (rng.chance(0.5)) {
        payments = laterPayments(rng, rest, approved + 200, Math.min(approved + 3000, asOf));
      }
      drafts = underFunding(fc, upfront, payments);
      available = upfront;
      break;
    }
    default: {
      const overDeposit = plan.scenario !== "over_allocated" && rng.chance(0.06);
      ({ flows: drafts, fundedOn } = ordinaryFunding(fc, { transferDelay: [2, 35], overDeposit }));
      available = required;
    }
  }

  return { drafts, available, fundedOn, supplied };
}
