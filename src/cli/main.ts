// The lockcliff command line. The only module that touches argv, the file system, the wall clock and
// the process exit code. Exit codes: 0 success, 1 a failure inside a run, 2 bad usage or bad input.

import yargs from 'yargs';
import { InputError, SimError } from '../core/index.ts';
import { registerCliff } from './cliff.ts';
import { registerDoctor } from './doctor.ts';
import { registerLockbench } from './lockbench.ts';
import { registerModels } from './models.ts';
import { registerMountbench } from './mountbench.ts';
import { registerRun } from './run.ts';
import { registerSensitivity } from './sensitivity.ts';
import { registerSweep } from './sweep.ts';
import { VERSION } from './version.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Builds the parser. Commands register here as the issues that own them land. */
export function buildCli(argv: readonly string[]) {
  const commands = [
    registerModels,
    registerLockbench,
    registerMountbench,
    registerRun,
    registerSweep,
    registerCliff,
    registerSensitivity,
    registerDoctor,
  ];
  return (
    commands
      .reduce((y, register) => register(y), yargs([...argv]))
      .scriptName('lockcliff')
      .usage(
        '$0 <command> [options]\n\n' +
          'Discrete-event simulator of lock contention across CPU topologies: at how many concurrent\n' +
          'container starts does a node fall off a cliff, on which CPU, and what moves the cliff?',
      )
      .command(
        'version',
        'Print the version',
        () => {},
        () => {
          console.log(VERSION);
        },
      )
      .version(VERSION)
      .alias('h', 'help')
      .demandCommand(1, 'name a command (`lockcliff --help` lists them)')
      .recommendCommands()
      // Help and --version print and return: main() decides the exit code (tests call it in-process).
      .exitProcess(false)
      .strict()
      .wrap(Math.min(110, process.stdout.columns ?? 110))
      .epilogue('Docs: README.md. Exit codes: 0 ok, 1 failure in a run, 2 bad usage or input.')
      .fail((message, error) => {
        if (error !== undefined && error !== null) throw error;
        throw new InputError(message ?? 'bad usage');
      })
  );
}

/** Runs the CLI and returns the exit code (does not exit, so tests can call it). */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildCli(argv).parseAsync();
    return EXIT_OK;
  } catch (error) {
    if (error instanceof InputError) {
      console.error(`lockcliff: ${error.message}`);
      console.error('Run `lockcliff --help` for usage.');
      return EXIT_USAGE;
    }
    if (error instanceof SimError) {
      console.error(`lockcliff: ${error.message}`);
      return EXIT_FAILURE;
    }
    throw error;
  }
}
