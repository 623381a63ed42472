/**
 * The people of one county: valid 18-character citizen IDs (GB 11643) whose address code is the county,
 * unique within it, with a birth date and a name. Counties are generated one after another, so the
 * registry of used IDs never holds more than one county.
 */
import { checkCharacter } from "../../loaders/personId.ts";
import { addYears, compactOf, type Day } from "./dates.ts";
import { personName } from "./names.ts";
import type { Random } from "./random.ts";

export interface Person {
  id: string;
  birth: Day;
  name: string;
}

/** Whether a person is younger than `adultAge` on the day (docs/findings.md#f09, seed 004 art. 17). */
export function isMinorOn(person: Person, day: Day, adultAge: number): boolean {
  return day < addYears(person.birth, adultAge);
}

/** Creates and remembers the people of one county. */
export class CountyPeople {
  /** Birth day × 1000 + sequence of every ID given out (numbers: cheaper than strings by the million). */
  private readonly used = new Set<number>();
  /** Everyone created so far, for people credited in more than one project. */
  readonly everyone: Person[] = [];

  constructor(
    readonly countyCode: string,
    private readonly rng: Random,
  ) {}

  /** A new person born on the day, with a unique ID. */
  create(birth: Day): Person {
    let sequence = this.rng.int(0, 999);
    for (let tries = 0; this.used.has(birth * 1000 + sequence); tries++) {
      if (tries >= 1000) throw new Error(`no free ID sequence for ${this.countyCode}${compactOf(birth)}`);
      sequence = (sequence + 1) % 1000;
    }
    this.used.add(birth * 1000 + sequence);
    const first17 =
      this.countyCode + compactOf(birth) + (sequence < 10 ? "00" : sequence < 100 ? "0" : "") + sequence;
    const person = { id: first17 + checkCharacter(first17), birth, name: personName(this.rng) };
    this.everyone.push(person);
    return person;
  }
}
