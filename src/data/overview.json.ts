// Thin loader: overview.json as `npm run build` prepared it (loaders/site/pages/overview.ts).
import { readFileSync } from "node:fs";
import { siteDataFile } from "./siteData.ts";

process.stdout.write(readFileSync(siteDataFile("overview.json")));
