// systemd rescans mountinfo until no mount event is pending, at most `rateLimit` times a second, and
// its backlog is the time from an event to the end of the rescan that covers it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BurstRecorder, Systemd } from '../../../src/workload/index.ts';
import { smallKernel } from '../../support/smallKernel.ts';

function storm(rateLimit: number | null) {
  const w = smallKernel({
    cpus: 2,
    preset: 'r5.metal',
    seed: 'systemd',
    contextSwitchPs: 0,
    kernel: { backgroundLookupsPerCpu: '0', systemdParsePerLine: '1us' },
  });
  const recorder = new BurstRecorder(w.kernel.table.size);
  const systemd = new Systemd(w.env, w.kernel, w.thread('systemd'), rateLimit, recorder);
  // A mount event every 10 ms for 1 s.
  for (let i = 0; i < 100; i++) w.env.schedule(i * 10_000_000_000, () => w.kernel.syscalls.onMountEvent?.());
  w.env.run(1_000_000_000_000);
  systemd.drain(10_000_000_000_000);
  return recorder;
}

describe('Systemd', () => {
  it('without a rate limit it rescans about once per event', () => {
    const r = storm(null);
    assert.ok(r.systemdReads >= 90 && r.systemdReads <= 100, `${r.systemdReads} rescans`);
    assert.ok(r.systemdBacklogMaxPs < 10_000_000_000, `${r.systemdBacklogMaxPs} ps`);
  });

  it('rate-limited to 5 a second, it coalesces the events and its backlog grows to the gap', () => {
    const r = storm(5);
    assert.ok(r.systemdReads >= 5 && r.systemdReads <= 7, `${r.systemdReads} rescans`);
    assert.ok(r.systemdBacklogMaxPs >= 150_000_000_000, `${r.systemdBacklogMaxPs} ps`);
  });
});
