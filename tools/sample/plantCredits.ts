/**
 * The planted crediting anomalies: a person credited twice in a project (F08), a child credited into an
 * individual account (F09), credits after the quota's year (F10).
 */
import { ProjectCredits, quotaYearEnd } from "./credits.ts";
import { addYears, isLeapDay, type Day } from "./dates.ts";
import type { ProjectPlan } from "./plan.ts";
import type { Random } from "./random.ts";
import type { VillageRecord } from "./records.ts";

/** Breaks one crediting rule on purpose (F08, F09, F10) for the planted scenarios. */
export function plantCreditAnomaly(
  plan: ProjectPlan,
  rng: Random,
  credits: ProjectCredits,
  villages: readonly VillageRecord[],
  compensation: (Day | null)[],
  asOf: Day,
  available: number,
  budget: number,
): void {
  const adults = () => credits.records.filter((d) => d.account === "individual");
  if (plan.scenario === "duplicate_credit") {
    for (const first of rng.sample(adults(), rng.int(1, 3))) {
      const i = villages.findIndex((v) => v.village_code === first.village_code);
      const limit = Math.min(asOf, compensation[i] === null ? asOf : quotaYearEnd(compensation[i]));
      const day = Math.min(first.credited_on + rng.int(20, 150), limit);
      if (day <= first.credited_on) continue;
      credits.credit(
        { id: first.person_id, name: first.name },
        first.village_code,
        day,
        first.amount,
        "individual",
      );
    }
  } else if (plan.scenario === "minor_individual") {
    for (const record of rng.sample(credits.records, rng.int(1, Math.min(3, credits.records.length)))) {
      const child = credits.people.create(record.credited_on - Math.round(rng.between(3, 14) * 365.25));
      record.person_id = child.id;
      record.name = child.name;
      record.account = "individual";
    }
  } else if (plan.scenario === "late_credit") {
    const withPeople = villages
      .map((v, i) => ({ v, i, n: credits.records.filter((d) => d.village_code === v.village_code).length }))
      .filter((x) => x.n > 0);
    if (withPeople.length === 0) return;
    const { v, i, n } = rng.pick(withPeople);
    let paid =
      compensation[i] ??
      Math.min(
        ...credits.records.filter((d) => d.village_code === v.village_code).map((d) => d.credited_on),
      ) - 5;
    if (isLeapDay(paid)) paid -= 1;
    compensation[i] = paid;
    const count = rng.int(1, Math.max(1, Math.min(4, Math.floor(n * 0.3))));
    const spare = available - budget;
    const each = Math.max(
      1,
      Math.floor(Math.min(budget / Math.max(1, credits.records.length), spare / count)),
    );
    const day = Math.min(addYears(paid, 1) + rng.int(20, 200), asOf);
    for (let k = 0; k < count; k++) {
      const person = credits.person(day);
      credits.credit(person, v.village_code, day, each, credits.accountFor(person, day));
    }
  }
}
