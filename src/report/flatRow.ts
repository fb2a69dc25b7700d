// A sweep's rows as flat records for results.csv: the point, the load, the outcome's headline figures.

import type { SweepRow } from '../experiment/index.ts';
import { smtWord } from '../metrics/index.ts';

/** Point fields the outcome's own columns already give. */
const OWN_COLUMNS = ['machine', 'smt', 'seed', 'burst.containers', 'burst.layers', 'burst.passes', 'burst.strategy'];

/** A sweep row as one flat CSV record. */
export function flatRow(row: SweepRow): Record<string, string | number | boolean | null> {
  const o = row.outcome;
  const flat: Record<string, string | number | boolean | null> = { index: row.index, seed: row.seed };
  flat.machine = o.machine;
  flat.smt = smtWord(o);
  flat.containers = o.containers;
  flat.layers = o.layers;
  flat.passes = o.passes;
  flat.strategy = o.strategy;
  // The other varied fields (the ones above are the outcome's own columns, not repeated).
  for (const [k, v] of Object.entries(row.point)) if (!OWN_COLUMNS.includes(k)) flat[k] = v;
  flat.mountOps = o.mountOps;
  for (const [k, v] of Object.entries(o.startLatencySeconds)) flat[`startLatency_${k}_s`] = v;
  flat.startSuccessRate = o.startSuccessRate;
  flat.probes = o.probes;
  flat.probeTimeouts = o.probeTimeouts;
  flat.mountinfoReadSecondsMax = o.mountinfoReadSecondsMax;
  flat.systemdBacklogSecondsMax = o.systemdBacklogSecondsMax;
  flat.spinFraction = o.spinFraction;
  flat.contestedFraction = o.contestedFraction;
  flat.falseSharingFraction = o.falseSharingFraction;
  flat.mountTablePeak = o.mountTablePeak;
  flat.readersTurnedWriters = o.readersTurnedWriters;
  // Results written before propagation was modelled have no block.
  const pr = o.propagation;
  if (pr !== undefined) {
    flat.peakPeers = pr.peakPeers;
    flat.peakSlaveNamespaces = pr.peakSlaveNamespaces;
    flat.nodesPerMount_mean = pr.nodesPerMount.mean;
    flat.nodesPerUmount_mean = pr.nodesPerUmount.mean;
    flat.walkShare_namespaceSemWrite = pr.walkShare.namespaceSemWrite;
    flat.walkShare_mountLockWrite = pr.walkShare.mountLockWrite;
  }
  for (const [lock, s] of Object.entries(o.locks)) {
    flat[`${lock}_waitMean_us`] = s.waitMeanUs;
    flat[`${lock}_holdMean_us`] = s.holdMeanUs;
  }
  flat.simulatedSeconds = o.simulatedSeconds;
  flat.events = o.events;
  return flat;
}
