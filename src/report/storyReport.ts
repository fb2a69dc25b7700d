// The design-review page of a sweep or a cliff search, told as a story: the question and the answer
// (each series' cliff with its interval, or how close it comes), the machines (topology, latency
// classes, memory hierarchy), the workload, why (where the CPUs' and the locks' time went, the
// propagation walks), the assumptions (every field changed from its default, every estimated
// parameter with its range and source) and the command that makes the page again. One document,
// rendered to HTML or Markdown (ReportDoc).

import {
  type CliffResult,
  criterionOf,
  describeCriterion,
  nonLoadFields,
  type RunContext,
  type SweepResults,
  type SweepRow,
  seriesKey,
  seriesMeans,
  verdictOf,
} from '../experiment/index.ts';
import { closeness } from './cliffTable.ts';
import type { Block, ReportDoc, Section } from './ReportDoc.ts';
import { sharedLoad } from './sweepCharts.ts';
import { topologySvg } from './topologySvg.ts';

/** A chart as written beside the report. */
export interface WrittenChart {
  readonly name: string;
  /** The PNG's file name. */
  readonly file: string;
  readonly svg: string;
}

const secs = (x: number): string => `${x < 1 ? x.toFixed(2) : x.toFixed(1)} s`;
const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

function figure(charts: readonly WrittenChart[], name: string, caption: string): Block[] {
  const c = charts.find((x) => x.name === name);
  return c === undefined ? [] : [{ kind: 'figure', name, svg: c.svg, png: c.file, caption }];
}

const NOT_RECORDED: Block = {
  kind: 'p',
  text: 'Not recorded: these results were written by a lockcliff that did not record its context. Run the sweep or cliff search again to fill this section.',
};

function answer(results: SweepResults, cliffs: readonly CliffResult[], charts: readonly WrittenChart[]): Section {
  const criterion = describeCriterion(criterionOf(results));
  const withCliff = cliffs.filter((c) => c.cliffContainers !== null);
  const without = cliffs.filter((c) => c.cliffContainers === null);
  const earliest = [...withCliff].sort((a, b) => (a.cliffContainers as number) - (b.cliffContainers as number))[0];
  const latest = [...withCliff].sort((a, b) => (b.cliffContainers as number) - (a.cliffContainers as number))[0];
  const loads = results.rows.map((r) => r.outcome.containers);
  const blocks: Block[] = [
    {
      kind: 'p',
      text: `The question: how many containers started at once make the node fail, for each machine and runtime strategy? A run fails on: ${criterion}. Loads from ${Math.min(...loads)} to ${Math.max(...loads)} containers were run.`,
    },
  ];
  if (earliest !== undefined)
    blocks.push({
      kind: 'lead',
      lead: `The earliest cliff: ${earliest.cliffContainers} containers`,
      text: `— ${earliest.combination.series} (interval [${earliest.low ?? '?'}, ${earliest.high ?? '>'}], failed by ${earliest.failedBy.join(' and ') || 'the criterion'}).${latest !== undefined && latest !== earliest ? ` The latest: ${latest.cliffContainers} containers, ${latest.combination.series}.` : ''}`,
    });
  if (without.length > 0)
    blocks.push({
      kind: 'lead',
      lead: `No cliff up to ${Math.max(...without.map((c) => c.maxLoad))} containers:`,
      text: `${without.map((c) => c.combination.series).join('; ')}.`,
    });
  blocks.push({
    kind: 'table',
    table: {
      caption: 'The cliff of each series',
      headers: [
        'series',
        'cliff (containers)',
        'interval',
        'failed by',
        'how close, at the largest load that passed',
        'loads run',
      ],
      rows: cliffs.map((c) => {
        const series = c.combination.series ?? '';
        const passed = lastPassingLoad(results, series);
        const notes = [
          ...(c.search !== undefined && !c.search.monotone ? ['not monotone in the load'] : []),
          ...(c.search !== undefined && c.search.uncertain.length > 0
            ? [`undecided at ${c.search.uncertain.join(', ')}`]
            : []),
        ];
        return [
          series,
          c.cliffContainers === null ? `none ≤ ${c.maxLoad}` : c.cliffContainers,
          c.cliffContainers === null ? '' : `[${c.low ?? '?'},\u00a0${c.high ?? '>'}]`,
          c.failedBy.join('+'),
          `${passed === undefined ? 'no load passed' : closeness(results, series, passed)}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}`,
          c.search === undefined
            ? `${new Set(results.rows.filter((r) => seriesKey(r, nonLoadFields(results)) === series).map((r) => r.outcome.containers)).size} loads (grid)`
            : c.search.loads.map((l) => `${l.load}×${l.seeds}`).join(' '),
        ];
      }),
    },
  });
  blocks.push({
    kind: 'p',
    text: 'The interval is the range of loads the cliff lies in at the confidence asked (cliff search) or a 95% interval across seeds (grid). "How close" gives, at the largest load where every run passed, the mean p99 start, the slowest mountinfo read and health probe, and the peak size of the propagation tree (P peers of the layers’ mount, K slave mount namespaces). "loads run" lists load×seeds.',
  });
  blocks.push(
    ...figure(charts, 'cliff-success', 'Share of seeds that pass, per machine; dotted: each series’ cliff.'),
    ...figure(charts, 'cliff-p99', 'p99 start latency against the load; dashed red: the deadline.'),
    ...figure(charts, 'probe-vs-load', 'The slowest health probe against the load; dashed red: the probe timeout.'),
  );
  return { id: 'answer', heading: 'The question and the answer', blocks };
}

