// A container-start burst on one machine (DESIGN §1.5): C containers × L layers × P passes under a
// runtime strategy, arriving all at once, Poisson or ramped; systemd re-reading mountinfo on mount
// events; health probes with a timeout; the background's path lookups (aggregated in the kernel
// model) and, optionally, its CPU load. One kernel thread per starting container runs its syscalls;
// systemd and the prober have a thread each. The run ends when every start has completed (or at the
// horizon); then only systemd is followed until it has caught up.

import type { Ps } from '../core/index.ts';
import { MountSubsystem, schedParamsOf } from '../kernel/index.ts';
import { type BurstOutcome, fraction, seconds } from '../metrics/index.ts';
import type { RandomStream } from '../random/index.ts';
import { buildMachine, type Machine } from '../sched/index.ts';
import { type Arrival, type BurstOptions, checkBurstOptions } from './BurstOptions.ts';
import { BurstRecorder } from './BurstRecorder.ts';
import { checkBurstInvariants } from './checkBurstInvariants.ts';
import { containerStart, type StartContext } from './ContainerStart.ts';
import { ContainerWorkloads } from './ContainerWorkloads.ts';
import { HealthProber } from './HealthProber.ts';
import { reduceBurst } from './reduceBurst.ts';
import { strategyOf } from './RuntimeStrategy.ts';
import { Systemd } from './Systemd.ts';

/** The event queue's initial size for a burst (it grows as needed). */
const BURST_INITIAL_EVENTS = 4096;

/** When container `i` of `n` is due. */
function dueAt(arrival: Arrival, i: number, n: number, stream: RandomStream): Ps {
  if (arrival.kind === 'burst') return 0;
  if (arrival.kind === 'ramp') return Math.round((arrival.overPs * i) / n);
  return Math.round(stream.next() * arrival.overPs);
}

/** Runs one burst and reduces it to its outcome. */
export function runBurst(o: BurstOptions): BurstOutcome {
  checkBurstOptions(o);
  const m = buildMachine(o.machine, {
    smt: o.smt,
    seed: o.seed,
    sched: schedParamsOf(o.kernel),
    initialEvents: BURST_INITIAL_EVENTS,
  });
  const env = m.env;
  const kernel = new MountSubsystem(m, o.kernel, { mountinfoRuns: o.mountinfoRuns ?? true });
  const firstCpu = m.topology.onlineCpus()[0] as number;
  const recorder = new BurstRecorder(kernel.table.size);
  const workloads = new ContainerWorkloads(env, kernel.sched, kernel, m.streams.stream('workload'));
  if (o.kernel.backgroundCompetes) workloads.competeForCpus();
  const c: StartContext = {
    env,
    kernel,
    o,
    strategy: strategyOf(o.strategy),
    recorder,
    workloads,
    allStarted: env.signal('all starts done'),
  };
  const lastDue = scheduleStarts(c, m, firstCpu);
  const systemd = o.systemd.enabled
    ? new Systemd(env, kernel, kernel.thread('systemd', firstCpu), o.systemd.rateLimitPerSecond, recorder)
    : null;
  const prober = new HealthProber(env, kernel, kernel.thread('probe', firstCpu), o.probe, recorder);
  const stopped = o.stopAtFailure === undefined ? null : stopAtFailure(c, prober, lastDue, o.stopAtFailure);
  prober.start();
  if (o.checkInvariants === true) env.tracer = () => checkBurstInvariants(kernel);
  const cap = lastDue + o.horizonPs;
  env.schedule(cap, () => {
    if (!c.allStarted.triggered) c.allStarted.succeed();
  });
  env.run(c.allStarted);
  const end = env.now;
  // Only systemd is followed past the last start: its backlog is measured until it has caught up.
  prober.stop();
  workloads.stop();
  if (stopped?.by !== undefined) return { ...reduceBurst(o, m, kernel, recorder, end), stoppedAtFailure: stopped.by };
  return reduceAndDrain(o, m, kernel, recorder, end, () => systemd?.drain(cap));
}

/**
 * Ends the run at its first failure: a probe past its timeout, or — once the last start is past its
 * deadline — a success rate that can no longer reach the threshold. Returns what stopped it.
 */
function stopAtFailure(
  c: StartContext,
  prober: HealthProber,
  lastDue: Ps,
  s: { readonly threshold: number; readonly probeTimeouts: boolean },
): { by?: 'starts' | 'probes' } {
  const stopped: { by?: 'starts' | 'probes' } = {};
  const stop = (by: 'starts' | 'probes'): void => {
    if (c.allStarted.triggered) return;
    stopped.by = by;
    c.allStarted.succeed();
  };
  if (s.probeTimeouts) prober.onTimeout = () => stop('probes');
  c.env.schedule(lastDue + c.o.deadlinePs + 1, () => {
    if (c.recorder.startsSucceeded / c.o.containers < s.threshold) stop('starts');
  });
  return stopped;
}

/** Each container's kernel thread, and its start when it is due; returns when the last is due. */
function scheduleStarts(c: StartContext, m: Machine, firstCpu: number): Ps {
  const arrivals = m.streams.stream('arrivals');
  let lastDue = 0;
  for (let i = 0; i < c.o.containers; i++) {
    const due = dueAt(c.o.arrival, i, c.o.containers, arrivals);
    lastDue = Math.max(lastDue, due);
    const t = c.kernel.thread(`start-${i}`, firstCpu);
    c.env.schedule(due, () => {
      c.env.process(containerStart(c, t, c.env.now), t.name);
    });
  }
  return lastDue;
}

/** The outcome at the end of the starts; then the drain, which only the systemd backlog and the events include. */
function reduceAndDrain(
  o: BurstOptions,
  m: Machine,
  kernel: MountSubsystem,
  recorder: BurstRecorder,
  end: Ps,
  drain: () => void,
): BurstOutcome {
  const outcome = reduceBurst(o, m, kernel, recorder, end);
  drain();
  return {
    ...outcome,
    systemdBacklogSecondsMax: fraction(seconds(recorder.systemdBacklogMaxPs)),
    events: m.env.eventsProcessed,
  };
}
