// The recorded context: a command that reproduces the results (canonical, shell-quoted, without the
// flags that do not change them), the scenario's fields with origins and sources, the machines.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reproduceCommand, runContext, shellWord } from '../../../src/cli/runContext.ts';
import type { SweepResults } from '../../../src/experiment/index.ts';

describe('runContext', () => {
  it('quotes only the words a shell would split or expand', () => {
    assert.equal(shellWord('machine+smt=r5.metal+on,m7a.24xlarge+off'), 'machine+smt=r5.metal+on,m7a.24xlarge+off');
    assert.equal(shellWord('description=a b'), "'description=a b'");
    assert.equal(shellWord("it's"), "'it'\\''s'");
    assert.equal(shellWord('$(rm -rf /)'), "'$(rm -rf /)'");
  });

  it('writes the command in one order, with --set for every override and the criterion flags', () => {
    const command = reproduceCommand('cliff', 'scenarios/mount-mayhem.yaml', {
      vary: ['strategy=per-layer-idmap,common-parent'],
      set: [
        { path: 'probes.period', value: '5s', flag: '--set' },
        { path: 'run.allowOutOfRange', value: 'true', flag: '--allow-out-of-range' },
      ],
      seeds: 3,
      threshold: 0.99,
      probeTimeouts: false,
      load: 'containers=10:310',
      confidence: 0.9,
    });
    assert.equal(
      command,
      'lockcliff cliff scenarios/mount-mayhem.yaml --vary strategy=per-layer-idmap,common-parent --load containers=10:310 --seeds 3 --confidence 0.9 --threshold 0.99 --no-probe-timeouts --set probes.period=5s --allow-out-of-range',
    );
  });

  it('records every scenario field with its origin, model parameters with kind, range and source, and the machines', () => {
    const results = {
      scenario: 'scenarios/mount-mayhem.yaml',
      varied: ['burst.containers'],
      threshold: 0.99,
      deadlineSeconds: 240,
      rows: [{ index: 0, seed: '1', point: {}, outcome: { machine: 'r5.metal', smt: true, smtCapable: true } }],
    } as unknown as SweepResults;
    const c = runContext(
      'sweep',
      'scenarios/mount-mayhem.yaml',
      {
        vary: [],
        set: [{ path: 'probes.period', value: '5s', flag: '--set' }],
        seeds: 1,
        threshold: 0.99,
        probeTimeouts: true,
      },
      results,
    );
    const field = (path: string) => c.scenario.fields.find((f) => f.path === path);
    assert.deepEqual(
      [field('probes.period')?.value, field('probes.period')?.origin, field('probes.period')?.default],
      ['5s', 'command line', '10s'],
    );
    assert.equal(field('burst.layers')?.origin, 'file');
    const p = field('kernel.params.serviceNamespaces');
    assert.equal(p?.kind, 'estimate');
    assert.deepEqual(p?.range, ['5', '15']);
    assert.match(p?.source ?? '', /docs\/kernel\.md/);
    assert.equal(c.machines.length, 1);
    assert.deepEqual(
      [c.machines[0]?.label, c.machines[0]?.sockets, c.machines[0]?.coresPerL3, c.machines[0]?.threadsPerCore],
      ['r5.metal, SMT on', 2, 24, 2],
    );
    assert.equal(c.machines[0]?.memory.l3MB, 35.75);
    assert.match(
      c.command,
      /^lockcliff sweep scenarios\/mount-mayhem\.yaml --seeds 1 --threshold 0\.99 --set probes\.period=5s$/,
    );
  });
});
