/**
 * Work files removed if the process is interrupted (Ctrl-C, `kill`): a half-built warehouse or staging
 * folder holds copies of the data, full ID numbers included, and must not outlive an interrupted run.
 * Modules register what they create; only an entry point (the CLI, a script) installs the handlers, so a
 * library caller keeps its own signal behaviour. A SIGKILL cannot be caught: what it leaves is removed by
 * the next run (see warehouse.ts, atomic.ts).
 */
import { rmSync } from "node:fs";

const paths = new Set<string>();
let installed = false;

/** Removes `path` (file or folder) should the process be interrupted; call the result once it is gone. */
export function removeOnInterrupt(path: string): () => void {
  paths.add(path);
  return () => paths.delete(path);
}

/** What is registered now (for tests). */
export function pendingRemovals(): string[] {
  return [...paths];
}

/**
 * Installs SIGINT/SIGTERM/SIGHUP handlers that remove every registered path, then exit 128 + signal. A
 * closed standard output (`xianbao check data | head`) is taken as the SIGPIPE it is elsewhere: the same
 * removal and exit 141, without a word, instead of Node's unhandled EPIPE stack trace.
 */
export function installInterruptCleanup(): void {
  if (installed) return;
  installed = true;
  const removeAll = () => {
    for (const path of paths) rmSync(path, { recursive: true, force: true });
  };
  const numbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
  for (const signal of Object.keys(numbers) as NodeJS.Signals[])
    process.on(signal, () => {
      removeAll();
      process.stderr.write(
        `\n已中断, 已删除未完成的文件 / interrupted; unfinished files removed (${signal})\n`,
      );
      process.exit(128 + numbers[signal]);
    });
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    removeAll();
    process.exit(128 + 13);
  });
}
