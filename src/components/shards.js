// Fetching one shard of the data too large for one file (loaders/site/shards.ts writes them; common/shard.js
// says which shard holds a key): the project pages' data and the search page's person index.
import { shardFile, shardOf } from "@xianbao/common/shard.js";

/**
 * The text of a fetched shard: gzip bytes decompressed in the browser, or, when a server already decoded
 * them (one that sends .gz files with Content-Encoding: gzip), the JSON as it came.
 * @param {Uint8Array} bytes
 * @returns {Promise<string>}
 */
export async function shardText(bytes) {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes);
  const stream = new Blob([/** @type {BlobPart} */ (bytes)])
    .stream()
    .pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text();
}

/**
 * The shard that holds a key, parsed.
 * @param {{shards: number, folder: string, version: string}} info from the page's index file
 * @param {string} key a project id, an ID's last four characters
 * @param {string} [root] the way from the page to the site's root
 * @returns {Promise<any>}
 */
export async function fetchShard(info, key, root = ".") {
  return fetchData(info, shardFile(shardOf(key, info.shards), info.shards), root);
}

/**
 * One gzip JSON file of a folder the build put beside the site, parsed; the version in its address keeps
 * a browser from showing a file cached from an older build.
 * @param {{folder: string, version: string}} info from the page's index file
 * @param {string} file the file's name in the folder
 * @param {string} root the way from the page to the site's root
 * @returns {Promise<any>}
 */
export async function fetchData(info, file, root) {
  const response = await fetch(`${root}/${info.folder}/${file}?v=${info.version}`);
  if (!response.ok) throw new Error(`数据文件 ${info.folder}/${file} 无法读取 (HTTP ${response.status})`);
  return JSON.parse(await shardText(new Uint8Array(await response.arrayBuffer())));
}
