// `npm run notebook -- NAME [--quick] [--out DIR] [--jobs N]`: runs notebooks/NAME.ts and writes its
// page to notebooks/out/NAME.html and .md (charts in notebooks/out/NAME/).

import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Notebook } from './lib/Notebook.ts';

/** Each notebook: its title and its analysis. */
export const NOTEBOOKS = ['mount-mayhem', 'lock-algorithms', 'layer-budget'] as const;

const HERE = dirname(fileURLToPath(import.meta.url));

function usage(why: string): never {
  console.error(
    `notebook: ${why}\nusage: npm run notebook -- NAME [--quick] [--out DIR] [--jobs N]; NAME is one of ${NOTEBOOKS.join(', ')}`,
  );
  process.exit(2);
}

async function main(argv: readonly string[]): Promise<void> {
  let name: string | undefined;
  let quick = false;
  let out = join(HERE, 'out');
  let jobs = Math.max(1, availableParallelism());
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--quick') quick = true;
    else if (a === '--out') out = argv[++i] ?? usage('--out needs a folder');
    else if (a === '--jobs') {
      jobs = Number(argv[++i]);
      if (!(Number.isInteger(jobs) && jobs >= 1 && jobs <= availableParallelism()))
        usage(`--jobs: expected an integer from 1 to ${availableParallelism()}`);
    } else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (name === undefined) name = a;
    else usage(`one notebook at a time (got ${name} and ${a})`);
  }
  if (name === undefined) usage('name a notebook');
  if (!(NOTEBOOKS as readonly string[]).includes(name)) usage(`no notebook "${name}"`);
  const mod = (await import(`./${name}.ts`)) as { title: string; default: (nb: Notebook) => Promise<void> };
  const started = performance.now();
  const nb = new Notebook(name, mod.title, { quick, out, jobs });
  await mod.default(nb);
  const files = nb.write();
  console.log(`wrote ${files.join(' and ')} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

await main(process.argv.slice(2));
