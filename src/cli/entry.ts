// The lockcliff process: runs the CLI on the process's arguments and sets the exit code.

import { hideBin } from 'yargs/helpers';
import { main } from './main.ts';

// A reader that goes away (`lockcliff … | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(hideBin(process.argv));
