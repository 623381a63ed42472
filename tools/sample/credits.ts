/**
 * Distributions of one project: how many people, how much each, on which day, into which account.
 * The old method's virtual headcount is usually diluted over many more real people (seed 001: 81.5% of
 * people got under 3,000 yuan); the new method credits about the land holders. People under 16 go to a
 * pre-deposit account (seed 004 art. 17).
 */
import { addYears, type Day } from "./dates.ts";
import { isMinorOn, type CountyPeople, type Person } from "./people.ts";
import type { Random } from "./random.ts";
import type { DistributionRecord, Method, PersonAccount } from "./records.ts";

/** How a project's money meets people: target ratio of real to virtual people, its bounds, and the share of the money distributed. */
export interface CreditStyle {
  ratio: number;
  lo: number;
  hi: number;
  share: number;
  /** Everyone gets the same amount (the old method's equal split) rather than by land held. */
  equal: boolean;
}

/** Draws the style of an ordinary project; `clean` keeps every ratio inside [0.85, 1.8]. */
export function chooseStyle(rng: Random, method: Method, clean: boolean): CreditStyle {
  const share = (lo: number, ones: number) => (rng.chance(ones) ? 1 : rng.between(lo, 1));
  if (method === "per_land")
    return { ratio: rng.between(0.92, 1.2), lo: 0.85, hi: 1.8, share: share(0.75, 0.35), equal: false };
  const kind = clean ? rng.weighted([0, 10, 90]) : rng.weighted([52, 5, 43]);
  if (kind === 0) {
    // Money waiting for people nobody could identify: seed 001's 128.5亿 of 368亿 unallocated.
    const idle = rng.chance(0.7) ? rng.between(0.1, 0.45) : share(0.55, 0.3);
    return { ratio: rng.logUniform(2.7, 11), lo: 2.1, hi: 1e9, share: idle, equal: true };
  }
  if (kind === 1)
    return { ratio: rng.between(1.25, 1.75), lo: 0.85, hi: 1.8, share: share(0.55, 0.3), equal: true };
  return { ratio: rng.between(0.98, 1.3), lo: 0.85, hi: 1.8, share: share(0.7, 0.35), equal: true };
}

/** Real people for a virtual headcount: round(ratio × virtual) kept inside the style's bounds, at least 1. */
export function headcount(virtual: number, style: CreditStyle): number {
  let n = Math.round(style.ratio * virtual);
  n = Math.max(n, Math.ceil(style.lo * virtual));
  n = Math.min(n, Math.floor(style.hi * virtual));
  return Math.max(1, n);
}

/** Splits a count over weights by largest remainder. */
export function splitCount(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k++, left--) counts[order[k % order.length].i]++;
  return counts;
}

/** Amounts in fen for `count` people out of `total` fen: equal (maybe whole yuan) or by land held. */
export function amountsFor(rng: Random, total: number, count: number, equal: boolean): number[] {
  if (equal) {
    let each = Math.floor(total / count);
    if (each >= 100_00 && rng.chance(0.4)) each -= each % 100;
    return new Array<number>(count).fill(Math.max(1, each));
  }
  const weights = Array.from({ length: count }, () => rng.between(0.6, 1.4));
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => Math.max(1, Math.floor((total * w) / sum)));
}

/** The age mix of credited people: a few children, mostly middle-aged and old farmers. */
function drawAgeDays(rng: Random, minor: boolean): number {
  const u = rng.float();
  const years = minor
    ? rng.between(1, 15.4)
    : u < 0.15
      ? rng.between(17.3, 35)
      : u < 0.58
        ? rng.between(35, 60)
        : rng.between(60, 85);
  return Math.round(years * 365.25);
}

export interface CreditContext {
  rng: Random;
  people: CountyPeople;
  projectId: string;
  adultAge: number;
  nextRecordId: () => string;
  /** Share of credits that go to someone already credited in another project of the county. */
  reuseShare: number;
  /** Share of new people who are children. */
  minorShare: number;
}

