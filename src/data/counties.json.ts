// Thin loader: counties.json as `npm run build` prepared it (loaders/site/pages/counties.ts).
import { readFileSync } from "node:fs";
import { siteDataFile } from "./siteData.ts";

process.stdout.write(readFileSync(siteDataFile("counties.json")));
