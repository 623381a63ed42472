// `npm run build`: prepares the site data from the configured data directory (XIANBAO_DATA, default the
// embedded sample), clears Framework's loader cache (it does not know when data files change), then runs
// `observable build` into reports/site. `npm run preview` does the same, then serves the site.
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { siteDataDir, siteFiles } from "../loaders/site/build.ts";
import { publishProjects } from "../loaders/site/pages/projects.ts";

const mode = process.argv[2] === "preview" ? "preview" : "build";
const root = process.cwd();
const started = performance.now();
process.stderr.write(`数据 data: ${siteDataDir(root)}\n`);
const files = await siteFiles(root);
process.stderr.write(
  `站点数据 site data: ${files} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
);
await rm(join(root, "src", ".observablehq", "cache"), { recursive: true, force: true });
const args = mode === "build" ? ["build"] : ["preview", "--no-open", ...process.argv.slice(3)];
const child = spawn(join(root, "node_modules", ".bin", "observable"), args, {
  stdio: "inherit",
  env: { ...process.env, XIANBAO_SITE_FILES: files },
});
child.on("exit", async (code) => {
  const output = process.env.XIANBAO_SITE_OUTPUT ?? join(root, "reports", "site");
  if (mode === "build" && code === 0) await publishProjects(files, output);
  if (mode === "build" && code === 0)
    process.stderr.write(
      `报告 reports: ${process.env.XIANBAO_SITE_OUTPUT ?? join(root, "reports", "site")} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
    );
  process.exit(code ?? 1);
});
