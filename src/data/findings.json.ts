// Thin loader: the prepared findings.json (see loaders/site/build.ts).
import { siteFile } from "../../loaders/site/build.ts";

process.stdout.write(await siteFile("findings.json"));