/** Credits people of one project; keeps track of who is in it so that nobody is credited twice by accident. */
export class ProjectCredits {
  readonly records: DistributionRecord[] = [];
  readonly inProject = new Set<string>();

  constructor(private readonly c: CreditContext) {}

  /** The county's people. */
  get people(): CountyPeople {
    return this.c.people;
  }

  /** A person for a credit on `day`: sometimes someone of another project, else a new person. */
  person(day: Day, forceMinor = false): Person {
    const { rng, people } = this.c;
    if (!forceMinor && people.everyone.length > 0 && rng.chance(this.c.reuseShare)) {
      const candidate = rng.pick(people.everyone);
      // Reuse only clear adults, so the account rule (under 16 -> pre-deposit) is never on a knife edge.
      if (!this.inProject.has(candidate.id) && !isMinorOn(candidate, day, this.c.adultAge + 1))
        return candidate;
    }
    const minor = forceMinor || rng.chance(this.c.minorShare);
    return people.create(day - drawAgeDays(rng, minor));
  }

  /** The account the rule asks for: children's money into the pre-deposit account. */
  accountFor(person: Person, day: Day): PersonAccount {
    return isMinorOn(person, day, this.c.adultAge) ? "pre_deposit" : "individual";
  }

  /** Records one credit. */
  credit(
    person: Pick<Person, "id" | "name">,
    villageCode: string,
    day: Day,
    amount: number,
    account: PersonAccount,
  ): DistributionRecord {
    const record: DistributionRecord = {
      record_id: this.c.nextRecordId(),
      project_id: this.c.projectId,
      village_code: villageCode,
      person_id: person.id,
      amount,
      credited_on: day,
      account,
      name: person.name,
    };
    this.records.push(record);
    this.inProject.add(person.id);
    return record;
  }

  /** Credits `amounts.length` people of a village on one day. */
  wave(villageCode: string, day: Day, amounts: readonly number[]): void {
    for (const amount of amounts) {
      const person = this.person(day);
      this.credit(person, villageCode, day, amount, this.accountFor(person, day));
    }
  }
}

/** The last day a credit still falls in the quota's year (seed 003), with a margin against calendar edge cases. */
export function quotaYearEnd(compensationPaid: Day): Day {
  return addYears(compensationPaid, 1) - 30;
}

/** Seed 001's bands of money per person (yuan): >= 9000, 6000-9000, 3000-6000, < 3000. */
export const PERSON_BANDS = ["9000_plus", "6000_9000", "3000_6000", "under_3000"] as const;
/** Seed 001's shares of the 2.0889 million people in those bands. */
export const SEED_BAND_SHARES = [0.0327, 0.1047, 0.0477, 0.815] as const;

/** The band of an amount in fen. */
export function bandOf(fen: number): number {
  return fen >= 9000_00 ? 0 : fen >= 6000_00 ? 1 : fen >= 3000_00 ? 2 : 3;
}

/**
 * Keeps the people credited in each band near seed 001's shares: of a few randomly drawn candidate
 * styles for a project, takes the one that brings the running shares closest to the seed's. With
 * hundreds of projects the shares then hold at every scale, not only on average.
 */
export class BandSteer {
  private readonly people = PERSON_BANDS.map(() => 0);

  /** Records `count` people credited `perPerson` fen each. */
  add(perPerson: number, count: number): void {
    this.people[bandOf(perPerson)] += count;
  }

  /** The index of the candidate (per-person fen and people) that best keeps the shares. */
  choose(candidates: readonly { perPerson: number; people: number }[]): number {
    let best = 0;
    let bestScore = Infinity;
    candidates.forEach((c, i) => {
      const counts = this.people.slice();
      counts[bandOf(c.perPerson)] += c.people;
      const total = counts.reduce((a, b) => a + b, 0);
      const score = counts.reduce((s, n, b) => s + (n / total - SEED_BAND_SHARES[b]) ** 2, 0);
      if (score < bestScore) {
        bestScore = score;
        best = i;
      }
    });
    return best;
  }
}
