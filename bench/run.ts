// `npm run bench`: performance figures (not tests). Prints a table with each figure, its target and
// its ratio to a reference measured in this same run, and writes bench/results/*.json.
// `npm run bench -- --quick` runs shorter (noisier) measurements.

import { writeFileAtomic } from '../src/cli/writeFileAtomic.ts';
import { benchEngine } from './engine.ts';
import { benchFlagship, FLAGSHIP_TARGET_SECONDS } from './flagship.ts';
import { benchLocks, LOCK_TARGET_ACQUISITIONS_PER_SECOND } from './locks.ts';
import { benchCliff, benchSweep, CLIFF_TARGET_SECONDS, SWEEP_TARGET_SECONDS } from './sweep.ts';

const quick = process.argv.includes('--quick');
const millions = (x: number): string => `${(x / 1e6).toFixed(2)} M/s`;
const mark = (ok: boolean): string => (ok ? 'meets target' : 'BELOW target');

console.log(`lockcliff engine benchmark${quick ? ' (quick)' : ''} — medians of repeated runs, node ${process.version}`);
const r = benchEngine({ quick });
const rows: [string, string, string][] = [
  [
    'engine, M/M/1, generator processes',
    `${millions(r.engineCustomersPerSecond)} customers, ${millions(r.engineEventsPerSecond)} events`,
    `${(r.ratioVsReference * 100).toFixed(0)}% of the ceiling in customers (rounds: ${r.ratioVsReferenceRange.map((x) => (x * 100).toFixed(0)).join('–')}%): ${mark(r.ratioVsReference >= r.targets.referenceShare)} (${r.targets.referenceShare * 100}%)`,
  ],
  [
    'engine, M/M/1, callbacks (no generators)',
    `${millions(r.callbackCustomersPerSecond)} customers, ${millions(r.callbackEventsPerSecond)} events`,
    'information',
  ],
  [
    'single-purpose M/M/1 loop written for speed',
    `${millions(r.referenceCustomersPerSecond)} customers, ${millions(r.referenceEventsPerSecond)} events`,
    'the ceiling, this run',
  ],
  [
    'SimPy 3, same M/M/1 model',
    r.simpyEventsPerSecond === null
      ? `skipped: ${r.simpySkippedBecause}`
      : `${millions(r.simpyCustomersPerSecond ?? 0)} customers, ${millions(r.simpyEventsPerSecond)} events`,
    'peer, this run',
  ],
  [
    'engine / SimPy, customers per second',
    r.ratioVsSimpy === null ? 'n/a' : `${r.ratioVsSimpy.toFixed(1)}×`,
    r.ratioVsSimpy === null ? '' : `${mark(r.ratioVsSimpy >= r.targets.ratioVsSimpy)} (${r.targets.ratioVsSimpy}×)`,
  ],
  [
    'engine, hold model, 10^5 pending (generators)',
    millions(r.pendingEventsPerSecond),
    `${mark(r.pendingEventsPerSecond >= r.targets.pendingEventsPerSecond)} (${millions(r.targets.pendingEventsPerSecond)})`,
  ],
  [
    'engine, hold model, 10^5 pending (callbacks)',
    millions(r.pendingCallbackEventsPerSecond),
    'information: the queue at depth',
  ],
  ...r.generatorResumes.map((g): [string, string, string] => [
    g.depth === 1
      ? 'generator resumes, no engine: one generator'
      : `generator resumes, no engine: through ${g.depth} generators${g.waitsPerChain === null ? '' : `, a new chain every ${g.waitsPerChain === 1 ? 'wait' : `${g.waitsPerChain} waits`}`}`,
    `${millions(g.resumesPerSecond)} resumes`,
    'information: the language’s floor under generator processes',
  ]),
];
const width = Math.max(...rows.map((row) => row[0].length));
const width2 = Math.max(...rows.map((row) => row[1].length));
for (const [name, value, note] of rows) console.log(`  ${name.padEnd(width)}  ${value.padStart(width2)}  ${note}`);
writeFileAtomic('bench/results/engine.json', `${JSON.stringify(r, null, 2)}\n`);
console.log('wrote bench/results/engine.json');

