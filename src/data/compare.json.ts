// Thin loader: compare.json as `npm run build` prepared it (loaders/site/pages/compare.ts).
import { readFileSync } from "node:fs";
import { siteDataFile } from "./siteData.ts";

process.stdout.write(readFileSync(siteDataFile("compare.json")));
