// Sensitivity on a toy scenario with a known answer: one container, 5 layers, 2 passes, nothing
// else running. Its init copies the host table (300 host mounts + its overlay = 301) once, so moving
// copyPerMount from 0.3 µs to 3 µs must move the start latency by 301 × 2.7 µs = 812.7 µs; systemd's
// parse cost cannot matter with systemd off.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSensitivity } from '../../src/experiment/index.ts';

describe('sensitivity', () => {
  it('a toy scenario: the swing of each parameter is the one we can count', async () => {
    const r = await runSensitivity({
      scenario: 'scenarios/mount-mayhem.yaml',
      params: ['copyPerMount=0.3us:3us', 'systemdParsePerLine=600us:1200us'],
      set: [
        'burst.containers=1',
        'burst.layers=5',
        'systemd.enabled=false',
        'kernel.params.backgroundLoad=0',
        'run.allowOutOfRange=true',
      ],
      cliffLoads: [],
      jobs: 1,
      threshold: 0.99,
    });
    const copy = r.rows.find((x) => x.param === 'copyPerMount');
    const systemd = r.rows.find((x) => x.param === 'systemdParsePerLine');
    assert.ok(copy !== undefined && systemd !== undefined);
    assert.ok(Math.abs(copy.p99High - copy.p99Low - 301 * 2.7e-6) < 2e-6, `${copy.p99High - copy.p99Low} s`);
    assert.equal(systemd.swingSeconds, 0);
    assert.equal(r.rows[0]?.param, 'copyPerMount', 'sorted by swing');
  });
});