console.log('\nlock benchmark: 192 threads on one lock, 2 × EPYC 9654, zero think and critical section');
const locks = benchLocks({ quick });
for (const l of locks) {
  const engineShare = (l.acquisitionsPerWallSecond * l.eventsPerAcquisition) / r.callbackEventsPerSecond;
  console.log(
    `  ${l.lock.padEnd(10)} ${millions(l.acquisitionsPerWallSecond).padStart(10)} acquisitions (wall)  ${l.eventsPerAcquisition.toFixed(1)} events each  ${(engineShare * 100).toFixed(0)}% of the engine's callback rate  ${l.lock === 'qspinlock' ? `${mark(l.acquisitionsPerWallSecond >= LOCK_TARGET_ACQUISITIONS_PER_SECOND)} (${millions(LOCK_TARGET_ACQUISITIONS_PER_SECOND)})` : ''}`,
  );
}
writeFileAtomic(
  'bench/results/locks.json',
  `${JSON.stringify({ target: LOCK_TARGET_ACQUISITIONS_PER_SECOND, locks }, null, 2)}\n`,
);
console.log('wrote bench/results/locks.json');

console.log('\nflagship scenario: scenarios/mount-mayhem.yaml (r5.metal, 100 containers × 50 layers × 2 passes)');
const f = benchFlagship({ quick });
console.log(
  `  ${f.wallSeconds.toFixed(2)} s wall, ${f.events.toLocaleString('en-US')} events, ${millions(f.eventsPerSecond)}  ${mark(f.wallSeconds <= FLAGSHIP_TARGET_SECONDS)} (≤ ${FLAGSHIP_TARGET_SECONDS} s); engine callback rate this run ${millions(r.callbackEventsPerSecond)}`,
);
writeFileAtomic(
  'bench/results/flagship.json',
  `${JSON.stringify({ target: FLAGSHIP_TARGET_SECONDS, ...f }, null, 2)}\n`,
);
console.log('wrote bench/results/flagship.json');

console.log(
  '\nflagship question by search (npm start): 4 machine configurations × 2 strategies, cliff with a 90% interval, 2 worker threads',
);
const cl = await benchCliff();
console.log(
  `  ${cl.runs} runs in ${cl.wallSeconds.toFixed(1)} s  ${mark(cl.wallSeconds <= CLIFF_TARGET_SECONDS)} (≤ ${CLIFF_TARGET_SECONDS} s)`,
);
for (const c of cl.cliffs)
  console.log(`    ${c.cliff === null ? 'none ≤ 310' : `${c.cliff} [${c.low}, ${c.high}]`}  ${c.series}`);
writeFileAtomic('bench/results/cliff.json', `${JSON.stringify({ target: CLIFF_TARGET_SECONDS, ...cl }, null, 2)}\n`);
console.log('wrote bench/results/cliff.json');

console.log(
  `\nflagship grid: 4 machine configurations × 2 strategies × containers 10…300 × ${quick ? '1 seed (quick; the 5-seed figure is scaled ×5)' : '5 seeds'}, 2 worker threads`,
);
const sw = await benchSweep({ quick });
console.log(
  `  ${sw.runs} runs in ${sw.wallSeconds.toFixed(1)} s wall, ${(sw.events / 1e6).toFixed(0)} M events, ${millions(sw.eventsPerSecond)} over both workers`,
);
console.log(
  `  full 1,200-run grid: ${sw.fullSweepSeconds.toFixed(0)} s${sw.measured ? '' : ' (scaled)'}  ${mark(sw.fullSweepSeconds <= SWEEP_TARGET_SECONDS)} (≤ ${SWEEP_TARGET_SECONDS} s): ${(sw.fullSweepSeconds / SWEEP_TARGET_SECONDS).toFixed(1)}× the target`,
);
console.log(
  `  events: ${(sw.perLayerEventShare * 100).toFixed(0)}% in per-layer-idmap runs, ${(sw.bigRunEventShare * 100).toFixed(0)}% in runs of ≥ 200 containers; largest run ${(sw.largestRun.events / 1e6).toFixed(2)} M events (${Object.values(sw.largestRun.point).join(', ')})`,
);
writeFileAtomic('bench/results/sweep.json', `${JSON.stringify({ target: SWEEP_TARGET_SECONDS, ...sw }, null, 2)}\n`);
console.log('wrote bench/results/sweep.json');
