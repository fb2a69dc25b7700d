// A preset document from a real machine: the layout from `lscpu -p` output and the latency classes
// from a measured core-to-core CSV (median, and the 5th/95th percentiles as the mesh's near/far), or
// borrowed from a known preset. Pure: text in, a YAML document out (checked to load as a preset).
// `lockcliff models import` reads the files and writes the result.

import { basename } from 'node:path';
import { Document, isScalar, isSeq, visit } from 'yaml';
import { InputError } from '../core/index.ts';
import { type ClassSummary, parseC2cCsv, parseLscpu, type LscpuMachine, summariseMatrix } from './importers.ts';
import { LatencyModel } from './LatencyModel.ts';
import { DEFAULT_LINE_PARAMS, latencyParamsOf, type Preset, parsePreset, type Sourced } from './preset.ts';
import { Topology } from './Topology.ts';

export interface PresetImport {
  readonly name: string;
  /** `lscpu -p` output and the file it came from. */
  readonly lscpu: { readonly text: string; readonly file: string };
  /** A measured core-to-core CSV and its file; `roundTrip` when it holds round trips. */
  readonly c2c?: { readonly text: string; readonly file: string; readonly roundTrip: boolean };
  readonly latencyFrom?: Preset;
  readonly interconnect?: 'mesh' | 'chiplet';
  readonly clockGHz?: number;
  readonly pauseCycles?: number;
  /** Where the preset will be written (for errors and the check). */
  readonly out: string;
}

export interface ImportedPreset {
  /** The preset file's text. */
  readonly yaml: string;
  /** With a CSV: the name to copy it to, beside the preset. */
  readonly csvName: string | null;
  /** What to tell the user. */
  readonly notes: readonly string[];
}

type Doc = Record<string, unknown>;

/** Imported figures are kept to 0.01 ns. */
const round = (x: number): number => Math.round(x * 100) / 100;

function measured(value: number, source: string): Sourced {
  return { value: round(value), kind: 'measured', source };
}

/** Default clock when none is given or borrowed: a typical server base clock, to calibrate. */
const DEFAULT_CLOCK: Sourced = {
  value: 2.5,
  kind: 'estimate',
  range: [1.5, 4],
  source: 'not given to models import (--clock-ghz): estimate',
};

/** Default PAUSE latency when none is given or borrowed. */
const DEFAULT_PAUSE: Sourced = {
  value: 40,
  kind: 'estimate',
  range: [10, 140],
  source:
    'not given to models import (--pause-cycles): docs/hardware.md spans 10 (AMD, pre-Skylake) to 140 cycles (Skylake-SP+)',
};

export function importPreset(o: PresetImport): ImportedPreset {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(o.name))
    throw new InputError(`--name: use letters, digits, ".", "_" and "-", got ${JSON.stringify(o.name)}`);
  const machine = parseLscpu(o.lscpu.text, o.lscpu.file);
  const interconnect = o.interconnect ?? (machine.layout.l3DomainsPerSocket > 1 ? 'chiplet' : 'mesh');
  const doc = layoutDoc(o, machine, interconnect);
  doc.clockGHz =
    o.clockGHz !== undefined
      ? { value: o.clockGHz, kind: 'vendor', source: 'given to models import (--clock-ghz)' }
      : (o.latencyFrom?.clockGHz ?? DEFAULT_CLOCK);
  doc.pauseCycles =
    o.pauseCycles !== undefined
      ? { value: o.pauseCycles, kind: 'vendor', source: 'given to models import (--pause-cycles)' }
      : (o.latencyFrom?.pauseCycles ?? DEFAULT_PAUSE);
  const notes: string[] = [];
  let csvName: string | null = null;
  if (o.c2c !== undefined) {
    const matrix = parseC2cCsv(o.c2c.text, o.c2c.file, { roundTrip: o.c2c.roundTrip });
    const classes = summariseMatrix(new Topology(machine.layout), matrix);
    doc.latencyNs = measuredLatencies(o.c2c.file, machine, interconnect, classes);
    csvName = `${o.name}.c2c.csv`;
    doc.latencyMatrix = {
      file: csvName,
      source: `measured core-to-core latency (${basename(o.c2c.file)}), one-way ns; overrides the classes pair by pair`,
    };
    notes.push(`measured classes (median ns): ${describeClasses(classes)}`);
  } else if (o.latencyFrom !== undefined) {
    doc.latencyNs = o.latencyFrom.latencyNs;
    if (o.latencyFrom.lines !== DEFAULT_LINE_PARAMS) doc.lines = o.latencyFrom.lines;
    notes.push(`latencies, clock and PAUSE taken from ${o.latencyFrom.name}`);
  } else {
    throw new InputError('give --c2c FILE (measured latencies) or --latency-from PRESET (copy a known machine’s)');
  }
  const yaml = presetYaml(doc);
  // Check what is about to be written loads and passes the layout checks.
  const preset = parsePreset(yaml, o.out);
  const check = new LatencyModel(new Topology(preset.layout), latencyParamsOf(preset));
  notes.push(`model classes (median ns, classes only): ${describeModel(check.classMediansNs())}`);
  return { yaml, csvName, notes };
}

