// Thin loader: search.json as `npm run build` prepared it (loaders/site/pages/search.ts).
import { readFileSync } from "node:fs";
import { siteDataFile } from "./siteData.ts";

process.stdout.write(readFileSync(siteDataFile("search.json")));
