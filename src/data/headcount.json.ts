// Thin loader: headcount.json as `npm run build` prepared it (loaders/site/pages/headcount.ts).
import { readFileSync } from "node:fs";
import { siteDataFile } from "./siteData.ts";

process.stdout.write(readFileSync(siteDataFile("headcount.json")));
