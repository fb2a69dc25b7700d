// `npm start` until the mount-storm model lands: the engine against exact queueing theory, as a
// table and as out/engine-validation.json. The same models are checked with tolerances in
// test/laws/queueing.spec.ts; this script shows the numbers to a person.

import { writeFileAtomic } from '../src/cli/writeFileAtomic.ts';
import { constant, exponential } from '../src/random/index.ts';
import { batchMeans } from '../test/support/FifoStation.ts';
import { openQueue, US } from '../test/support/openQueue.ts';
import { mg1, mm1, mmc } from '../test/support/queueingTheory.ts';

interface Row {
  model: string;
  quantity: string;
  simulated: number;
  standardError: number;
  exact: number;
  relativeError: number;
  events: number;
}

const rows: Row[] = [];
function record(model: string, quantity: string, samples: number[], exact: number, events: number): void {
  const { mean, standardError } = batchMeans(samples);
  rows.push({ model, quantity, simulated: mean, standardError, exact, relativeError: (mean - exact) / exact, events });
}

const started = performance.now();
const customers = 300_000;
const waitsUs = (waits: readonly number[]): number[] => waits.map((w) => w / US);

const r1 = openQueue(1, 1, exponential(0.7 * US), customers, 1);
record('M/M/1 ρ=0.7', 'mean wait Wq (us)', waitsUs(r1.station.waits), mm1(1, 1 / 0.7).wq, r1.env.eventsProcessed);

const r2 = openQueue(4, 1, exponential(3.2 * US), customers, 2);
const mm4 = mmc(1, 1 / 3.2, 4);
record('M/M/4 ρ=0.8', 'mean wait Wq (us)', waitsUs(r2.station.waits), mm4.wq, r2.env.eventsProcessed);
const delayed = r2.station.delayedArrivals / r2.station.arrivals;
rows.push({
  model: 'M/M/4 ρ=0.8',
  quantity: 'P(wait), Erlang C',
  simulated: delayed,
  standardError: Number.NaN,
  exact: mm4.pWait,
  relativeError: (delayed - mm4.pWait) / mm4.pWait,
  events: r2.env.eventsProcessed,
});

const r3 = openQueue(1, 1, constant(0.75 * US), customers, 3);
record(
  'M/D/1 ρ=0.75',
  'mean wait Wq (us)',
  waitsUs(r3.station.waits),
  mg1(1, 0.75, 0.75 ** 2).wq,
  r3.env.eventsProcessed,
);

const wallSeconds = (performance.now() - started) / 1000;
console.log('lockcliff — engine validation against exact queueing theory (seeds 1–3)\n');
console.log('  model          quantity               simulated ± s.e.       exact     error');
for (const r of rows) {
  const se = Number.isNaN(r.standardError) ? '        ' : `± ${r.standardError.toFixed(4)}`;
  console.log(
    `  ${r.model.padEnd(14)} ${r.quantity.padEnd(21)} ${r.simulated.toFixed(4).padStart(8)} ${se}  ${r.exact.toFixed(4).padStart(8)}  ${(r.relativeError * 100).toFixed(2).padStart(6)}%`,
  );
}
console.log(`\n${customers.toLocaleString('en')} customers per model, ${wallSeconds.toFixed(2)} s wall.`);
console.log('The mount-storm flagship (npm start) arrives with `lockcliff run`; see README "Status".');
writeFileAtomic('out/engine-validation.json', `${JSON.stringify({ customers, rows }, null, 2)}\n`);
console.log('wrote out/engine-validation.json');
