// Thin loader: one JSON per county in a zip, so each county page loads only its own member.
import { zipFolder } from "./siteData.ts";

process.stdout.write(await zipFolder("county"));
