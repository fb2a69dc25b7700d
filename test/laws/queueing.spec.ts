// Rung 2 of the validation ladder: the engine against exact queueing theory. Each model runs on a
// fixed seed; each check states its tolerance. A simulated mean must lie within 4 batch-means
// standard errors of the exact value AND within the stated relative tolerance, so a pass means both
// "statistically consistent" and "close enough to be useful".

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Environment, type ProcessBody } from '../../src/engine/index.ts';
import { constant, exponential, RandomStreams } from '../../src/random/index.ts';
import { batchMeans, FifoStation } from '../support/FifoStation.ts';
import { type OpenQueueRun as OpenRun, openQueue, US } from '../support/openQueue.ts';
import { machineRepairman, mg1, mm1, mmc } from '../support/queueingTheory.ts';

function assertClose(
  simulated: { mean: number; standardError: number },
  exact: number,
  relTol: number,
  what: string,
): void {
  const error = Math.abs(simulated.mean - exact);
  const detail = `${what}: simulated ${simulated.mean.toPrecision(5)} ± ${simulated.standardError.toPrecision(3)} (s.e.), exact ${exact.toPrecision(5)}`;
  assert.ok(error <= 4 * simulated.standardError, `${detail}: off by more than 4 standard errors`);
  assert.ok(error <= relTol * Math.abs(exact), `${detail}: off by more than ${relTol * 100}%`);
}

/** Little's law L = λ·W on the measured quantities (time-average L, arrival rate, mean sojourn). */
function assertLittle(run: OpenRun, relTol: number): void {
  const { station, env } = run;
  // Arrivals are counted after the warm-up, so the rate is over that span.
  const lambda = station.arrivals / (env.now - station.warmupPs);
  const w = station.sojourns.reduce((a, v) => a + v, 0) / station.sojourns.length;
  const l = station.meanInSystem();
  assert.ok(
    Math.abs(l - lambda * w) <= relTol * l,
    `Little's law: L = ${l.toFixed(4)}, λW = ${(lambda * w).toFixed(4)}`,
  );
}

describe('M/M/1 (ρ = 0.7, 600k customers, seed 11)', () => {
  // Waits at ρ = 0.7 are strongly correlated: 600k customers bring the standard error to ≈ 1%.
  const run = openQueue(1, 1, exponential(0.7 * US), 600_000, 11);
  const exact = mm1(1, 1 / 0.7);
  it('mean wait in queue matches ρ/(μ − λ) within 5%', () => {
    assertClose(batchMeans(run.station.waits.map((w) => w / US)), exact.wq, 0.05, 'Wq (us)');
  });
  it('time-average queue length matches ρ²/(1 − ρ) within 5%', () => {
    const lq = run.station.meanInQueue();
    assert.ok(Math.abs(lq - exact.lq) <= 0.05 * exact.lq, `Lq simulated ${lq}, exact ${exact.lq}`);
  });
  it("obeys Little's law within 1%", () => assertLittle(run, 0.01));
});

describe('M/M/c (c = 4, ρ = 0.8, 500k customers, seed 12)', () => {
  // λ = 1/us, μ = 1/3.2 per us per server: a = 3.2, ρ = a/c = 0.8.
  const run = openQueue(4, 1, exponential(3.2 * US), 500_000, 12);
  const exact = mmc(1, 1 / 3.2, 4);
  it('probability of waiting matches Erlang C within 3%', () => {
    const p = run.station.delayedArrivals / run.station.arrivals;
    assert.ok(Math.abs(p - exact.pWait) <= 0.03 * exact.pWait, `P(wait) simulated ${p}, Erlang C ${exact.pWait}`);
  });
  it('mean wait in queue matches C/(cμ − λ) within 6%', () => {
    assertClose(batchMeans(run.station.waits.map((w) => w / US)), exact.wq, 0.06, 'Wq (us)');
  });
  it("obeys Little's law within 1%", () => assertLittle(run, 0.01));
});

describe('M/D/1 (ρ = 0.75, 150k customers, seed 13)', () => {
  const run = openQueue(1, 1, constant(0.75 * US), 150_000, 13);
  const exact = mg1(1, 0.75, 0.75 * 0.75);
  it('mean wait matches Pollaczek–Khinchine λD²/(2(1 − ρ)) within 5%', () => {
    assertClose(batchMeans(run.station.waits.map((w) => w / US)), exact.wq, 0.05, 'Wq (us)');
  });
  it('deterministic service halves the M/M/1 wait at the same load (P–K), within 5%', () => {
    const mm1Wait = mm1(1, 1 / 0.75).wq;
    const simulated = batchMeans(run.station.waits.map((w) => w / US)).mean;
    assert.ok(Math.abs(simulated / mm1Wait - 0.5) <= 0.05 * 0.5, `ratio ${simulated / mm1Wait}`);
  });
  it("obeys Little's law within 1%", () => assertLittle(run, 0.01));
});

describe('machine repairman (N = 6, λ = 1/20us, μ = 1/4us, seed 14)', () => {
  const machines = 6;
  const env = new Environment();
  const streams = new RandomStreams(14);
  const warmupPs = 1_000 * US;
  const repair = new FifoStation(env, 1, exponential(4 * US), streams.stream('repair'), warmupPs);
  for (let m = 0; m < machines; m++) {
    const up = streams.stream(`machine-${m}`);
    env.process(
      (function* machine(): ProcessBody {
        while (true) {
          yield Math.round(up.exponential(20 * US));
          yield repair.arrive();
        }
      })(),
      `machine-${m}`,
    );
  }
  env.run(warmupPs + 4_000_000 * US);
  repair.finish();
  const exact = machineRepairman(machines, 1 / 20, 1 / 4);
  const total = repair.timeAtCount.reduce((a, t) => a + t, 0);

  it('stationary distribution of machines down matches p_n ∝ N!/(N−n)!·(λ/μ)^n within 0.01 absolute', () => {
    for (let n = 0; n <= machines; n++) {
      const simulated = (repair.timeAtCount[n] ?? 0) / total;
      assert.ok(
        Math.abs(simulated - (exact[n] as number)) <= 0.01,
        `p_${n}: simulated ${simulated.toFixed(4)}, exact ${(exact[n] as number).toFixed(4)}`,
      );
    }
  });
  it("obeys Little's law within 1%", () => assertLittle({ station: repair, env }, 0.01));
});
