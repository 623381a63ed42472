#!/usr/bin/env node
// The xianbao command: the TypeScript pipeline run through tsx's loader (no build step to forget).
import { register } from "tsx/esm/api";

register();
const { main } = await import("../loaders/cli.ts");
process.exitCode = await main(process.argv);