/** The largest load at which every run of the series passed the criterion. */
function lastPassingLoad(results: SweepResults, series: string): number | undefined {
  const nonLoad = nonLoadFields(results);
  const criterion = criterionOf(results);
  const byLoad = new Map<number, boolean>();
  for (const r of results.rows) {
    if (seriesKey(r, nonLoad) !== series) continue;
    const ok = !verdictOf(r.outcome, criterion).failed;
    byLoad.set(r.outcome.containers, (byLoad.get(r.outcome.containers) ?? true) && ok);
  }
  return [...byLoad]
    .filter(([, ok]) => ok)
    .reduce<number | undefined>((m, [l]) => (m === undefined || l > m ? l : m), undefined);
}

/** Each machine's topology diagram and its file name (without extension), written beside the report. */
export function machineFigures(context: RunContext | undefined): { name: string; svg: string }[] {
  return (context?.machines ?? []).map((m) => ({
    name: `machine-${m.label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}`,
    svg: topologySvg(m),
  }));
}

function machines(context: RunContext | undefined, prefix: string): Section {
  if (context === undefined) return { id: 'machines', heading: 'The machines', blocks: [NOT_RECORDED] };
  const classes = [...new Set(context.machines.flatMap((m) => Object.keys(m.latencyNs)))];
  const figures = machineFigures(context);
  const blocks: Block[] = context.machines.map((m, i) => ({
    kind: 'figure',
    name: figures[i]?.name as string,
    svg: figures[i]?.svg as string,
    png: `${prefix}${figures[i]?.name}.png`,
    caption: `${m.label}: ${m.description}. ${m.interconnect === 'chiplet' ? 'Chiplets: each L3 domain (CCX) is its own cache; lines move between them over the fabric.' : `A mesh: one L3 shared by the socket's cores${m.sockets > 1 ? '; lines cross between sockets over UPI' : ''}.`}`,
  }));
  blocks.push(
    {
      kind: 'table',
      table: {
        caption:
          'One-way cache-line transfer, median by distance (ns): what every lock handoff and contended line costs',
        headers: ['machine', 'clock (GHz)', ...classes],
        rows: context.machines.map((m) => [
          m.label,
          m.clockGHz,
          ...classes.map((c) => (m.latencyNs[c] === undefined ? '–' : m.latencyNs[c].toFixed(1))),
        ]),
      },
    },
    {
      kind: 'table',
      table: {
        caption:
          'Memory hierarchy: what a propagation walk’s nodes cost (the walk’s footprint against the cache the walking CPU has)',
        headers: [
          'machine',
          'L2 per core (KB)',
          'L2 hit (ns)',
          'L3 per domain (MB)',
          'local DRAM (ns)',
          'remote DRAM (ns)',
        ],
        rows: context.machines.map((m) => [
          m.label,
          m.memory.l2KB ?? '–',
          m.memory.l2HitNs ?? '–',
          m.memory.l3MB ?? '–',
          m.memory.dramNs ?? '–',
          m.memory.remoteDramNs ?? '–',
        ]),
      },
    },
    {
      kind: 'p',
      text: 'Every number above has a source and a kind (measured, vendor, derived, estimate): lockcliff models show NAME lists them; docs/hardware.md gives the measurements.',
    },
  );
  return { id: 'machines', heading: 'The machines', blocks };
}

const WORKLOAD_PREFIXES = ['burst.', 'runtime.', 'probes.', 'systemd.', 'workload.', 'deadline', 'background'];

