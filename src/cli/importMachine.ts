// `lockcliff models import`: a preset from `lscpu -p` output and, optionally, a measured
// core-to-core latency CSV. Class values come from the CSV (median, and the 5th/95th percentiles as
// the mesh's near/far); the CSV is copied beside the preset and referenced, so measured pairs keep
// their measured values and the classes serve pairs the CSV lacks (and `--smt off`).

import { copyFileSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Document, isScalar, isSeq, visit } from 'yaml';
import { InputError } from '../core/index.ts';
import {
  type ClassSummary,
  DEFAULT_LINE_PARAMS,
  LatencyModel,
  latencyParamsOf,
  type Preset,
  parseC2cCsv,
  parseLscpu,
  parsePreset,
  type Sourced,
  summariseMatrix,
  Topology,
} from '../hw/index.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

export interface ImportOptions {
  readonly lscpu: string;
  readonly c2c?: string;
  readonly roundTrip: boolean;
  readonly name: string;
  readonly latencyFrom?: Preset;
  readonly interconnect?: 'mesh' | 'chiplet';
  readonly clockGHz?: number;
  readonly pauseCycles?: number;
  readonly out: string;
}

type Doc = Record<string, unknown>;

const round = (x: number): number => Math.round(x * 100) / 100;

function measured(value: number, source: string): Sourced {
  return { value: round(value), kind: 'measured', source };
}

