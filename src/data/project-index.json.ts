// Thin loader: project-index.json (how many project shards, their folder and version) as `npm run build`
// prepared it (loaders/site/pages/projects.ts).
import { readFileSync } from "node:fs";
import { siteDataFile } from "./siteData.ts";

process.stdout.write(readFileSync(siteDataFile("project-index.json")));
