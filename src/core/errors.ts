// Errors that say where they came from: a simulated time, a process, a file and JSON path.
// `SimError` is for failures inside a run; `InputError` for bad input at the edge (files, flags).

/** Where an error arose. Every field is optional; the more the better for the reader. */
export interface ErrorOrigin {
  /** The model or module that raised it, e.g. `engine`, `duration`. */
  readonly where?: string;
  /** Simulated time in picoseconds when it happened. */
  readonly timePs?: number;
  /** Name of the simulated process that was running. */
  readonly process?: string;
}

/** A failure inside the simulator. The message is prefixed with its origin. */
export class SimError extends Error {
  override readonly name: string = 'SimError';
  readonly origin: ErrorOrigin;

  constructor(message: string, origin: ErrorOrigin = {}, options?: { cause?: unknown }) {
    super(formatOrigin(origin) + message, options);
    this.origin = origin;
  }
}

/**
 * Bad user input: a file, field (JSON path) and what is allowed. The CLI prints the message and exits
 * with code 2; nothing is written.
 */
export class InputError extends Error {
  override readonly name: string = 'InputError';
  readonly file: string | undefined;
  readonly path: string | undefined;

  constructor(message: string, at: { file?: string; path?: string } = {}) {
    const prefix = [at.file, at.path].filter((part) => part !== undefined && part !== '').join(': ');
    super(prefix === '' ? message : `${prefix}: ${message}`);
    this.file = at.file;
    this.path = at.path;
  }
}

/** Throws a `SimError` when `condition` is false: for internal invariants, not user input. */
export function invariant(condition: unknown, message: string, origin?: ErrorOrigin): asserts condition {
  if (!condition) throw new SimError(`invariant violated: ${message}`, origin);
}

function formatOrigin(origin: ErrorOrigin): string {
  const parts: string[] = [];
  if (origin.where !== undefined) parts.push(origin.where);
  if (origin.process !== undefined) parts.push(`process "${origin.process}"`);
  if (origin.timePs !== undefined) parts.push(`t=${formatPsForError(origin.timePs)}`);
  return parts.length === 0 ? '' : `[${parts.join(', ')}] `;
}

function formatPsForError(ps: number): string {
  // Seconds with picosecond precision, so a reader can line it up with a trace.
  return `${(ps / 1e12).toFixed(12).replace(/0+$/, '').replace(/\.$/, '')}s`;
}
