// The few entry points of Observable Framework 1.13 (pinned in package.json) that the site build calls
// in-process: its package ships JavaScript only. See loaders/site/publish.ts.
declare module "@observablehq/framework/dist/config.js" {
  export interface Config {
    root: string;
    output: string;
  }
  export function readConfig(configPath?: string, root?: string): Promise<Config>;
  /** Fixes the time Framework reports for every file (its own tests use it for reproducible output). */
  export function setCurrentDate(date: Date | null): void;
}

declare module "@observablehq/framework/dist/build.js" {
  import type { Config } from "@observablehq/framework/dist/config.js";
  export class FileBuildEffects {
    constructor(outputRoot: string, cacheDir: string);
    outputRoot: string;
    prepare(): Promise<void>;
    copyFile(sourcePath: string, outputPath: string): Promise<void>;
    writeFile(outputPath: string, contents: string | Buffer): Promise<void>;
  }
  export function build(context: { config: Config }, effects?: FileBuildEffects): Promise<void>;
}
