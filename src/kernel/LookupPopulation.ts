// The path lookups of every running workload — not simulated one by one, but an aggregated Poisson
// population of rate λ (backgroundLookupsPerCpu × busy CPUs, plus containerLookups per started
// container). Exponential gaps are memoryless, so the population is sampled only when a mount_lock
// writer closes its window W:
//  - the readers that arrived during W spin until it closes (CPU time λW²/2 on average) and each
//    re-fetches the line afterwards; on a mesh every re-fetch is a request at the line's home, on a
//    chiplet the CCX coalesces them (one per CCX with a spinner). Those requests occupy the line's
//    serialization point, so the next writer's RFO queues behind them (the coherence effect);
//  - the readers in the middle of their lookup when W opened (λ·pathLookup of them) fail their
//    sequence check and fall back to ref-walk; in __legitimize_mnt each takes lock_mount_hash() — a
//    write — if the count moves again within legitimizeWindow, i.e. with probability
//    1 − exp(−writeRate × legitimizeWindow) from the recent write rate (readers turned writers).

import { type Ps, PS_PER_S } from '../core/index.ts';
import type { Environment } from '../engine/index.ts';
import { DecayedRate } from '../metrics/index.ts';
import type { RandomStream } from '../random/index.ts';
import type { SeqLock, SyncContext, SyncThread } from '../sync/index.ts';
import type { KernelCounters } from './KernelCounters.ts';
import type { KernelParams } from './KernelParams.ts';

/**
 * Time constant of the recent mount_lock write rate: long against the gaps between writes under load
 * (1–10 µs), short against a container start (ms). A modelling choice, not a kernel parameter.
 */
const WRITE_RATE_TAU_PS = 50_000_000;

/**
 * Lock identities of the CPUs whose lookups turn into writers: above any scheduled thread's id, below
 * the 32,767 that a qspinlock's tail can encode.
 */
const BACKGROUND_SYNC_ID_BASE = 30_000;

/** Above this mean a Poisson count is drawn from its normal approximation (the product method costs O(mean)). */
const POISSON_NORMAL_ABOVE = 30;

export class LookupPopulation {
  private readonly env: Environment;
  private readonly params: KernelParams;
  private readonly mountLock: SeqLock;
  private readonly stream: RandomStream;
  private readonly counters: KernelCounters;
  /** One L3 hit: a spinner's re-fetch once the line is back in the L3 (the first is a transfer). */
  private readonly l3HitPs: Ps;
  /** The mean transfer latency: the first re-fetch after a write. */
  private readonly transferPs: Ps;
  private readonly chiplet: boolean;
  private readonly l3Domains: number;
  private lambdaPerPs: number;
  /** CPUs whose work issues the aggregated lookups: the background's, then one per started container. */
  private lookupCpus: number;
  /** Recent rate of mount_lock writes (per ps), for the chance that the count moves within legitimizeWindow. */
  private readonly writeRate = new DecayedRate(WRITE_RATE_TAU_PS);
  /** One lock identity per CPU that may issue lookups: the background's first, then the rest. */
  private readonly threads: SyncThread[];
  /** Whether the CPU of `threads[i]` is inside a legitimize write now. */
  private readonly busy: Uint8Array;

  constructor(
    ctx: SyncContext,
    params: KernelParams,
    mountLock: SeqLock,
    stream: RandomStream,
    counters: KernelCounters,
    transferPs: Ps,
  ) {
    this.env = ctx.env;
    this.params = params;
    this.mountLock = mountLock;
    this.stream = stream;
    this.counters = counters;
    this.transferPs = transferPs;
    this.l3HitPs = ctx.fabric.params.l3HitPs;
    this.chiplet = ctx.fabric.params.interconnect === 'chiplet';
    this.l3Domains = ctx.topology.l3Domains;
    const online = ctx.topology.onlineCpus();
    const busy = Math.max(0, Math.round(online.length * params.backgroundLoad));
    const bgCpus = online
      .filter((_, i) => i % Math.max(1, Math.round(online.length / Math.max(1, busy))) === 0)
      .slice(0, busy);
    this.lambdaPerPs = (params.backgroundLookupsPerCpu * busy) / PS_PER_S;
    this.lookupCpus = bgCpus.length;
    const order = [...bgCpus, ...online.filter((c) => !bgCpus.includes(c))];
    this.threads = order.map((cpu, i) => ({ id: BACKGROUND_SYNC_ID_BASE + i, cpu, name: `legitimize_mnt@${cpu}` }));
    this.busy = new Uint8Array(this.threads.length);
  }

