#!/usr/bin/env node
// The xianbao command: the TypeScript pipeline run through tsx's loader (no build step to forget).
import { register } from "tsx/esm/api";

register();
// Ctrl-C or a kill removes the half-written files of the run (loaders/cleanup.ts).
const { installInterruptCleanup } = await import("../loaders/cleanup.ts");
installInterruptCleanup();
const { main } = await import("../loaders/cli.ts");
process.exitCode = await main(process.argv);
