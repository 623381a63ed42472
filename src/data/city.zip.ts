// Thin loader: one JSON per city in a zip, so each city page loads only its own member.
import { zipFolder } from "./siteData.ts";

process.stdout.write(await zipFolder("city"));
