// What the commands share: overrides from --set and --allow-out-of-range, the worker count, a run's
// identity (for resuming and merging), and an interrupt that stops a long run cleanly.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { InputError } from '../core/index.ts';
import { PoolAborted } from '../experiment/index.ts';
import { type Override, parseOverride } from '../scenario/index.ts';

export const ALLOW_OUT_OF_RANGE = {
  type: 'boolean',
  default: false,
  describe: 'accept kernel parameters outside their documented ranges (exploring on purpose; outputs say so)',
} as const;

/** `--set path=value`, repeatable: any scenario field. */
export const SET_OPTION = {
  type: 'string',
  array: true,
  default: [] as string[],
  describe: 'override a scenario field: path=value (`lockcliff scenario explain FILE` lists them)',
} as const;

/** What fails a run, for sweeps and cliff searches. */
export const THRESHOLD_OPTION = {
  type: 'number',
  default: 0.99,
  describe: 'a start success rate below this fails a run (0–1]',
} as const;

export const PROBE_TIMEOUTS_OPTION = {
  type: 'boolean',
  default: true,
  describe: 'a health probe past its timeout fails a run (--no-probe-timeouts: starts only)',
} as const;

export const CHARTS_OPTION = {
  type: 'boolean',
  default: true,
  describe: 'render charts and the report (--no-charts to skip)',
} as const;

/** The overrides of `--set path=value …` and `--allow-out-of-range`, each naming its flag. */
export function overridesOf(args: {
  readonly set: readonly string[];
  readonly 'allow-out-of-range'?: boolean;
}): Override[] {
  const out = args.set.map((s) => parseOverride(s, '--set'));
  if (args['allow-out-of-range'] === true)
    out.push({ path: 'run.allowOutOfRange', value: 'true', flag: '--allow-out-of-range' });
  return out;
}

/** Worker threads: a positive integer, at most the cores this machine has (more only slows a sweep down). */
export function checkJobs(jobs: number): void {
  const cores = availableParallelism();
  if (!(Number.isInteger(jobs) && jobs >= 1 && jobs <= cores))
    throw new InputError(`expected an integer from 1 to ${cores} (the cores here), got ${jobs}`, {
      path: '--jobs',
    });
}

/** A run's identity: the scenario file's text and everything that decides what runs. */
export function identityOf(scenarioFile: string, what: unknown): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(scenarioFile, 'utf8'));
  hash.update(JSON.stringify(what));
  return hash.digest('hex').slice(0, 32);
}

/**
 * Runs `body` with an AbortSignal that the first Ctrl-C (SIGINT) or SIGTERM aborts; on abort prints
 * `howToResume` and returns null (exit code 130), leaving what finished in place.
 */
export async function interruptible<T>(
  body: (signal: AbortSignal) => Promise<T>,
  howToResume: () => string,
): Promise<T | null> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await body(controller.signal);
  } catch (error) {
    if (!(error instanceof PoolAborted)) throw error;
    console.error(`\ninterrupted: ${howToResume()}`);
    process.exitCode = 130;
    return null;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
