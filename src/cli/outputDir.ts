// An output folder as one unit. Before anything runs: the folder must be creatable and writable on a
// real filesystem (not /proc or /sys), and not a file. A run that starts (not resuming) removes the
// outputs lockcliff wrote there before — only files with lockcliff's own names — so a folder never
// mixes two runs. Each finished run is appended to runs.jsonl (flushed) as it completes, so an
// interrupted sweep can be resumed; manifest.json is written last and says the folder is complete:
// readers (`plot`, `merge`) check it.

import {
  accessSync,
  appendFileSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  statSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../core/index.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

/** Filesystems that are not storage (statfs magic numbers): proc, sysfs, debugfs, tracefs, cgroup, cgroup2. */
const PSEUDO_FILESYSTEMS = new Set([0x9fa0, 0x62656572, 0x64626720, 0x74726163, 0x27e0eb, 0x63677270]);

/** The names lockcliff writes into an output folder (what a new run may remove). */
const OUTPUT_FILE =
  /^(results\.json|results\.csv|cliffs\.json|report\.html|report\.md|manifest\.json|runs\.jsonl|sensitivity\.json|rows\.json|[a-z0-9-]+\.(vl\.json|svg|png))$/;

/** Refuses (exit 2, nothing written) a folder that cannot take the outputs. */
export function checkOutDir(dir: string, flag = '--out'): void {
  const full = resolve(dir);
  if (existsSync(full) && !statSync(full).isDirectory())
    throw new InputError(`${dir} is a file, not a folder`, { path: flag });
  let existing = full;
  while (!existsSync(existing)) existing = dirname(existing);
  if (!statSync(existing).isDirectory())
    throw new InputError(`${dir} cannot be created: ${existing} is a file`, { path: flag });
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    throw new InputError(`${dir} cannot be written: ${existing} is not writable`, { path: flag });
  }
  const type = statfsSync(existing).type;
  if (PSEUDO_FILESYSTEMS.has(type))
    throw new InputError(`${dir} is on a pseudo filesystem (${existing}), not storage`, { path: flag });
}

/** Removes what an earlier run wrote into `dir` (only lockcliff's own file names). */
export function clearOutputs(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) if (OUTPUT_FILE.test(name)) rmSync(join(dir, name), { force: true });
}

export interface Manifest {
  readonly kind: 'sweep' | 'cliff';
  /** What was run: the same identity means the same sweep (scenario text, overrides, dimensions, seeds). */
  readonly identity: string;
  readonly lockcliff: string;
  readonly runs: number;
  readonly files: readonly string[];
  /** A shard's slice, when the sweep was sharded. */
  readonly shard?: { readonly index: number; readonly count: number };
}

export function writeManifest(dir: string, m: Manifest): void {
  writeFileAtomic(join(dir, 'manifest.json'), `${JSON.stringify(m, null, 2)}\n`);
}

/** The folder's manifest, or an InputError saying why the folder is not a complete output. */
export function readManifest(dir: string): Manifest {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) {
    const partial = existsSync(join(dir, 'runs.jsonl'));
    throw new InputError(
      partial
        ? `${dir} holds an interrupted run (runs.jsonl, no manifest.json): finish it with --resume`
        : `${dir} holds no complete lockcliff output (no manifest.json)`,
      { path: 'dir' },
    );
  }
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch (error) {
    throw new InputError(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof m.identity !== 'string' || !Array.isArray(m.files))
    throw new InputError(`${file} is not a lockcliff manifest`, { path: 'dir' });
  return m;
}

/** runs.jsonl: a header line with the identity, then one finished run per line, each flushed. */
export class RunLog {
  private readonly file: string;

  constructor(dir: string, identity: string, resume: boolean) {
    this.file = join(dir, 'runs.jsonl');
    if (!resume || !existsSync(this.file)) writeFileAtomic(this.file, `${JSON.stringify({ identity })}\n`);
  }

  /** The runs already logged, by task index, after checking the log belongs to this sweep. */
  static read<T>(dir: string, identity: string): Map<number, T> {
    const file = join(dir, 'runs.jsonl');
    const done = new Map<number, T>();
    if (!existsSync(file)) return done;
    const lines = readFileSync(file, 'utf8').split('\n');
    const header = safeParse(lines[0] ?? '') as { identity?: string } | null;
    if (header?.identity !== identity)
      throw new InputError(`${file} belongs to another sweep (its scenario, overrides, dimensions or seeds differ)`, {
        path: '--resume',
      });
    for (const line of lines.slice(1)) {
      // A line cut off by a kill is not a finished run.
      const row = safeParse(line) as { index?: number; run?: T } | null;
      if (row !== null && typeof row.index === 'number' && row.run !== undefined) done.set(row.index, row.run);
    }
    return done;
  }

  append(index: number, run: unknown): void {
    appendFileSync(this.file, `${JSON.stringify({ index, run })}\n`);
    const fd = openSync(this.file, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

function safeParse(line: string): unknown {
  try {
    return line.trim() === '' ? null : JSON.parse(line);
  } catch {
    return null;
  }
}
