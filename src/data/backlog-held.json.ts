// Thin loader: the prepared backlog-held.json, every long-held project (see loaders/site/pages/backlog.ts).
import { siteFile } from "../../loaders/site/build.ts";

process.stdout.write(await siteFile("backlog-held.json"));