/** Writes the preset (and the copied CSV); returns lines to print. */
export function importMachine(options: ImportOptions): string[] {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(options.name))
    throw new InputError(`--name: use letters, digits, ".", "_" and "-", got ${JSON.stringify(options.name)}`);
  const machine = parseLscpu(readFileSync(options.lscpu, 'utf8'), options.lscpu);
  const layout = machine.layout;
  const topology = new Topology(layout);
  const interconnect = options.interconnect ?? (layout.l3DomainsPerSocket > 1 ? 'chiplet' : 'mesh');
  const doc: Doc = {
    name: options.name,
    description: `imported from ${basename(options.lscpu)}${options.c2c === undefined ? '' : ` and ${basename(options.c2c)}`}: ${layout.sockets} socket(s) × ${layout.coresPerSocket} cores × ${layout.threadsPerCore} threads, ${layout.l3DomainsPerSocket} L3 domain(s) per socket`,
    interconnect,
    coherence: options.latencyFrom?.coherence ?? 'directory',
    layout: {
      sockets: layout.sockets,
      coresPerSocket: layout.coresPerSocket,
      l3DomainsPerSocket: layout.l3DomainsPerSocket,
      threadsPerCore: layout.threadsPerCore,
      source: `lscpu -p (${basename(options.lscpu)})${machine.usualNumbering ? '' : '; Linux numbering listed in numbering as [socket, core, thread] per cpu'}`,
      ...(layout.numbering !== undefined && { numbering: layout.numbering }),
    },
  };
  const from = options.latencyFrom;
  doc.clockGHz =
    options.clockGHz !== undefined
      ? { value: options.clockGHz, kind: 'vendor', source: 'given to models import (--clock-ghz)' }
      : (from?.clockGHz ?? {
          value: 2.5,
          kind: 'estimate',
          range: [1.5, 4],
          source: 'not given to models import (--clock-ghz): estimate',
        });
  doc.pauseCycles =
    options.pauseCycles !== undefined
      ? { value: options.pauseCycles, kind: 'vendor', source: 'given to models import (--pause-cycles)' }
      : (from?.pauseCycles ?? {
          value: 40,
          kind: 'estimate',
          range: [10, 140],
          source:
            'not given to models import (--pause-cycles): shared/reference/hardware.md spans 10 (AMD, pre-Skylake) to 140 cycles (Skylake-SP+)',
        });
  const printed: string[] = [];
  if (options.c2c !== undefined) {
    const matrix = parseC2cCsv(readFileSync(options.c2c, 'utf8'), options.c2c, { roundTrip: options.roundTrip });
    const classes = summariseMatrix(topology, matrix);
    const src = (what: string, s: ClassSummary): string =>
      `${basename(options.c2c as string)}: ${what} over ${s.count} measured pairs`;
    const sameL3 = classes.sameL3 ?? classes.crossL3 ?? classes.crossSocketByHop[0];
    if (sameL3 === undefined)
      throw new InputError('the CSV measures no pair of cpus that share a socket', { file: options.c2c });
    const latencyNs: Doc = {
      smt:
        classes.smt === undefined
          ? {
              value: round(sameL3.p5),
              kind: 'derived',
              source: 'no SMT pairs measured; set to the same-L3 near value so sibling ≤ same L3 holds',
            }
          : measured(classes.smt.median, src('SMT sibling median', classes.smt)),
      sameL3Near: measured(sameL3.p5, src('same-L3 5th percentile', sameL3)),
      sameL3Far: measured(sameL3.p95, src('same-L3 95th percentile', sameL3)),
    };
    const coresPerL3 = layout.coresPerSocket / layout.l3DomainsPerSocket;
    if (interconnect === 'mesh' && coresPerL3 > 2 && classes.sameL3 !== undefined) {
      latencyNs.sameL3Median = measured(sameL3.median, src('same-L3 median', sameL3));
      latencyNs.meshColumns = {
        value: Math.max(2, Math.round(Math.sqrt(coresPerL3))),
        kind: 'estimate',
        source: 'mesh grid width: the square root of the cores per die (estimate; only the spread is measured)',
      };
    }
    if (layout.l3DomainsPerSocket > 1) {
      const c = classes.crossL3;
      if (c === undefined)
        throw new InputError('the CSV measures no pair across L3 domains of a socket', { file: options.c2c });
      latencyNs.crossL3 = [measured(c.median, src('cross-L3 median', c))];
    }
    if (layout.sockets > 1) {
      if (classes.crossSocketByHop.length === 0)
        throw new InputError('the CSV measures no cross-socket pair', { file: options.c2c });
      latencyNs.crossSocket = classes.crossSocketByHop.map((c, i) =>
        measured(c.median, src(`cross-socket ${i + 1}-hop median`, c)),
      );
    }
    doc.latencyNs = latencyNs;
    const csvName = `${options.name}.c2c.csv`;
    doc.latencyMatrix = {
      file: csvName,
      source: `measured core-to-core latency (${basename(options.c2c)}), one-way ns; overrides the classes pair by pair`,
    };
    copyFileSync(options.c2c, join(dirname(resolve(options.out)), csvName));
    printed.push(`measured classes (median ns): ${describeClasses(classes)}`);
  } else if (from !== undefined) {
    doc.latencyNs = from.latencyNs;
    if (from.lines !== DEFAULT_LINE_PARAMS) doc.lines = from.lines;
    printed.push(`latencies, clock and PAUSE taken from ${from.name}`);
  } else {
    throw new InputError('give --c2c FILE (measured latencies) or --latency-from PRESET (copy a known machine’s)');
  }
  const yamlDoc = new Document(doc);
  // Lists of plain numbers (numbering entries, ranges) read best on one line.
  visit(yamlDoc, {
    Seq(_, node) {
      if (isSeq(node) && node.items.every((item) => isScalar(item) && typeof item.value === 'number')) node.flow = true;
    },
  });
  const text = `# lockcliff machine preset, written by \`lockcliff models import\`.\n${yamlDoc.toString({ lineWidth: 0, flowCollectionPadding: false })}`;
  // Check what we are about to write loads and passes the layout checks.
  const preset = parsePreset(text, options.out);
  const check = new LatencyModel(new Topology(preset.layout), latencyParamsOf(preset));
  writeFileAtomic(options.out, text);
  printed.push(`model classes (median ns, classes only): ${describeModel(check.classMediansNs())}`);
  printed.push(`wrote ${options.out}${options.c2c === undefined ? '' : ` and ${options.name}.c2c.csv beside it`}`);
  return printed;
}

function describeClasses(c: ReturnType<typeof summariseMatrix>): string {
  const parts: string[] = [];
  if (c.smt !== undefined) parts.push(`smt ${c.smt.median.toFixed(1)}`);
  if (c.sameL3 !== undefined) parts.push(`sameL3 ${c.sameL3.median.toFixed(1)}`);
  if (c.crossL3 !== undefined) parts.push(`crossL3 ${c.crossL3.median.toFixed(1)}`);
  for (const [i, h] of c.crossSocketByHop.entries()) parts.push(`crossSocket(${i + 1} hop) ${h.median.toFixed(1)}`);
  return parts.join(', ');
}

function describeModel(m: Partial<Record<string, number>>): string {
  return Object.entries(m)
    .map(([k, v]) => `${k} ${(v as number).toFixed(1)}`)
    .join(', ');
}
