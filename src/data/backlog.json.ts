// Thin loader: the prepared backlog.json (see loaders/site/build.ts).
import { siteFile } from "../../loaders/site/build.ts";

process.stdout.write(await siteFile("backlog.json"));
