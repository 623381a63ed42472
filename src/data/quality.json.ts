// Thin loader: the prepared quality.json (see loaders/site/build.ts).
import { siteFile } from "../../loaders/site/build.ts";

process.stdout.write(await siteFile("quality.json"));
