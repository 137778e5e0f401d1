/**
 * Long computations in steps. A core computation written as a generator (`analyzeDocumentSteps`)
 * pauses at points where stopping is cheap; a `SteppedJob` runs it for a time budget at a time, so
 * an editor's event loop stays free between slices, and can be finished at once when a result is
 * needed now (a hover on the document being analysed) or dropped when the input changed.
 */
/** Runs a stepwise computation to its end, at once. */
export function finish<T>(steps: Generator<unknown, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** How long one slice may hold an editor's event loop, ms (the editor's background checks use it). */
export const SLICE_MS = 12;

export class SteppedJob<T> {
  private result: { value: T } | undefined;
  /** Longest slice so far, in ms (what the editor was held for). */
  longestSliceMs = 0;
  slices = 0;

  constructor(
    private readonly steps: Generator<unknown, T, void>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get done(): boolean {
    return this.result !== undefined;
  }

  /** Runs steps until `budgetMs` has passed (at least one step); true when the computation has ended. */
  runFor(budgetMs: number): boolean {
    if (this.result) return true;
    const start = this.now();
    try {
      for (;;) {
        const r = this.steps.next();
        if (r.done) {
          this.result = { value: r.value };
          return true;
        }
        if (this.now() - start >= budgetMs) return false;
      }
    } finally {
      this.slices++;
      this.longestSliceMs = Math.max(this.longestSliceMs, this.now() - start);
    }
  }

  /** Runs the remaining steps now and returns the result. */
  finish(): T {
    while (!this.runFor(Infinity));
    return this.result!.value;
  }
}

export interface SliceOptions {
  /** Time per slice, ms. */
  sliceMs: number;
  /** Waits for the next turn of the event loop (`setImmediate`). */
  pause: () => Promise<void>;
  /** Checked before every slice: a changed input drops the job. */
  cancelled: () => boolean;
}

/** Runs a job in slices with pauses between them; undefined when it was cancelled first. */
export async function runInSlices<T>(job: SteppedJob<T>, options: SliceOptions): Promise<T | undefined> {
  for (;;) {
    // finished by someone who needed the result at once: the result stands even if it is dropped now
    if (job.done) return job.finish();
    if (options.cancelled()) return undefined;
    if (job.runFor(options.sliceMs)) return job.finish();
    await options.pause();
  }
}
