// Where the Framework loaders of this folder read the prepared site data: the folder scripts/build-site.ts
// names in XIANBAO_SITE_FILES (src/ never imports the pipeline in loaders/).
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import JSZip from "jszip";

/** The path of one prepared site data file; a clear message when the site was not built with npm run build. */
export function siteDataFile(name: string): string {
  const dir = process.env.XIANBAO_SITE_FILES;
  if (!dir || !existsSync(join(dir, name)))
    throw new Error(
      `站点数据未准备: 请用 npm run build 构建站点 / site data not prepared (XIANBAO_SITE_FILES=${dir ?? ""}): build with npm run build`,
    );
  return join(dir, name);
}

/**
 * A prepared folder of JSON files as one zip (one member per county or city page, which loads only its
 * own), with fixed dates so that the same files give the same bytes.
 */
export async function zipFolder(name: string): Promise<Buffer> {
  const dir = siteDataFile(name);
  const zip = new JSZip();
  for (const file of (await readdir(dir)).sort())
    zip.file(file, await readFile(join(dir, file)), { date: new Date(Date.UTC(2020, 0, 1)) });
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}
