// What a process's structure costs in V8: resuming a generator directly, through a chain of `yield*`
// delegations (a model's container start → strategy pass → syscall → lock operation), and through
// such a chain built afresh for every few waits (each syscall and lock operation is a new generator).
// No engine, no queue: the loop calls next() itself, so the figures are the language's cost alone,
// the floor under any engine whose processes are generators, on this machine.

/** `levels` generators delegating down to one that yields `n` times. */
function* nest(levels: number, n: number): Generator<number, void, unknown> {
  if (levels === 0) for (let i = 0; i < n; i++) yield i;
  else yield* nest(levels - 1, n);
}

/** A process whose every wait passes through `depth` generators (itself included), `n` waits per chain built. */
export function* waiter(depth: number, n: number): Generator<number, void, unknown> {
  if (depth <= 1) for (let i = 0; ; i++) yield i;
  while (true) yield* nest(depth - 2, n);
}

export interface GeneratorDepthResult {
  /** Generators a resume passes through (1: the process itself). */
  readonly depth: number;
  /** Waits per chain built; null: one chain for the whole run. */
  readonly waitsPerChain: number | null;
  readonly resumesPerSecond: number;
}

/** Resumes per wall second of a process whose waits pass through `depth` generators. */
export function runGeneratorDepth(depth: number, waitsPerChain: number | null, resumes: number): GeneratorDepthResult {
  const it = waiter(depth, waitsPerChain ?? Number.MAX_SAFE_INTEGER);
  let sink = 0;
  const started = performance.now();
  for (let i = 0; i < resumes; i++) sink += it.next().value as number;
  const wallSeconds = (performance.now() - started) / 1000;
  if (sink < 0) throw new Error('unreachable');
  return { depth, waitsPerChain, resumesPerSecond: resumes / wallSeconds };
}
