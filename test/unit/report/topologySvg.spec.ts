// The topology diagram draws every socket, L3 domain, core and online hardware thread, and escapes its text.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MachineFacts } from '../../../src/experiment/index.ts';
import { topologySvg } from '../../../src/report/index.ts';

const machine = (over: Partial<MachineFacts>): MachineFacts => ({
  label: 'r5.metal, SMT on',
  name: 'r5.metal',
  description: 'd',
  sockets: 2,
  l3DomainsPerSocket: 1,
  coresPerL3: 24,
  threadsPerCore: 2,
  interconnect: 'mesh',
  clockGHz: 2.5,
  latencyNs: {},
  memory: { l3MB: 35.75 },
  sources: {},
  ...over,
});

const count = (svg: string, re: RegExp): number => (svg.match(re) ?? []).length;

describe('topologySvg', () => {
  it('r5.metal with SMT on: 2 sockets, 2 L3 domains, 48 cores, 96 threads', () => {
    const svg = topologySvg(machine({}));
    assert.equal(count(svg, /socket \d/g), 2);
    assert.equal(count(svg, /L3 35\.75 MB/g), 2);
    assert.equal(count(svg, /<rect [^>]*width="11"/g), 48);
    assert.equal(count(svg, /<circle/g), 96);
  });

  it('m7a.24xlarge: 12 L3 domains of 8 cores, one thread each', () => {
    const svg = topologySvg(
      machine({ label: 'm7a', sockets: 1, l3DomainsPerSocket: 12, coresPerL3: 8, threadsPerCore: 1 }),
    );
    assert.equal(count(svg, /L3 35\.75 MB/g), 12);
    assert.equal(count(svg, /<circle/g), 96);
  });

  it('escapes its labels', () => {
    const svg = topologySvg(machine({ label: '<script>x</script>' }));
    assert.ok(!svg.includes('<script>'));
    assert.ok(svg.includes('&lt;script&gt;'));
  });
});
