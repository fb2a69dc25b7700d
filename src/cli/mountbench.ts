// `lockcliff mountbench`: the propagation probe's sequence simulated on any preset (workload/mountbench.ts):
// what a layer's clone + setattr + move and its umount cost with P peers and K slave namespaces.

import type { Argv } from 'yargs';
import { InputError } from '../core/index.ts';
import { loadMachineSpec } from '../hw/index.ts';
import { resolveKernelParams } from '../kernel/index.ts';
import { runMountbench } from '../workload/index.ts';

function mountbenchOptions(c: Argv) {
  return c
    .option('machine', { type: 'string', demandOption: true, describe: 'preset name or file (`models list`)' })
    .option('peers', {
      type: 'number',
      demandOption: true,
      describe: "P: layer clones attached in the layers' peer group before the timed sequence",
    })
    .option('slave-namespaces', {
      type: 'number',
      demandOption: true,
      describe: 'docs/kernel.md: mount namespaces holding slave copies of the host',
    })
    .option('clones', {
      choices: ['peer', 'private'] as const,
      default: 'peer' as const,
      describe: 'peer: containerd ≤ 2.2 (the clones join the peer group); private: containerd ≥ 2.3',
    })
    .option('umount-flags', {
      choices: ['none', 'detach'] as const,
      default: 'none' as const,
      describe: 'none: umount2(…, 0), as the probe (containerd ≥ 2.0.7); detach: MNT_DETACH (2.0.0–2.0.6)',
    })
    .option('layers', { type: 'number', default: 50, describe: 'layers per container' })
    .option('containers', { type: 'number', default: 2, describe: 'containers, one after the other' })
    .option('smt', {
      choices: ['on', 'off'] as const,
      default: 'on' as const,
      describe: 'SMT siblings online (on) or offline (off)',
    })
    .option('param', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: 'kernel parameter NAME=VALUE (`lockcliff scenario explain` lists them)',
    })
    .option('seed', { type: 'string', default: '1', describe: 'run seed: same options and seed, same result' })
    .option('format', { choices: ['table', 'json'] as const, default: 'table' as const, describe: 'output format' });
}

type MountbenchArgs = Awaited<ReturnType<ReturnType<typeof mountbenchOptions>['parseAsync']>>;

function mountbench(args: MountbenchArgs): void {
  const overrides: Record<string, string> = {};
  for (const p of args.param) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new InputError(`bad --param "${p}": expected NAME=VALUE`, { path: '--param' });
    overrides[p.slice(0, eq)] = p.slice(eq + 1);
  }
  const rows = runMountbench({
    machine: loadMachineSpec(args.machine),
    smt: args.smt === 'on',
    peers: args.peers,
    slaveNamespaces: args['slave-namespaces'],
    runtime: { clonePropagation: args.clones, umountFlags: args['umount-flags'] === 'detach' ? 'detach' : 'none' },
    layers: args.layers,
    containers: args.containers,
    kernel: resolveKernelParams(overrides, '--param'),
    seed: args.seed,
  });
  if (args.format === 'json') {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  const nodes = (1 + args.peers) * (1 + args['slave-namespaces']);
  console.log(
    `${args.machine}: P=${args.peers} ${args.clones} clones, K=${args['slave-namespaces']} slave namespaces (${nodes.toLocaleString('en-US')} nodes in the tree), umount flags ${args['umount-flags']}, ${args.containers} × ${args.layers} layers`,
  );
  console.log('op        n       p50 µs      p90 µs     mean µs');
  for (const r of rows) {
    console.log(
      `${r.op.padEnd(7)} ${String(r.n).padStart(4)} ${r.p50Us.toFixed(1).padStart(12)} ${r.p90Us.toFixed(1).padStart(11)} ${r.meanUs.toFixed(1).padStart(11)}`,
    );
  }
}

export function registerMountbench(yargs: Argv): Argv {
  return yargs.command(
    'mountbench',
    "A layer's clone + setattr + move and its umount with P peers and K slave namespaces (the propagation probe, simulated)",
    mountbenchOptions,
    mountbench,
  );
}
