// Thin loader: one JSON per county in a zip, so each county page loads only its own member.
import JSZip from "jszip";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { siteDataFile } from "./siteData.ts";

const dir = siteDataFile("county");
const zip = new JSZip();
for (const name of (await readdir(dir)).sort())
  zip.file(name, await readFile(join(dir, name)), { date: new Date(Date.UTC(2020, 0, 1)) });
process.stdout.write(await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
