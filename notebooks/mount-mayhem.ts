// # The incident: why 100 container starts took a node down, on which machines, and what fixes it
//
// A literate analysis (`npm run notebook -- mount-mayhem`): each step below states what it asks, runs
// the simulations it needs, and puts what they say on the page (notebooks/out/mount-mayhem.html).

import { availableParallelism } from 'node:os';
import { runContext } from '../src/cli/runContext.ts';
import { nonLoadFields, runCliffSearch, type SweepResults, seriesKey } from '../src/experiment/index.ts';
import { machineFigures, storyReport, sweepCharts } from '../src/report/index.ts';
import { parseOverride } from '../src/scenario/index.ts';
import type { Notebook } from './lib/Notebook.ts';

export const title = 'The incident: 100 container starts, 50 layers, and the node falls off a cliff';

const SCENARIO = 'scenarios/mount-mayhem.yaml';

/** The machines of the incident and of the proposed migrations; the runtimes from containerd 2.0 to 2.3. */
const FULL = {
  machines: 'machine+smt=r5.metal+on,m7i.metal-24xl+on,m7i.metal-24xl+off,m7a.24xlarge+off',
  runtimes:
    'strategy+runtime.clonePropagation=per-layer-idmap+peer,per-layer-idmap+private,common-parent+peer,lowerdir-fd+peer',
  load: 'containers=10:310',
  seeds: 3,
  // fd-based lowerdirs need Linux ≥ 6.8; the kernel version changes nothing else in the model.
  set: ['kernel.version=6.8'],
};
/** Reduced size for CI: two machines, two runtimes, 20-layer images, a 0.4 s probe timeout (so that a cliff shows), one seed. */
const QUICK = {
  machines: 'machine+smt=r5.metal+on,m7a.24xlarge+off',
  runtimes: 'strategy+runtime.clonePropagation=per-layer-idmap+peer,per-layer-idmap+private',
  load: 'containers=10:90',
  seeds: 1,
  set: ['burst.layers=20', 'probes.timeout=0.4s', 'probes.period=1s'],
};

export default async function mountMayhem(nb: Notebook): Promise<void> {
  const size = nb.quick ? QUICK : FULL;
  nb.section('The question').text(`
    In 2026 a container platform lost nodes whenever about 100 containers started at once: each image
    had 50 layers, containerd mounted every layer idmapped, twice, and the node's health probes —
    reads of /proc/self/mountinfo — timed out. The questions a planner asks: at how many concurrent
    starts does each candidate machine fail, does SMT matter, and which runtime change moves the cliff?

    **Method:** for each machine and runtime, a cliff search (lockcliff cliff) brackets the smallest
    number of containers started at once that fails the node — a start past the 240 s deadline, or a
    health probe past its 30 s timeout — and bisects it, spending seeds where the outcome is uncertain.
    The runtimes: containerd ≤ 2.2 attaching each idmapped layer clone to the layers' peer group (the
    incident), containerd 2.3 making those clones private, containerd 2.2's common-parent fix (one
    idmapped mount per pass) and fd-based lowerdirs (Linux ≥ 6.8, no mount per layer).
  `);
  const vary = [size.machines, size.runtimes];
  const { results: raw, cliffs } = await runCliffSearch({
    scenario: SCENARIO,
    vary,
    load: size.load,
    seeds: size.seeds,
    confidence: 0.9,
    jobs: Math.min(nb.options.jobs, availableParallelism()),
    set: size.set,
    threshold: 0.99,
    probeTimeouts: true,
  });
  const options = {
    vary,
    set: size.set.map((s) => parseOverride(s)),
    seeds: size.seeds,
    threshold: 0.99,
    probeTimeouts: true,
    load: size.load,
    confidence: 0.9,
  };
  const results: SweepResults = { ...raw, context: runContext('cliff', SCENARIO, options, raw) };
  const charts = await nb.render(sweepCharts(results, cliffs));
  await nb.renderFigures(machineFigures(results.context));
  const story = storyReport(results, cliffs, charts, nb.assets);
  nb.include(story.sections.filter((s) => ['answer', 'machines', 'why'].includes(s.id)));

  // What moves the cliff: each runtime change against the incident's runtime, machine by machine.
  nb.section('What moves the cliff');
  const nonLoad = nonLoadFields(results);
  const cliffOf = new Map(cliffs.map((c) => [c.combination.series ?? '', c]));
  const seriesOf = new Map<string, { machine: string; runtime: string }>();
  for (const r of results.rows) {
    const series = seriesKey(r, nonLoad);
    const runtime = series.split(', ').slice(2).join(', ');
    seriesOf.set(series, { machine: series.split(', ').slice(0, 2).join(', '), runtime });
  }
  const machines = [...new Set([...seriesOf.values()].map((s) => s.machine))];
  const runtimes = [...new Set([...seriesOf.values()].map((s) => s.runtime))];
  const label = (machine: string, runtime: string): string => {
    const c = cliffOf.get(`${machine}, ${runtime}`);
    if (c === undefined) return '';
    return c.cliffContainers === null ? `none ≤ ${c.maxLoad}` : `${c.cliffContainers} (${c.failedBy.join('+')})`;
  };
  nb.table({
    caption: 'Cliff (containers started at once; failed by) per machine and runtime',
    headers: ['machine', ...runtimes],
    rows: machines.map((m) => [m, ...runtimes.map((r) => label(m, r))]),
  });
  const incident = runtimes[0] as string;
  const findings: string[] = [];
  const byMachine = machines
    .map((m) => ({ m, c: cliffOf.get(`${m}, ${incident}`)?.cliffContainers ?? null }))
    .filter((x): x is { m: string; c: number } => x.c !== null)
    .sort((a, b) => a.c - b.c);
  if (byMachine.length > 1)
    findings.push(
      `With the incident's runtime (${incident}) the machines order ${byMachine.map((x) => `${x.m} (${x.c})`).join(' ≤ ')}: what differs between them is how each prices the propagation walks (memory latency, cache per L3 domain) and the lock handoffs.`,
    );
  for (const r of runtimes.slice(1)) {
    const moved = machines.map((m) => ({
      m,
      base: cliffOf.get(`${m}, ${incident}`)?.cliffContainers ?? null,
      c: cliffOf.get(`${m}, ${r}`),
    }));
    if (moved.every((x) => x.c !== undefined && x.c.cliffContainers === null))
      findings.push(
        `${r} removes the cliff on every machine: none up to ${Math.min(...moved.map((x) => x.c?.maxLoad ?? 0))} containers.`,
      );
    else
      findings.push(
        `${r}: ${moved
          .map((x) =>
            x.c === undefined
              ? `${x.m}: –`
              : x.c.cliffContainers === null
                ? `${x.m}: none up to ${x.c.maxLoad}`
                : `${x.m}: ${x.base ?? '–'} → ${x.c.cliffContainers}`,
          )
          .join('; ')}.`,
      );
  }
  nb.list(findings);
  nb.text(`
    **Reading the answer:** the cliff is a node-health cliff first — the health probes, which read the
    whole host mount table, time out well before the starts reach their deadline; the per-layer
    attaches make the propagation tree (P peers × K slave namespaces) grow with every layer of every
    starting container, and every mount and umount walks it inside namespace_sem and mount_lock. A
    runtime that keeps its clones private (containerd 2.3) or mounts one idmapped parent per pass
    leaves P small, and the cliff goes out of range.

    **Assumptions:** the estimated parameters — the service namespaces (K without the starting
    containers), the walk's footprint and cache share, the init mounts — are listed with their ranges
    in docs/kernel.md; lockcliff sensitivity shows how far each moves the answer.
  `);
}