function workload(results: SweepResults, context: RunContext | undefined): Section {
  const first = results.rows[0]?.outcome;
  const seeds = [...new Set(results.rows.map((r) => r.seed))];
  const blocks: Block[] = [];
  if (context !== undefined)
    blocks.push({
      kind: 'p',
      text: `Scenario ${context.scenario.name} (${context.scenario.file})${context.scenario.description === '' ? '' : `: ${context.scenario.description}`}.`,
    });
  if (first !== undefined)
    blocks.push({
      kind: 'p',
      text: `Each run starts N containers at once, each image with ${first.layers} layers, mounted in ${first.passes} passes (containerd mounts the image twice with idmapped layers); then runc creates the container: a new mount namespace, its reads of the host's mountinfo, the init's mounts, pivot_root and the detach of the old root. Varied: ${results.varied.join(', ')}. Seeds: ${seeds.join(', ')}; ${results.rows.length} runs.`,
    });
  if (context === undefined) blocks.push(NOT_RECORDED);
  else
    blocks.push({
      kind: 'table',
      table: {
        caption: 'The workload’s fields (before the varied fields)',
        headers: ['field', 'value', 'origin', 'what it is'],
        rows: context.scenario.fields
          .filter((f) => WORKLOAD_PREFIXES.some((p) => f.path.startsWith(p)) && f.value !== '')
          .map((f) => [
            f.path,
            f.value,
            f.origin === 'default'
              ? 'default'
              : `${f.origin === 'file' ? 'set in the file' : 'set on the command line'}${f.value === f.default ? '' : ` (default ${f.default || '–'})`}`,
            f.doc,
          ]),
      },
    });
  return { id: 'workload', heading: 'The workload', blocks };
}

function why(results: SweepResults, charts: readonly WrittenChart[]): Section {
  const nonLoad = nonLoadFields(results);
  const shared = sharedLoad(results);
  const at = results.rows.filter((r) => r.outcome.containers === shared && r.outcome.stoppedAtFailure === undefined);
  const bySeries = new Map<string, SweepRow[]>();
  for (const r of at) bySeries.set(seriesKey(r, nonLoad), [...(bySeries.get(seriesKey(r, nonLoad)) ?? []), r]);
  const blocks: Block[] = [
    {
      kind: 'p',
      text: 'Every mount and umount of a container start takes namespace_sem for writing and the mount_lock seqlock; path lookups everywhere on the node read mount_lock and retry while a writer holds it. When a runtime attaches each idmapped layer clone to the peer group of the mount that holds the image layers, every attach and umount walks the propagation tree — (1 + P) peers × (1 + K) slave mount namespaces — inside those lock sections, one dependent memory access per node; the tree grows with every layer attached and every container waiting in its new namespace. The starts then queue on namespace_sem while the CPUs mostly idle, and the host’s mountinfo (read by runc, systemd and the health probes) grows with the table.',
    },
  ];
  if (shared !== undefined && bySeries.size > 0)
    blocks.push({
      kind: 'table',
      table: {
        caption: `At ${shared} containers (every series ran it): where the time went, mean over seeds`,
        headers: [
          'series',
          'p99 start',
          'CPU: work',
          'CPU: spinning',
          'namespace_sem wait (mean)',
          'namespace_sem hold (mean)',
          'mount_lock hold (mean)',
          'P peers (peak)',
          'K namespaces (peak)',
          'ns_sem write time walking',
          'mount_lock write time walking',
        ],
        rows: [...bySeries].map(([series, rows]) => {
          const o = rows.map((r) => r.outcome);
          return [
            series,
            secs(mean(o.map((x) => x.startLatencySeconds.p99))),
            pct(mean(o.map((x) => x.cpuProfile.work))),
            pct(mean(o.map((x) => x.cpuProfile.spinWriters + x.cpuProfile.spinReaders))),
            `${(mean(o.map((x) => x.locks.namespace_sem.waitMeanUs)) / 1000).toFixed(2)} ms`,
            `${(mean(o.map((x) => x.locks.namespace_sem.holdMeanUs)) / 1000).toFixed(3)} ms`,
            `${(mean(o.map((x) => x.locks.mount_lock.holdMeanUs)) / 1000).toFixed(3)} ms`,
            Math.max(...o.map((x) => x.propagation?.peakPeers ?? 0)),
            Math.max(...o.map((x) => x.propagation?.peakSlaveNamespaces ?? 0)),
            pct(mean(o.map((x) => x.propagation?.walkShare.namespaceSemWrite ?? 0))),
            pct(mean(o.map((x) => x.propagation?.walkShare.mountLockWrite ?? 0))),
          ];
        }),
      },
    });
  blocks.push(
    ...figure(charts, 'cpu-profile', 'Where the CPUs’ time went against the load.'),
    ...figure(charts, 'lock-time', 'Lock waits and holds and the walks’ share against the load.'),
    ...figure(charts, 'lock-waits', 'How long acquisitions waited, per lock.'),
    ...figure(charts, 'mountinfo-vs-table', 'Reading the host’s mountinfo against the mount table’s size.'),
    ...figure(charts, 'start-latency-cdf', 'Start latency distributions.'),
  );
  return { id: 'why', heading: 'Why: where the time went', blocks };
}

