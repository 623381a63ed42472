// Thin loader: findings.json as `npm run build` prepared it (loaders/site/pages/findings.ts).
import { readFileSync } from "node:fs";
import { siteDataFile } from "./siteData.ts";

process.stdout.write(readFileSync(siteDataFile("findings.json")));
