// A c-server FIFO station built on the engine, for checking the engine against queueing theory.
// Customers arrive with `arrive()`, which returns a signal that succeeds when their service ends.
// The station integrates the number in queue and in system over time (for L, Lq and the stationary
// distribution) and records each customer's wait and sojourn (for W, Wq and batch means).

import type { Environment, ProcessBody, Signal } from '../../src/engine/index.ts';
import type { Distribution, RandomStream } from '../../src/random/index.ts';

interface Job {
  readonly arrivedPs: number;
  readonly done: Signal<undefined>;
}

export class FifoStation {
  /** Waits in queue (ps) of customers whose service started after `warmupPs`. */
  readonly waits: number[] = [];
  /** Sojourn times (ps) of customers who arrived after `warmupPs`, recorded at departure. */
  readonly sojourns: number[] = [];
  /** Time (ps) spent with exactly n customers in the system, after the warm-up. */
  readonly timeAtCount: number[] = [];
  arrivals = 0;
  /** Customers that found every server busy (after the warm-up). */
  delayedArrivals = 0;
  private readonly queue: Job[] = [];
  private queueHead = 0;
  private readonly idle: Signal<undefined>[] = [];
  private inService = 0;
  private areaQueue = 0;
  private areaSystem = 0;
  private lastChangePs: number;

  constructor(
    private readonly env: Environment,
    servers: number,
    private readonly service: Distribution,
    private readonly stream: RandomStream,
    readonly warmupPs = 0,
  ) {
    this.lastChangePs = warmupPs;
    for (let i = 0; i < servers; i++) env.process(this.server(), `server-${i}`);
  }

  get inQueue(): number {
    return this.queue.length - this.queueHead;
  }

  get inSystem(): number {
    return this.inQueue + this.inService;
  }

  /** A customer arrives now; the signal succeeds when its service completes. */
  arrive(): Signal<undefined> {
    this.account();
    const job: Job = { arrivedPs: this.env.now, done: this.env.signal<undefined>('departure') };
    if (this.env.now >= this.warmupPs) {
      this.arrivals++;
      if (this.idle.length === 0) this.delayedArrivals++;
    }
    this.queue.push(job);
    const server = this.idle.shift();
    if (server !== undefined) server.succeed(undefined);
    return job.done;
  }

  /** Closes the time integrals at the current time. Call once the run has ended. */
  finish(): void {
    this.account();
  }

  /** Time-average number in queue since the warm-up. */
  meanInQueue(): number {
    return this.areaQueue / (this.env.now - this.warmupPs);
  }

  /** Time-average number in system since the warm-up. */
  meanInSystem(): number {
    return this.areaSystem / (this.env.now - this.warmupPs);
  }

  private *server(): ProcessBody {
    while (true) {
      if (this.inQueue === 0) {
        const wake = this.env.signal<undefined>('idle');
        this.idle.push(wake);
        yield wake;
      }
      this.account();
      const job = this.queue[this.queueHead++] as Job;
      if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
        this.queue.splice(0, this.queueHead);
        this.queueHead = 0;
      }
      this.inService++;
      if (this.env.now >= this.warmupPs) this.waits.push(this.env.now - job.arrivedPs);
      yield Math.round(this.service.sample(this.stream));
      this.account();
      this.inService--;
      if (job.arrivedPs >= this.warmupPs) this.sojourns.push(this.env.now - job.arrivedPs);
      job.done.succeed(undefined);
    }
  }

  /** Adds the time since the last change to the integrals (only after the warm-up). */
  private account(): void {
    const now = this.env.now;
    if (now <= this.warmupPs) return;
    const from = Math.max(this.lastChangePs, this.warmupPs);
    const span = now - from;
    if (span > 0) {
      const n = this.inSystem;
      this.areaQueue += span * this.inQueue;
      this.areaSystem += span * n;
      while (this.timeAtCount.length <= n) this.timeAtCount.push(0);
      this.timeAtCount[n] = (this.timeAtCount[n] ?? 0) + span;
    }
    this.lastChangePs = now;
  }
}

/** Mean and standard error of the mean by the method of batch means (for correlated samples). */
export function batchMeans(samples: readonly number[], batches = 20): { mean: number; standardError: number } {
  const size = Math.floor(samples.length / batches);
  if (size === 0) throw new Error(`need at least ${batches} samples, got ${samples.length}`);
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    let sum = 0;
    for (let i = b * size; i < (b + 1) * size; i++) sum += samples[i] as number;
    means.push(sum / size);
  }
  const mean = means.reduce((a, v) => a + v, 0) / batches;
  const variance = means.reduce((a, v) => a + (v - mean) ** 2, 0) / (batches - 1);
  return { mean, standardError: Math.sqrt(variance / batches) };
}
