/**
 * The sizes the sample comes in. `small` is for tests, `demo` is the embedded data set the site builds
 * from, `province` is Guangdong at full size (2.09 million people) and `national` every province.
 */

export type SampleScale = "small" | "demo" | "province" | "national";

export interface ScaleSpec {
  name: SampleScale;
  /** Which counties: one province, or a list of county codes. */
  select: { province?: string; codes?: readonly string[] };
  /** Projects in all (approval batches). */
  projects: number;
  /** Scales the virtual headcount of projects, hence the distributions per project. */
  peopleFactor: number;
  /** Planted projects per anomaly scenario: at least this many, or `designatedRate` of all projects. */
  designated: number;
  designatedRate: number;
  defaultFormat: "mixed" | "csv";
  /** One distributions file per city or per province. */
  splitBy: "city" | "province";
}

/** Two cities: Guangzhou (a central and an outer district) and Yangjiang (with 阳西县 of the Shenmao railway). */
export const SMALL_COUNTIES = ["440103", "440118", "441702", "441704", "441721", "441781"] as const;

export const SCALES: Readonly<Record<SampleScale, ScaleSpec>> = {
  small: {
    name: "small",
    select: { codes: SMALL_COUNTIES },
    projects: 200,
    peopleFactor: 2.3,
    designated: 3,
    designatedRate: 0,
    defaultFormat: "mixed",
    splitBy: "city",
  },
  demo: {
    name: "demo",
    select: { province: "44" },
    projects: 3000,
    peopleFactor: 2,
    designated: 12,
    designatedRate: 0,
    defaultFormat: "mixed",
    splitBy: "city",
  },
  province: {
    name: "province",
    select: { province: "44" },
    projects: 40_000,
    peopleFactor: 2.5,
    designated: 12,
    designatedRate: 0.0025,
    defaultFormat: "csv",
    splitBy: "city",
  },
  national: {
    name: "national",
    select: {},
    projects: 800_000,
    peopleFactor: 2.8,
    designated: 12,
    designatedRate: 0.002,
    defaultFormat: "csv",
    splitBy: "province",
  },
};

/** The spec of a scale name; throws on an unknown one. */
export function scaleSpec(name: string): ScaleSpec {
  const spec = (SCALES as Record<string, ScaleSpec | undefined>)[name];
  if (!spec) throw new Error(`unknown sample scale "${name}" (small, demo, province or national)`);
  return spec;
}
