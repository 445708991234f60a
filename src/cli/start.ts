import { isMainThread, Worker } from "worker_threads";

/**
 * Starting the CLI: this thread only starts the one that computes, so that
 * the formula engine and the tables load once, in the worker (src/cli/main.ts).
 *
 * The worker: a formula engine parses and evaluates nested formulas
 * recursively; Excel allows formulas of 8,192 characters with deep nesting,
 * which overflow the main thread's default stack of about 1 MB. A worker thread
 * gets a stack of its own size and its own heap limits (Node.js,
 * worker_threads, resourceLimits). The heap is capped so that recalc stays near
 * 2 GB for a workbook of a million formula cells (bench/pipeline.js); beyond it
 * the worker ends with ERR_WORKER_OUT_OF_MEMORY, reported as unusable input.
 * The young generation is large because building the formula engine makes
 * many short-lived objects that would otherwise crowd the capped old generation.
 */
export const WORKER_LIMITS = { stackSizeMb: 256, maxOldGenerationSizeMb: 1600, maxYoungGenerationSizeMb: 192 };

/**
 * The longest a run may compute. A small file can ask for an enormous amount
 * of work (whole-column SUMIFs in many cells); a million formula cells take
 * about 1,5 minutes here (bench/pipeline.js), so 15 minutes leaves room.
 */
export const TIME_LIMIT_S = 900;

/** The CLI on this process's arguments and streams; the exit status follows the worker's result. */
export function main(): void {
  if (!isMainThread) return;
  const worker = new Worker(require.resolve("./main"), { argv: process.argv.slice(2), workerData: { honorarCli: true }, resourceLimits: WORKER_LIMITS, stdin: false, stdout: false, stderr: false });
  let code: number | undefined;
  let closed = false;
  // A reader that stops early (honorar … | head) closes the pipe: that ends the run quietly, not with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE") throw e;
      closed = true;
      void worker.terminate();
    });
  }
  worker.on("message", (m: { exit?: number }) => {
    if (typeof m.exit === "number") code = m.exit;
  });
  worker.on("error", (e: Error & { code?: string }) => {
    if (e.code === "ERR_WORKER_OUT_OF_MEMORY") {
      // diff holds one version's results while it computes the other: its limit comes sooner than recalc's.
      const what = process.argv[2] === "diff" ? "die Arbeitsmappen sind zu groß für honorar diff" : "die Arbeitsmappe ist zu groß für honorar recalc";
      process.stderr.write(`Der Arbeitsspeicher reicht nicht (Grenze ${WORKER_LIMITS.maxOldGenerationSizeMb.toLocaleString("de-DE")} MB); ${what}.\n`);
      code = 2;
    } else {
      process.stderr.write(`Interner Fehler: ${e.message}\n`);
      code = 3;
    }
  });
  // Cut off by a closed pipe before the result was known: 141 as a shell reports SIGPIPE (128 + 13), never a verdict.
  const timer = setTimeout(() => {
    process.stderr.write(`Rechenzeit über ${TIME_LIMIT_S / 60} Minuten; abgebrochen. Die Arbeitsmappe verlangt mehr, als honorar recalc rechnet.\n`);
    code = 2;
    void worker.terminate();
  }, TIME_LIMIT_S * 1000);
  timer.unref();
  worker.on("exit", () => (process.exitCode = code ?? (closed ? 141 : 3)));
}

if (require.main === module) main();
