// # Lock algorithms across the machines: where a ticket lock collapses and a queue lock does not
//
// A literate analysis (`npm run notebook -- lock-algorithms`): N threads on one lock — think,
// acquire, a short critical section, release — for ticket, MCS, qspinlock and CNA on each preset,
// with the Boyd-Wickizer et al. Markov model of ticket-lock collapse overlaid and the paper's own
// measurements beside it.

import { loadPreset, machineSpecOf } from '../src/hw/index.ts';
import { SCHEMA, type Spec } from '../src/report/index.ts';
import { descriptorOf, resolveParams, solveTicketMarkov } from '../src/sync/index.ts';
import { type LockbenchRow, runLockbench } from '../src/workload/index.ts';
import type { Notebook } from './lib/Notebook.ts';

export const title = 'Lock algorithms across the machines: ticket, MCS, qspinlock and CNA';

/** The validation suite's workload (docs/validation.md §B): 200 ns critical section, 4 µs mean think time. */
const CS_PS = 200_000;
const THINK_PS = 4_000_000;

const FULL = {
  machines: ['m7i.metal-24xl', 'r5.metal', 'm7a.24xlarge', '8x-opteron-6core'],
  locks: ['ticket', 'mcs', 'qspinlock', 'cna'],
  threads: [1, 2, 4, 6, 8, 12, 16, 24, 32, 48],
  durationPs: 8_000_000_000,
};
const QUICK = {
  machines: ['m7i.metal-24xl', '8x-opteron-6core'],
  locks: ['ticket', 'mcs'],
  threads: [1, 4, 16, 48],
  durationPs: 1_000_000_000,
};

/**
 * Boyd-Wickizer, Kaashoek, Morris, Zeldovich, "Non-scalable locks are dangerous" (Linux Symposium
 * 2012), their 48-core machine (4 × Opteron 6172): ticket-lock acquisitions per ms read off the
 * paper's figure (docs/validation.md §B).
 */
const PAPER_TICKET: readonly [number, number][] = [
  [2, 1510],
  [4, 1140],
  [6, 795],
  [10, 510],
  [24, 225],
  [42, 130],
  [48, 110],
];

function bench(machine: string, lock: string, threads: number, durationPs: number): LockbenchRow {
  const p = loadPreset(machine);
  return runLockbench({
    machine: machineSpecOf(p),
    lock,
    lockParams: resolveParams(descriptorOf(lock)!, {}, p.clockGHz.value),
    threads,
    smt: false,
    placement: 'compact',
    csPs: CS_PS,
    thinkPs: THINK_PS,
    thinkDistribution: 'exponential',
    durationPs,
    warmupPs: durationPs / 8,
    seed: 'notebook',
  });
}

const config = {
  font: 'DejaVu Sans',
  title: { fontSize: 15, anchor: 'start' },
  legend: { orient: 'bottom', labelLimit: 300 },
};

