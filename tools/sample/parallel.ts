/**
 * Provinces generated in worker threads (the national scale): a queue of provinces, one worker per core
 * (at most four), each writing its own part files. The output does not depend on how many workers ran.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { TableName } from "../../loaders/contract.ts";
import type { JobContext, ProvinceJob } from "./province.ts";
import type { TallyData } from "./tally.ts";

/** Messages from a worker. */
export type WorkerMessage =
  | { type: "progress"; projects: number }
  | { type: "result"; index: number; tally: TallyData; files: string[]; rows: Record<TableName, number> };

/** What the worker receives at start. */
export interface WorkerSetup {
  ctx: JobContext;
  out: string;
}

export interface ProvinceOutput {
  tally: TallyData;
  files: string[];
  rows: Record<TableName, number>;
}

/** The worker thread, started through tsx's loader so that it can import TypeScript. */
function startWorker(setup: WorkerSetup): Worker {
  const loader = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const entry = JSON.stringify(new URL("./worker.ts", import.meta.url).href);
  return new Worker(`import(${loader}).then((m) => { m.register(); return import(${entry}); })`, {
    eval: true,
    workerData: setup,
  });
}

/** Runs the jobs on worker threads; resolves to their outputs in job order. */
export function runInWorkers(
  jobs: readonly ProvinceJob[],
  setup: WorkerSetup,
  onProjects: (projects: number) => void,
): Promise<ProvinceOutput[]> {
  const count = Math.max(1, Math.min(availableParallelism(), 4, jobs.length));
  const outputs: ProvinceOutput[] = new Array<ProvinceOutput>(jobs.length);
  // The biggest provinces first, so that no worker is left with a big one at the end.
  const size = (j: ProvinceJob) => j.counties.reduce((n, c) => n + c.projects.length, 0);
  const order = jobs.map((_, i) => i).sort((a, b) => size(jobs[b]) - size(jobs[a]) || a - b);
  let next = 0;
  let finished = 0;
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    const fail = (error: unknown) => {
      for (const w of workers) void w.terminate();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const feed = (worker: Worker) => {
      if (next < order.length) {
        worker.postMessage({ index: order[next], job: jobs[order[next]] });
        next++;
      } else void worker.terminate();
    };
    for (let i = 0; i < count; i++) {
      const worker = startWorker(setup);
      workers.push(worker);
      worker.on("error", fail);
      worker.on("message", (message: WorkerMessage) => {
        if (message.type === "progress") return onProjects(message.projects);
        outputs[message.index] = { tally: message.tally, files: message.files, rows: message.rows };
        if (++finished === jobs.length) resolve(outputs);
        feed(worker);
      });
      feed(worker);
    }
  });
}
