// Thin loader: the prepared methods.json (see loaders/site/build.ts).
import { siteFile } from "../../loaders/site/build.ts";

process.stdout.write(await siteFile("methods.json"));