export default async function lockAlgorithms(nb: Notebook): Promise<void> {
  const size = nb.quick ? QUICK : FULL;
  nb.section('The question').text(`
    The mount subsystem's locks hand a cache line from CPU to CPU at every acquisition. How much a
    handoff costs, and how many CPUs touch the line per handoff, depends on the lock algorithm and on
    the machine: a ticket lock's waiters all re-read one line after each release, so its handoff grows
    with the waiters; a queue lock (MCS, qspinlock's queue, CNA) hands over one line to one waiter.
    Which machines expose the difference, and does the simulator reproduce the published collapse?

    **Workload:** ${size.threads.join(', ')} threads (one per core, SMT off, packed onto neighbouring
    cores), each thinking an exponential ${THINK_PS / 1e6} µs on average, then holding the lock for
    ${CS_PS / 1e3} ns; ${size.durationPs / 1e9} ms simulated per point, the first eighth not measured.
  `);
  const rows: { machine: string; lock: string; threads: number; perMs: number; row: LockbenchRow }[] = [];
  for (const machine of size.machines) {
    const online = loadPreset(machine).layout;
    const cores = online.sockets * online.coresPerSocket;
    for (const lock of size.locks)
      for (const threads of size.threads.filter((t) => t <= cores)) {
        const row = bench(machine, lock, threads, size.durationPs);
        rows.push({ machine, lock, threads, perMs: row.throughputPerSecond / 1000, row });
      }
  }
  // The Markov model on the same parameters: c, the home's time per request for the lock's line, is
  // the simulation's own at the highest thread count — an output of the line model, not a fit.
  const model: { machine: string; threads: number; perMs: number; c: number }[] = [];
  for (const machine of size.machines) {
    const ticket = rows.filter((r) => r.machine === machine && r.lock === 'ticket');
    const last = ticket.at(-1)?.row;
    if (last === undefined || last.lines.homeRequests === 0) continue;
    const c = last.lines.homeBusyNs / last.lines.homeRequests;
    for (const r of ticket) {
      const m = await solveTicketMarkov({ n: r.threads, a: THINK_PS / 1000, s: CS_PS / 1000, c });
      model.push({ machine, threads: r.threads, perMs: m.throughput * 1e6, c });
    }
  }

  nb.section('Throughput against threads');
  const values = [
    ...rows.map((r) => ({ machine: r.machine, series: r.lock, threads: r.threads, perMs: r.perMs, kind: 'simulated' })),
    ...model.map((m) => ({
      machine: m.machine,
      series: 'ticket: Markov model',
      threads: m.threads,
      perMs: m.perMs,
      kind: 'model',
    })),
  ];
  const spec: Spec = {
    $schema: SCHEMA,
    title: {
      text: 'Lock acquisitions per ms against threads',
      subtitle: [
        `${CS_PS / 1e3} ns critical section, ${THINK_PS / 1e6} µs think; dashed: the Boyd-Wickizer Markov model of the ticket lock`,
        'wide pale line: qspinlock (CNA is qspinlock with NUMA-aware queueing: on one socket the two coincide)',
      ],
    },
    config,
    data: { values },
    facet: { field: 'machine', type: 'nominal', title: null, sort: size.machines },
    columns: 2,
    spec: {
      width: 300,
      height: 200,
      mark: { type: 'line', point: { size: 30, filled: true } },
      encoding: {
        x: { field: 'threads', type: 'quantitative', title: 'threads (one per core)' },
        y: { field: 'perMs', type: 'quantitative', title: 'acquisitions per ms' },
        color: { field: 'series', type: 'nominal', title: 'lock' },
        shape: { field: 'series', type: 'nominal', title: 'lock' },
        strokeWidth: { condition: { test: "datum.series === 'qspinlock'", value: 6 }, value: 2 },
        opacity: { condition: { test: "datum.series === 'qspinlock'", value: 0.45 }, value: 1 },
        strokeDash: {
          field: 'kind',
          type: 'nominal',
          title: null,
          legend: null,
          scale: {
            domain: ['simulated', 'model'],
            range: [
              [1, 0],
              [5, 4],
            ],
          },
        },
        tooltip: [{ field: 'series' }, { field: 'threads' }, { field: 'perMs', format: '.0f' }],
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
  await nb.chart('throughput', spec, 'Acquisitions per ms against threads, a panel per machine.');
  nb.table({
    caption: 'Peak and 48-thread (or largest) throughput, acquisitions per ms',
    headers: ['machine', 'lock', 'peak', 'at threads', 'at the largest count', 'largest / peak'],
    rows: size.machines.flatMap((machine) =>
      size.locks.map((lock) => {
        const rs = rows.filter((r) => r.machine === machine && r.lock === lock);
        const peak = rs.reduce((b, r) => (r.perMs > b.perMs ? r : b), rs[0] as (typeof rs)[number]);
        const last = rs.at(-1) as (typeof rs)[number];
        return [
          machine,
          lock,
          peak.perMs.toFixed(0),
          peak.threads,
          `${last.perMs.toFixed(0)} (${last.threads})`,
          (last.perMs / peak.perMs).toFixed(2),
        ];
      }),
    ),
  });
  const collapse = size.machines.map((machine) => {
    const t = rows.filter((r) => r.machine === machine && r.lock === 'ticket');
    const q = rows.filter((r) => r.machine === machine && r.lock === 'mcs');
    const peak = Math.max(...t.map((r) => r.perMs));
    return {
      machine,
      ticket: (t.at(-1)?.perMs ?? 0) / peak,
      mcs: (q.at(-1)?.perMs ?? 0) / Math.max(...q.map((r) => r.perMs)),
      c: model.find((m) => m.machine === machine)?.c,
    };
  });
  nb.list(
    collapse.map(
      (c) =>
        `${c.machine}: the ticket lock keeps ${(100 * c.ticket).toFixed(0)}% of its peak at the largest thread count, MCS ${(100 * c.mcs).toFixed(0)}%${c.c === undefined ? '' : `; the home answers one request for the lock's line in ${c.c.toFixed(1)} ns there`}.`,
    ),
  );

  nb.section('Against the published collapse').text(`
    Boyd-Wickizer et al. measured a ticket lock on a 48-core machine of four Opteron 6172 packages
    (8 dies of 6 cores): acquisitions fell from 1,510 per ms at 2 cores to about 110 at 48. Their
    benchmark's critical section and think time are not ours, so the absolute numbers differ; the
    shape — how far the throughput falls from its peak as cores are added — is what the model must
    reproduce. Below: both relative to their own peak, on the preset of that machine.
  `);
  const opteron = rows.filter((r) => r.machine === '8x-opteron-6core' && r.lock === 'ticket');
  if (opteron.length > 0) {
    const simPeak = Math.max(...opteron.map((r) => r.perMs));
    const paperPeak = Math.max(...PAPER_TICKET.map(([, v]) => v));
    const shape: Spec = {
      $schema: SCHEMA,
      title: {
        text: 'Ticket-lock collapse: simulated vs published',
        subtitle: '8 × 6-core Opteron (the paper’s machine); each relative to its own peak',
      },
      config,
      width: 420,
      height: 240,
      data: {
        values: [
          ...opteron.map((r) => ({ source: 'lockcliff (simulated)', threads: r.threads, share: r.perMs / simPeak })),
          ...PAPER_TICKET.map(([threads, v]) => ({
            source: 'Boyd-Wickizer et al. 2012 (measured)',
            threads,
            share: v / paperPeak,
          })),
        ],
      },
      mark: { type: 'line', point: { size: 40, filled: true } },
      encoding: {
        x: { field: 'threads', type: 'quantitative', title: 'cores' },
        y: { field: 'share', type: 'quantitative', title: 'throughput / its peak', axis: { format: '%' } },
        color: { field: 'source', type: 'nominal', title: null },
        shape: { field: 'source', type: 'nominal', title: null },
      },
    };
    await nb.chart(
      'collapse-vs-paper',
      shape,
      'The simulated ticket lock on the Opteron preset and the paper’s measurements, each relative to its peak.',
    );
    const at48 = opteron.find((r) => r.threads === 48);
    const simPeakAt = opteron.find((r) => r.perMs === simPeak)?.threads;
    nb.text(`
      **At 48 cores** the simulated ticket lock keeps ${at48 === undefined ? '–' : `${((100 * at48.perMs) / simPeak).toFixed(0)}%`} of
      its peak; the paper's keeps ${((100 * 110) / paperPeak).toFixed(0)}%. The paper's benchmark
      saturates the lock from 2 cores on (its peak is at 2); this workload's ${THINK_PS / 1e6} µs think
      time saturates it at ${simPeakAt ?? '–'}. Past the peak both fall, the simulated one less steeply:
      the model's handoff on this preset is cheaper than the 2010 hardware's, or the paper's critical
      section touched more shared lines — a gap this page reports rather than tunes away. The
      validation suite (test/validation/locks.literature.spec.ts) checks the knee and the decline
      against the Markov model on fixed seeds; this page shows the same comparison on every preset.
    `);
  }
}