  /**
   * A started container's workload joins the population: `perSecond` more path lookups per second,
   * issued from one more CPU (until every online CPU issues some).
   */
  addSource(perSecond: number): void {
    this.lambdaPerPs += perSecond / PS_PER_S;
    if (this.lookupCpus < this.threads.length) this.lookupCpus++;
  }

  /**
   * A mount_lock write window [opened, now] closed: the population's spin time, the line traffic of
   * their re-fetches, the lookups that were in flight and fall back, and the writers some become.
   */
  windowClosed(opened: Ps): void {
    const now = this.env.now;
    const w = now - opened;
    // Recent write rate (a decaying count, unbiased for Poisson writes) for the legitimize probability.
    this.writeRate.event(now);
    if (this.lambdaPerPs <= 0) return;
    const expected = this.lambdaPerPs * w;
    const spinners = Math.min(this.lookupCpus, this.poisson(expected));
    if (spinners > 0) {
      this.counters.backgroundLookupsSpun += spinners;
      // Arrivals uniform in the window: each spins from its arrival to the end.
      this.counters.backgroundSpinPs += (spinners * w) / 2;
      // Their re-fetches after the count turns even: one request per spinner on a mesh, one per
      // CCX holding spinners on a chiplet; each served in an L3 hit's time, the first a transfer.
      const requests = this.chiplet ? this.distinctDomains(spinners) : spinners;
      const service = this.l3HitPs * Math.max(0, requests - 1) + (requests > 0 ? this.transferPs : 0);
      this.mountLock.countLine.occupyHome(now, service, requests);
    }
    // Lookups in flight when the window opened fail their check and fall back to ref-walk.
    const inFlight = this.poisson(this.lambdaPerPs * this.params.pathLookup);
    if (inFlight > 0) {
      this.counters.backgroundRetries += inFlight;
      const p = 1 - Math.exp(-this.writeRate.valueAt(now) * this.params.legitimizeWindow);
      let writers = 0;
      for (let i = 0; i < inFlight; i++) if (this.stream.next() < p) writers++;
      for (let i = 0; i < writers; i++) this.legitimizeWrite();
    }
  }

  /** A background lookup in __legitimize_mnt takes lock_mount_hash(): a short write by a CPU we do not schedule. */
  private legitimizeWrite(): void {
    const n = this.lookupCpus;
    if (n === 0) return;
    let i = Math.floor(this.stream.next() * n);
    for (let tries = 0; tries < n && this.busy[i] === 1; tries++) i = (i + 1) % n;
    if (this.busy[i] === 1) return; // every background CPU is already inside one
    this.busy[i] = 1;
    const thread = this.threads[i] as SyncThread;
    this.counters.legitimizeWrites++;
    const hold = this.params.legitimizeHold;
    this.mountLock.acquire(thread, () => {
      const opened = this.env.now;
      this.env.callWith(
        hold,
        () => {
          this.windowClosed(opened);
          this.mountLock.release(thread, () => undefined);
          this.counters.mountLockWrites++;
          this.busy[i] = 0;
        },
        null,
      );
    });
  }

  /** Expected L3 domains (CCXs) holding at least one of `k` spinners spread uniformly. */
  private distinctDomains(k: number): number {
    const d = this.l3Domains;
    return Math.min(k, Math.max(1, Math.round(d * (1 - (1 - 1 / d) ** k))));
  }

  private poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > POISSON_NORMAL_ABOVE) return Math.max(0, Math.round(this.stream.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let n = 0;
    let p = this.stream.next();
    while (p > limit) {
      n++;
      p *= this.stream.next();
    }
    return n;
  }
}
