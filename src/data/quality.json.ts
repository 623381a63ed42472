// Thin loader: quality.json as `npm run build` prepared it (loaders/site/pages/quality.ts).
import { readFileSync } from "node:fs";
import { siteDataFile } from "./siteData.ts";

process.stdout.write(readFileSync(siteDataFile("quality.json")));
