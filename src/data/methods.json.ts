// Thin loader: methods.json as `npm run build` prepared it (loaders/site/pages/methods.ts).
import { readFileSync } from "node:fs";
import { siteDataFile } from "./siteData.ts";

process.stdout.write(readFileSync(siteDataFile("methods.json")));