function layoutDoc(o: PresetImport, machine: LscpuMachine, interconnect: 'mesh' | 'chiplet'): Doc {
  const layout = machine.layout;
  return {
    name: o.name,
    description: `imported from ${basename(o.lscpu.file)}${o.c2c === undefined ? '' : ` and ${basename(o.c2c.file)}`}: ${layout.sockets} socket(s) × ${layout.coresPerSocket} cores × ${layout.threadsPerCore} threads, ${layout.l3DomainsPerSocket} L3 domain(s) per socket`,
    interconnect,
    coherence: o.latencyFrom?.coherence ?? 'directory',
    layout: {
      sockets: layout.sockets,
      coresPerSocket: layout.coresPerSocket,
      l3DomainsPerSocket: layout.l3DomainsPerSocket,
      threadsPerCore: layout.threadsPerCore,
      source: `lscpu -p (${basename(o.lscpu.file)})${machine.usualNumbering ? '' : '; Linux numbering listed in numbering as [socket, core, thread] per cpu'}`,
      ...(layout.numbering !== undefined && { numbering: layout.numbering }),
    },
  };
}

function measuredLatencies(
  file: string,
  machine: LscpuMachine,
  interconnect: 'mesh' | 'chiplet',
  classes: ReturnType<typeof summariseMatrix>,
): Doc {
  const layout = machine.layout;
  const src = (what: string, s: ClassSummary): string => `${basename(file)}: ${what} over ${s.count} measured pairs`;
  const sameL3 = classes.sameL3 ?? classes.crossL3 ?? classes.crossSocketByHop[0];
  if (sameL3 === undefined) throw new InputError('the CSV measures no pair of cpus that share a socket', { file });
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
    if (c === undefined) throw new InputError('the CSV measures no pair across L3 domains of a socket', { file });
    latencyNs.crossL3 = [measured(c.median, src('cross-L3 median', c))];
  }
  if (layout.sockets > 1) {
    if (classes.crossSocketByHop.length === 0) throw new InputError('the CSV measures no cross-socket pair', { file });
    latencyNs.crossSocket = classes.crossSocketByHop.map((c, i) =>
      measured(c.median, src(`cross-socket ${i + 1}-hop median`, c)),
    );
  }
  return latencyNs;
}

function presetYaml(doc: Doc): string {
  const yamlDoc = new Document(doc);
  // Lists of plain numbers (numbering entries, ranges) read best on one line.
  visit(yamlDoc, {
    Seq(_, node) {
      if (isSeq(node) && node.items.every((item) => isScalar(item) && typeof item.value === 'number')) node.flow = true;
    },
  });
  return `# lockcliff machine preset, written by \`lockcliff models import\`.\n${yamlDoc.toString({ lineWidth: 0, flowCollectionPadding: false })}`;
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
