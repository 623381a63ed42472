// The county and city pages: one page each, published by the build under every county's (city's) code
// (loaders/site/places.ts); the page reads its code from its own address and fetches its data file.
import { placeFile } from "@xianbao/common/shard.js";
import { fetchData } from "./shards.js";

/**
 * The code in a county or city page's address.
 * @param {string} [pathname]
 * @example placeCode("/county/440103.html") === "440103"
 * @example placeCode("/site/city/4401") === "4401"
 */
export function placeCode(pathname = location.pathname) {
  const m = /([^/]+?)(?:\.html)?$/.exec(pathname);
  return m ? decodeURIComponent(m[1]) : "";
}

/**
 * A county's or a city's data, parsed.
 * @param {{folder: string, version: string}} info from place-index.json (county or city)
 * @param {string} code
 * @param {string} [root] the way from the page to the site's root
 * @returns {Promise<any>}
 */
export function fetchPlace(info, code, root = "..") {
  return fetchData(info, placeFile(encodeURIComponent(code)), root);
}
