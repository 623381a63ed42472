// Thin loader: the prepared headcount.json (see loaders/site/build.ts).
import { siteFile } from "../../loaders/site/build.ts";

process.stdout.write(await siteFile("headcount.json"));
