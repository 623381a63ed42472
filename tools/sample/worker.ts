/**
 * A worker thread of the national scale: generates the provinces it is sent, one at a time, into part
 * files, and reports progress and each province's tally.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { WorkerMessage, WorkerSetup } from "./parallel.ts";
import { generateProvince, type ProvinceJob } from "./province.ts";
import { SampleWriter } from "./write.ts";

const setup = workerData as WorkerSetup;
const port = parentPort;
if (!port) throw new Error("worker.ts runs only as a worker thread");

port.on("message", (message: { index: number; job: ProvinceJob }) => {
  void (async () => {
    const { ctx, out } = setup;
    const writer = new SampleWriter(out, ctx.format, ctx.clean, message.job.province);
    const tally = await generateProvince(message.job, ctx, {
      writer,
      rejects: null,
      ledger: null,
      onCounty: (projects) => port.postMessage({ type: "progress", projects } satisfies WorkerMessage),
    });
    const { files, rows } = await writer.finish();
    port.postMessage({ type: "result", index: message.index, tally, files, rows } satisfies WorkerMessage);
  })().catch((error: unknown) => {
    // Rethrown outside the promise so that the main thread's "error" handler sees it.
    setImmediate(() => {
      throw error;
    });
  });
});