function assumptions(results: SweepResults, context: RunContext | undefined): Section {
  if (context === undefined) return { id: 'assumptions', heading: 'Assumptions', blocks: [NOT_RECORDED] };
  const changed = context.scenario.fields.filter(
    (f) => f.origin !== 'default' && f.value !== f.default && f.default !== '',
  );
  const estimated = context.scenario.fields.filter((f) => f.kind === 'estimate');
  const outOfRange = context.scenario.fields.some((f) => f.path === 'run.allowOutOfRange' && f.value === 'true');
  const blocks: Block[] = [
    {
      kind: 'p',
      text: `The varied fields (${results.varied.join(', ')}) take the values of each series; every other field is as below. Model parameters come with a kind — measured, vendor, derived, or estimate (a value inferred or calibrated, inside a documented range) — and a source in the repository's docs/.`,
    },
  ];
  if (outOfRange)
    blocks.push({
      kind: 'lead',
      lead: 'Exploring out of range:',
      text: 'these runs allowed kernel parameters outside their documented ranges (--allow-out-of-range).',
    });
  blocks.push(
    {
      kind: 'table',
      table: {
        caption: 'Fields that differ from their defaults',
        headers: ['field', 'value', 'default', 'set', 'source'],
        rows:
          changed.length === 0
            ? [['(none)', '', '', '', '']]
            : changed.map((f) => [
                f.path,
                f.value,
                f.default,
                f.origin === 'file' ? 'in the scenario file' : 'on the command line',
                f.source ?? '',
              ]),
      },
    },
    {
      kind: 'table',
      table: {
        caption: 'Estimated (calibrated) model parameters: value, range and source',
        headers: ['parameter', 'value', 'range', 'source', 'what it is'],
        rows: estimated.map((f) => [
          f.path.replace('kernel.params.', ''),
          f.value,
          f.range === undefined ? '' : `${f.range[0]}–${f.range[1]}`,
          f.source ?? '',
          f.doc,
        ]),
      },
    },
  );
  return { id: 'assumptions', heading: 'Assumptions', blocks };
}

function reproduce(results: SweepResults, context: RunContext | undefined): Section {
  const blocks: Block[] =
    context === undefined
      ? [NOT_RECORDED]
      : [
          {
            kind: 'p',
            text: `Made by lockcliff ${context.lockcliff}. From a clone of the repository (npm ci), this command makes the same results, byte for byte (lockcliff is bin/lockcliff.js: run it as npx lockcliff …; add --out DIR; --jobs does not change the results):`,
          },
          { kind: 'code', text: context.command },
        ];
  blocks.push({
    kind: 'p',
    text: `results.json holds all ${results.rows.length} runs; results.csv one row per run; cliffs.json each series' cliff; the charts are beside this page as .vl.json (Vega-Lite), .svg and .png. lockcliff plot DIR draws them and this page again (--format md for Markdown).`,
  });
  return { id: 'reproduce', heading: 'How to reproduce this page', blocks };
}

/**
 * The page's document. `prefix` is the folder of the machines' diagrams relative to the page (the
 * charts' files carry their own).
 */
export function storyReport(
  results: SweepResults,
  cliffs: readonly CliffResult[],
  charts: readonly WrittenChart[],
  prefix = '',
): ReportDoc {
  const context = results.context;
  const first = results.rows[0]?.outcome;
  const series = seriesMeans(results);
  return {
    title: `lockcliff: where the node falls off the cliff — ${context?.scenario.name ?? results.scenario}`,
    subtitle:
      first === undefined
        ? results.scenario
        : `${results.scenario}: ${first.layers} layers × ${first.passes} passes; ${results.rows.length} runs of ${new Set(series.map((s) => s.series)).size} series`,
    sections: [
      answer(results, cliffs, charts),
      machines(context, prefix),
      workload(results, context),
      why(results, charts),
      assumptions(results, context),
      reproduce(results, context),
    ],
  };
}
