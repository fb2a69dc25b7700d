// The design-review page tells the story in order — the answer first (each series' cliff, or how close
// it comes), the machines, the workload, why, the assumptions, how to reproduce — from results and
// their recorded context, escaping what users wrote.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { cliffsOf, type RunContext, type SweepResults, type SweepRow } from '../../../src/experiment/index.ts';
import type { BurstOutcome } from '../../../src/metrics/index.ts';
import { docHtml, docMarkdown, machineFigures, storyReport } from '../../../src/report/index.ts';

const golden = (name: string): BurstOutcome =>
  JSON.parse(readFileSync(`test/golden/scenarios/${name}.json`, 'utf8')) as BurstOutcome;
const perLayer = golden('mount-mayhem');
const common = golden('mount-mayhem-common-parent');

let index = 0;
const row = (o: BurstOutcome, containers: number, p99: number): SweepRow => ({
  index: index++,
  seed: '1',
  point: { 'burst.strategy': o.strategy, 'burst.containers': String(containers) },
  outcome: { ...o, containers, startLatencySeconds: { ...o.startLatencySeconds, p99 } },
});

const context: RunContext = {
  lockcliff: '0.1.0',
  command:
    "lockcliff sweep scenarios/x.yaml --vary strategy=per-layer-idmap,common-parent --set 'description=<b>bold</b>'",
  scenario: {
    file: 'scenarios/x.yaml',
    name: 'x',
    description: '<b>bold</b>',
    fields: [
      { path: 'burst.layers', value: '50', default: '50', origin: 'file', doc: 'image layers per container' },
      { path: 'probes.period', value: '5s', default: '10s', origin: 'command line', doc: 'health probe period' },
      {
        path: 'kernel.params.serviceNamespaces',
        value: '10',
        default: '10',
        origin: 'default',
        kind: 'estimate',
        range: ['5', '15'],
        source: 'docs/kernel.md',
        doc: 'long-lived slave mount namespaces',
      },
    ],
  },
  machines: [
    {
      label: 'r5.metal, SMT on',
      name: 'r5.metal',
      description: 'AWS r5.metal',
      sockets: 2,
      l3DomainsPerSocket: 1,
      coresPerL3: 24,
      threadsPerCore: 2,
      interconnect: 'mesh',
      clockGHz: 2.5,
      latencyNs: { smt: 7.6, sameL3: 46.8, crossSocket: 134 },
      memory: { l2KB: 1024, l2HitNs: 5.6, l3MB: 35.75, dramNs: 80, remoteDramNs: 147.5 },
      sources: {},
    },
  ],
};

const results: SweepResults = {
  scenario: 'scenarios/x.yaml',
  varied: ['burst.strategy', 'burst.containers'],
  threshold: 0.99,
  deadlineSeconds: 240,
  probeTimeoutSeconds: 30,
  probeTimeoutsFail: true,
  rows: [row(perLayer, 50, 20), row(perLayer, 100, 300), row(common, 50, 0.3), row(common, 100, 0.5)],
  context,
};
const charts = [{ name: 'cliff-p99', file: 'cliff-p99.png', svg: '<svg></svg>' }];
const doc = storyReport(results, cliffsOf(results), charts);

describe('storyReport', () => {
  it('tells the story in order, the answer first', () => {
    assert.deepEqual(
      doc.sections.map((s) => s.id),
      ['answer', 'machines', 'workload', 'why', 'assumptions', 'reproduce'],
    );
  });

  it('answers with each series’ cliff or how close it comes', () => {
    const md = docMarkdown(doc);
    assert.match(md, /\*\*The earliest cliff: 100 containers\*\* — per-layer-idmap/);
    assert.match(md, /\*\*No cliff up to 100 containers:\*\* common-parent/);
    // At the largest load that passed: per-layer at 50, common-parent at 100.
    assert.match(md, /\| 50: p99 start 20\.0 s/);
    assert.match(md, /\| 100: p99 start 0\.50 s/);
    assert.match(md, /!\[[^\]]*\]\(cliff-p99\.png\)/);
  });

  it('shows each machine with its diagram, latency classes and memory hierarchy', () => {
    const md = docMarkdown(doc);
    assert.equal(machineFigures(context)[0]?.name, 'machine-r5-metal-smt-on');
    assert.match(md, /\(machine-r5-metal-smt-on\.png\)/);
    assert.match(md, /\| r5\.metal, SMT on \| 2\.5 \| 7\.6 \| 46\.8 \| 134\.0 \|/);
    assert.match(md, /\| r5\.metal, SMT on \| 1024 \| 5\.6 \| 35\.75 \| 80 \| 147\.5 \|/);
  });

  it('why: the time at the load every series ran, with the propagation tree', () => {
    const why = doc.sections.find((s) => s.id === 'why');
    const table = why?.blocks.find((b) => b.kind === 'table');
    assert.ok(table?.kind === 'table');
    assert.match(table.table.caption, /^At 100 containers \(every series ran it\)/);
    assert.equal(table.table.rows.length, 2);
    assert.equal(table.table.rows[0]?.[7], perLayer.propagation.peakPeers);
  });

  it('lists the fields changed from their defaults and every estimated parameter with range and source', () => {
    const md = docMarkdown(doc);
    assert.match(md, /\| probes\.period \| 5s \| 10s \| on the command line \|/);
    assert.match(md, /\| serviceNamespaces \| 10 \| 5–15 \| docs\/kernel\.md \|/);
    assert.ok(!/\| burst\.layers \| 50 \| 50 \|/.test(md), 'a field at its default is not "changed"');
  });

  it('gives the command and version that reproduce the page', () => {
    const reproduce = doc.sections.find((s) => s.id === 'reproduce');
    assert.ok(reproduce?.blocks.some((b) => b.kind === 'code' && b.text === context.command));
    assert.match(docHtml(doc), /lockcliff 0\.1\.0/);
  });

  it('escapes what users wrote (scenario description, --set values)', () => {
    const html = docHtml(doc);
    assert.ok(!html.includes('<b>bold</b>'));
    assert.ok(html.includes('&lt;b&gt;bold&lt;/b&gt;'));
  });

  it('results written before the context was recorded: says so instead of guessing', () => {
    const { context: _, ...old } = results;
    const page = docMarkdown(storyReport(old, cliffsOf(old), charts));
    assert.match(page, /Not recorded/);
    assert.match(page, /The earliest cliff: 100 containers/);
  });
});
