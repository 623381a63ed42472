// Which file holds a project's page data. The project page (src/project.md) fetches one shard, chosen from
// the project id alone, so the site needs no index of 40,000 (or 400,000) ids: the build and the page share
// this function. Ids may hold any character (粤府土〔2020〕123号, slashes): they choose a shard number and
// never appear in a file name.

/**
 * FNV-1a (32 bits) of the UTF-8 bytes of a text: the same number in Node and in every browser.
 * @param {string} text
 * @returns {number} an unsigned 32-bit integer
 * @example fnv1a("") === 2166136261 && fnv1a("a") === 0xe40c292c
 */
export function fnv1a(text) {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The shard (0 .. shards − 1) of a project id.
 * @param {string} projectId
 * @param {number} shards how many shards the build wrote (project-index.json)
 * @example shardOf("4401032010001", 1) === 0
 */
export function shardOf(projectId, shards) {
  return fnv1a(projectId) % shards;
}

/**
 * The file name of a shard, relative to the shards' folder: a number, zero-padded to the width of the
 * largest, so that a listing sorts.
 * @param {number} shard
 * @param {number} shards
 * @example shardFile(7, 400) === "007.json.gz"
 */
export function shardFile(shard, shards) {
  return `${String(shard).padStart(String(Math.max(0, shards - 1)).length, "0")}.json.gz`;
}

/**
 * The file name of a county's or a city's page data, relative to its folder (loaders/site/places.ts
 * writes it, src/components/places.js fetches it). Codes are digits (docs/data.md).
 * @param {string} code
 * @example placeFile("440103") === "440103.json.gz"
 */
export function placeFile(code) {
  return `${code}.json.gz`;
}

/** How many raw JSON bytes a shard is meant to hold (gzip makes it about a quarter of that). */
export const SHARD_TARGET_BYTES = 200_000;
