// Thin loader: place-index.json (the folder and version of the county and city pages' data files) as
// `npm run build` prepared it (loaders/site/pages/counties.ts).
import { readFileSync } from "node:fs";
import { siteDataFile } from "./siteData.ts";

process.stdout.write(readFileSync(siteDataFile("place-index.json")));
