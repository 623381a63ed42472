// Thin loader: stock.json as `npm run build` prepared it (loaders/site/pages/stock.ts).
import { readFileSync } from "node:fs";
import { siteDataFile } from "./siteData.ts";

process.stdout.write(readFileSync(siteDataFile("stock.json")));
