// Rung 4 of the validation ladder (DESIGN §3, reference/validation.md §B), on fixed seeds:
//  - ticket-lock collapse against the Boyd-Wickizer et al. Markov model, solved exactly (mathjs);
//  - MCS shows no decline;
//  - crossing a socket costs throughput.
//
// "The same parameters" for the Markov model: a = the mean think time, s = the critical section,
// c = the mean time the simulated home spent on one request for the lock's line (an output of the
// line model at the highest thread count, not a fitted value). Nothing is calibrated.
//
// Tolerances, and why: the simulated ticket lock includes two costs the Markov model leaves out —
// the releasing store queues behind the re-reads still in flight (a full burst of k, not k/2), and
// every new ticket's fetch-and-add invalidates the spinners too (next and owner share the line). So
// the simulation may decline faster than the model, never slower: its knee must sit within one grid
// step of the model's, and its decline (throughput at 48 threads over the peak) between 0.5× and
// 1.1× the model's. Below the knee both are ≈ n/(a + s) and must agree within 10%.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPreset, machineSpecOf } from '../../src/hw/index.ts';
import { descriptorOf, resolveParams, solveTicketMarkov } from '../../src/sync/index.ts';
import { type LockbenchRow, runLockbench } from '../../src/workload/index.ts';

const GRID = [1, 2, 4, 6, 8, 12, 16, 24, 32, 48];
const CS_PS = 200_000;
const THINK_PS = 4_000_000;

function bench(
  machine: string,
  lock: string,
  threads: number,
  placement: 'compact' | 'spread' | 'socket0',
  cs = CS_PS,
  think = THINK_PS,
): LockbenchRow {
  const p = loadPreset(machine);
  return runLockbench({
    machine: machineSpecOf(p),
    lock,
    lockParams: resolveParams(descriptorOf(lock)!, {}, p.clockGHz.value),
    threads,
    smt: false,
    placement,
    csPs: cs,
    thinkPs: think,
    thinkDistribution: 'exponential',
    durationPs: 8_000_000_000,
    warmupPs: 1_000_000_000,
    seed: 'literature',
  });
}

const argmax = (xs: number[]): number => xs.indexOf(Math.max(...xs));

describe('lock literature', () => {
  it('ticket lock on m7i.metal-24xl: same knee and decline as the Boyd-Wickizer Markov model; MCS flat', async () => {
    const ticket = GRID.map((n) => bench('m7i.metal-24xl', 'ticket', n, 'compact'));
    const last = ticket.at(-1) as LockbenchRow;
    const cNs = last.lines.homeBusyNs / last.lines.homeRequests;
    const markov: number[] = [];
    for (const n of GRID)
      markov.push((await solveTicketMarkov({ n, a: THINK_PS / 1000, s: CS_PS / 1000, c: cNs })).throughput * 1e9);
    const sim = ticket.map((r) => r.throughputPerSecond);
    const table = GRID.map(
      (n, i) => `${n}: sim ${Math.round((sim[i] as number) / 1e3)}k model ${Math.round((markov[i] as number) / 1e3)}k`,
    ).join(', ');
    console.log(`c = ${cNs.toFixed(1)} ns; ${table}`);
    const kneeSim = argmax(sim);
    const kneeModel = argmax(markov);
    assert.ok(Math.abs(kneeSim - kneeModel) <= 1, `knee: sim at ${GRID[kneeSim]}, model at ${GRID[kneeModel]} threads`);
    assert.ok(kneeSim < GRID.length - 2, 'the simulated ticket lock has a knee and then declines');
    const declineSim = (sim.at(-1) as number) / (sim[kneeSim] as number);
    const declineModel = (markov.at(-1) as number) / (markov[kneeModel] as number);
    assert.ok(
      declineSim >= 0.5 * declineModel && declineSim <= 1.1 * declineModel,
      `decline at 48 threads: sim ${declineSim.toFixed(3)}, model ${declineModel.toFixed(3)}`,
    );
    for (let i = kneeSim + 1; i < GRID.length; i++)
      assert.ok((sim[i] as number) <= (sim[i - 1] as number) * 1.03, `sim declines past the knee (${GRID[i]})`);
    for (let i = 0; i < GRID.length && (GRID[i] as number) <= 8; i++) {
      assert.ok(
        Math.abs((sim[i] as number) / (markov[i] as number) - 1) < 0.1,
        `below the knee at ${GRID[i]}: ${table}`,
      );
    }
    const mcs = GRID.map((n) => bench('m7i.metal-24xl', 'mcs', n, 'compact').throughputPerSecond);
    assert.ok(
      (mcs.at(-1) as number) >= 0.9 * Math.max(...mcs),
      `MCS does not decline: ${mcs.map((x) => Math.round(x / 1e3)).join(', ')}k`,
    );
    assert.ok((mcs.at(-1) as number) > 3 * (sim.at(-1) as number), 'at 48 threads MCS delivers far more than ticket');
  });

  it('crossing a socket costs throughput (r5.metal, 16 threads, qspinlock and ticket)', () => {
    for (const lock of ['qspinlock', 'ticket']) {
      const one = bench('r5.metal', lock, 16, 'socket0', 200_000, 1_000_000).throughputPerSecond;
      const two = bench('r5.metal', lock, 16, 'spread', 200_000, 1_000_000).throughputPerSecond;
      assert.ok(
        two < 0.9 * one,
        `${lock}: one socket ${Math.round(one / 1e3)}k/s, two sockets ${Math.round(two / 1e3)}k/s`,
      );
    }
  });
});
