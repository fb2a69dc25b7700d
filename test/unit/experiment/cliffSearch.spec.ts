// The cliff search on synthetic series with known answers: it brackets and bisects to the true cliff
// within its resolution, says "no cliff" when there is none, spends more seeds only where the outcome
// is uncertain, and reports a series that is not monotone in the load.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FailureCriterion, SeriesSearch, type VerdictInput } from '../../../src/experiment/index.ts';
import { fc } from '../../support/fastCheck.ts';

const C: FailureCriterion = { threshold: 0.99, deadlineSeconds: 240, probeTimeoutSeconds: 30, probeTimeouts: true };
const SEEDS = ['1', '2', '3', '4', '5'];

/** An outcome whose p99 start is `p99` s (a failure at or past 240 s). */
const outcome = (p99: number): VerdictInput => ({
  startSuccessRate: p99 >= 240 ? 0 : 1,
  startLatencySeconds: { p99 },
  probeTimeouts: 0,
});

/** Runs a search against `f(load, seed)` to the end; returns its result and the runs it made. */
function search(
  f: (load: number, seed: string) => number,
  o: Partial<ConstructorParameters<typeof SeriesSearch>[0]> = {},
) {
  const s = new SeriesSearch({
    lo: 10,
    hi: 310,
    seeds: SEEDS,
    confidence: 0.9,
    resolution: 5,
    scanPoints: 5,
    criterion: C,
    ...o,
  });
  let runs = 0;
  for (let round = 0; !s.done; round++) {
    assert.ok(round < 100, 'the search ends');
    for (const r of s.requests()) {
      s.accept(r.load, r.seed, outcome(f(r.load, r.seed)));
      runs++;
    }
    s.advance();
  }
  return { r: s.result(), runs, monotone: s.monotone };
}

describe('cliff search', () => {
  it('finds a step cliff within its resolution, wherever it is', () => {
    fc.assert(
      fc.property(fc.integer({ min: 11, max: 310 }), (cliff) => {
        const { r } = search((load) => (load >= cliff ? 300 : 100 + load / 10));
        assert.ok(r.cliff !== null && r.cliff >= cliff && r.cliff - cliff <= 5, `cliff ${cliff}, found ${r.cliff}`);
        assert.ok(r.low !== null && r.low < cliff, `bracket low ${r.low}`);
      }),
    );
  });

  it('no cliff up to HI; a cliff at or below LO', () => {
    assert.equal(search(() => 10).r.cliff, null);
    const low = search(() => 500);
    assert.equal(low.r.cliff, 10);
    assert.equal(low.r.low, null);
  });

  it('two seeds settle a clear outcome; seeds that disagree run to the last seed and are reported undecided', () => {
    const clear = search((load) => (load >= 200 ? 300 : 50));
    assert.ok(
      clear.r.loads.every((l) => l.seeds === 2),
      JSON.stringify(clear.r.loads),
    );
    assert.deepEqual(clear.r.uncertain, []);
    // Near the cliff the seeds disagree: at 195–205 seed 1 fails early, the others late.
    const split = search((load, seed) => (load >= (seed === '1' ? 195 : 205) ? 300 : 100));
    assert.ok(split.r.uncertain.length > 0, JSON.stringify(split.r));
    assert.ok(split.r.loads.some((l) => l.seeds === 5));
    assert.ok(split.r.cliff !== null && split.r.cliff >= 195 && split.r.cliff <= 210, `${split.r.cliff}`);
  });

  it('a margin that straddles the failure line takes more seeds even when the verdicts agree', () => {
    const { r } = search((load, seed) => (load === 160 ? 225 + Number(seed) * 5 : load > 160 ? 400 : 10));
    const at160 = r.loads.find((l) => l.load === 160);
    assert.ok((at160?.seeds ?? 0) > 2, JSON.stringify(r.loads));
  });

  it('a series that fails, then passes at a higher load, is reported as not monotone', () => {
    const { r, monotone } = search((load) => (load >= 80 && load < 240 ? 300 : 10));
    assert.equal(monotone, false);
    assert.ok(r.cliff !== null && r.cliff >= 80 && r.cliff <= 85, `${r.cliff}`);
  });

  it('one seed: each load decided by its single run', () => {
    const { r, runs } = search((load) => (load >= 123 ? 300 : 10), { seeds: ['1'] });
    assert.ok(r.cliff !== null && r.cliff >= 123 && r.cliff <= 128);
    assert.ok(runs <= 12, `${runs} runs`);
  });

  it('the criterion: a probe past its timeout fails the run, and says so', () => {
    const s = new SeriesSearch({
      lo: 10,
      hi: 20,
      seeds: ['1'],
      confidence: 0.9,
      resolution: 5,
      scanPoints: 2,
      criterion: C,
    });
    for (const q of s.requests())
      s.accept(q.load, q.seed, {
        ...outcome(10),
        probeTimeouts: q.load === 20 ? 1 : 0,
        probeSecondsMax: q.load === 20 ? 31 : 1,
      });
    s.advance();
    while (!s.done) {
      for (const q of s.requests()) s.accept(q.load, q.seed, outcome(10));
      s.advance();
    }
    assert.deepEqual(s.result().failedBy, ['probes']);
  });
});
