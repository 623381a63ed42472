// Where the Framework loaders of this folder read the prepared site data: the folder scripts/build-site.ts
// names in XIANBAO_SITE_FILES (src/ never imports the pipeline in loaders/).
import { existsSync } from "node:fs";
import { join } from "node:path";

/** The path of one prepared site data file; a clear message when the site was not built with npm run build. */
export function siteDataFile(name: string): string {
  const dir = process.env.XIANBAO_SITE_FILES;
  if (!dir || !existsSync(join(dir, name)))
    throw new Error(
      `站点数据未准备: 请用 npm run build 构建站点 / site data not prepared (XIANBAO_SITE_FILES=${dir ?? ""}): build with npm run build`,
    );
  return join(dir, name);
}
