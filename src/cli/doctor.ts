// `lockcliff doctor`: what this machine has for lockcliff — Node, the optional peers (SimPy for the
// benchmark's peer, Chromium for the browser test), whether the propagation probe could run here —
// and what each missing piece disables. It changes nothing.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import type { Argv } from 'yargs';

interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly found: string;
  /** What a missing piece disables. */
  readonly without: string;
}

const MIN_NODE: readonly [number, number] = [20, 19];

function run(cmd: string, args: readonly string[]): { ok: boolean; out: string } {
  const r = spawnSync(cmd, [...args], { encoding: 'utf8', timeout: 10_000 });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

function chromium(): string | null {
  for (const p of [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ])
    if (p !== undefined && existsSync(p)) return p;
  return null;
}

export function doctorChecks(): Check[] {
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const simpy = run(python, ['-c', 'import simpy; print(simpy.__version__)']);
  const browser = chromium();
  const gcc = run('gcc', ['--version']);
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const unshare = root ? run('unshare', ['-m', '--propagation', 'private', 'true']) : { ok: false, out: '' };
  return [
    {
      name: 'Node.js',
      ok: major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]),
      found: `${process.version} (needs ≥ ${MIN_NODE.join('.')}); ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`,
      without: 'lockcliff does not run',
    },
    {
      name: 'SimPy 3 (python3-simpy3)',
      ok: simpy.ok,
      found: simpy.ok ? `SimPy ${simpy.out} under ${python}` : `${python} cannot import simpy`,
      without: '`npm run bench` skips its SimPy peer (apt-get install python3-simpy3)',
    },
    {
      name: 'Chromium',
      ok: browser !== null,
      found: browser ?? 'no chromium, chromium-browser or google-chrome (or CHROMIUM_PATH)',
      without: 'the browser test of report.html and the notebook pages skips (apt-get install chromium)',
    },
    {
      name: 'propagation probe (docs/probes/propagation)',
      ok: gcc.ok && root && unshare.ok,
      found: [
        gcc.ok ? 'gcc present' : 'no gcc',
        root ? 'root' : 'not root',
        unshare.ok ? 'private mount namespaces work' : 'unshare -m fails here',
      ].join(', '),
      without: 'the probe cannot measure this kernel; the simulator itself does not need it',
    },
  ];
}

export function registerDoctor(yargs: Argv): Argv {
  return yargs.command(
    'doctor',
    'Check Node, the optional peers (SimPy, Chromium) and whether the kernel probe could run here',
    (c) =>
      c.option('format', { choices: ['table', 'json'] as const, default: 'table' as const, describe: 'output format' }),
    (args) => {
      const checks = doctorChecks();
      if (args.format === 'json') {
        console.log(JSON.stringify(checks, null, 2));
        return;
      }
      for (const c of checks) {
        console.log(`${c.ok ? 'ok     ' : 'missing'}  ${c.name}: ${c.found}`);
        if (!c.ok) console.log(`         without it: ${c.without}`);
      }
      if (!(checks[0] as Check).ok) process.exitCode = 1;
    },
  );
}
