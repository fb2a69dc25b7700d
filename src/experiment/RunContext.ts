// What a results.json records besides its runs, so that its report can say under which assumptions
// and on which machines the runs were made, and how to make them again: the lockcliff version, the
// command, every scenario field with its origin and source, and the machines' facts. Plain data, filled
// by the command that ran (it reads the scenario and the presets); the report only reads it.

/** One scenario field as the runs used it (before the varied fields). */
export interface ContextField {
  readonly path: string;
  readonly value: string;
  /** The field's default, as text ('' when it has none). */
  readonly default: string;
  readonly origin: 'file' | 'command line' | 'default';
  readonly unit?: string;
  /** For model parameters: where the value comes from (measured, vendor, derived, estimate). */
  readonly kind?: string;
  readonly range?: readonly [string, string];
  readonly source?: string;
  readonly doc: string;
}

/** A machine (preset with SMT on or off) as the runs used it. */
export interface MachineFacts {
  /** The series' group label: "r5.metal, SMT on". */
  readonly label: string;
  readonly name: string;
  readonly description: string;
  readonly sockets: number;
  readonly l3DomainsPerSocket: number;
  readonly coresPerL3: number;
  /** Hardware threads per core online (1 with SMT off or without SMT). */
  readonly threadsPerCore: number;
  readonly interconnect: string;
  readonly clockGHz: number;
  /** One-way cache-line transfer medians by distance class (ns). */
  readonly latencyNs: Readonly<Record<string, number>>;
  /** Cache sizes and memory latencies the walks are priced by. */
  readonly memory: Readonly<Record<string, number>>;
  /** Every sourced number of the preset: "value (kind) — source", by field. */
  readonly sources: Readonly<Record<string, string>>;
}

export interface RunContext {
  readonly lockcliff: string;
  /** The command that makes these results again (output, jobs, shard and resume flags left out). */
  readonly command: string;
  readonly scenario: {
    readonly file: string;
    readonly name: string;
    readonly description: string;
    readonly fields: readonly ContextField[];
  };
  readonly machines: readonly MachineFacts[];
}
