// Thin loader: backlog-held.json as `npm run build` prepared it (loaders/site/pages/backlog.ts).
import { readFileSync } from "node:fs";
import { siteDataFile } from "./siteData.ts";

process.stdout.write(readFileSync(siteDataFile("backlog-held.json")));
