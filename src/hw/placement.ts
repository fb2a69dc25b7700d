// Where software threads run: an ordered list of online cpus, one per software thread (wrapping
// round when there are more threads than cpus, i.e. time-slicing).
//  - spread: like the Linux load balancer on an idle machine — alternate sockets, then L3 domains,
//    one thread per core first; siblings only once every core has one.
//  - compact: fill a core's siblings, then the next core of the same L3 domain, then the next domain.
//  - socket0: compact, restricted to socket 0.
//  - an explicit list of cpu ids.

import { InputError } from '../core/index.ts';
import type { Topology } from './Topology.ts';

export type PlacementPolicy = 'spread' | 'compact' | 'socket0' | readonly number[];

export const PLACEMENT_POLICIES: readonly string[] = ['spread', 'compact', 'socket0', 'a list of cpu ids'];

/** The cpu each of `threads` software threads is placed on. */
export function place(topology: Topology, policy: PlacementPolicy, threads: number): number[] {
  const order = placementOrder(topology, policy);
  if (order.length === 0) throw new InputError('placement leaves no online cpu to run on');
  return Array.from({ length: threads }, (_, i) => order[i % order.length] as number);
}

/** Online cpus in the order a policy fills them. */
export function placementOrder(topology: Topology, policy: PlacementPolicy): number[] {
  if (typeof policy !== 'string') {
    for (const cpu of policy) {
      if (!topology.isOnline(cpu)) {
        throw new InputError(`cpu ${cpu} is not an online cpu of this machine (online: ${describeOnline(topology)})`, {
          path: 'placement',
        });
      }
    }
    return [...policy];
  }
  const online = topology.onlineCpus();
  const byCompact = [...online].sort(
    (a, b) => topology.coreOf(a) - topology.coreOf(b) || topology.threadOf(a) - topology.threadOf(b),
  );
  switch (policy) {
    case 'compact':
      return byCompact;
    case 'socket0':
      return byCompact.filter((cpu) => topology.socketOf(cpu) === 0);
    case 'spread':
      return spreadOrder(topology, online);
    default:
      throw new InputError(`unknown placement "${String(policy)}"; allowed: ${PLACEMENT_POLICIES.join(', ')}`, {
        path: 'placement',
      });
  }
}

function spreadOrder(topology: Topology, online: readonly number[]): number[] {
  const { l3DomainsPerSocket } = topology.layout;
  // Rank of a cpu: sibling index first (all first threads before any second thread), then round robin
  // over sockets, then over L3 domains within a socket, then over cores within a domain.
  const rankOf = (cpu: number): number[] => {
    const socket = topology.socketOf(cpu);
    const l3InSocket = topology.l3Of(cpu) % l3DomainsPerSocket;
    const coresPerL3 = topology.layout.coresPerSocket / l3DomainsPerSocket;
    const coreInL3 = (topology.coreOf(cpu) % topology.layout.coresPerSocket) % coresPerL3;
    return [topology.threadOf(cpu), coreInL3, l3InSocket, socket];
  };
  return [...online].sort((a, b) => {
    const ra = rankOf(a);
    const rb = rankOf(b);
    for (let i = 0; i < ra.length; i++) {
      const d = (ra[i] as number) - (rb[i] as number);
      if (d !== 0) return d;
    }
    return a - b;
  });
}

function describeOnline(topology: Topology): string {
  const online = topology.onlineCpus();
  return online.length === topology.cpus
    ? `0–${topology.cpus - 1}`
    : `${online.length} cpus, e.g. ${online.slice(0, 4).join(', ')} …`;
}
