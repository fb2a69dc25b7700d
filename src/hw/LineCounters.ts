// What a hot line counts (requests, transfers by distance class, fills, HITMs, false sharing, the
// serialization point's waits and busy time), and the sum over lines. Written by Line, read by the
// reports.

/** Distance classes a transfer is counted under, in this order. */
export const TRANSFER_CLASSES = ['smt', 'sameL3', 'crossL3', 'crossSocket'] as const;
export type TransferClass = (typeof TRANSFER_CLASSES)[number];

export interface LineCounters {
  /** Requests of all kinds. */
  requests: number;
  reads: number;
  rfos: number;
  /** Served from the core's own copy (or a sibling's fill in flight). */
  hits: number;
  /** Core-to-core transfers by distance class of (source, requester). */
  transfers: Record<TransferClass, number>;
  /** Served by an L3 (Intel home slice, AMD CCX) or by memory. */
  l3Fills: number;
  memoryFills: number;
  /** Requests that found the line modified in another core (HITM). */
  contested: number;
  /** RFOs that found the line modified by another core for a different field (TMA's definition). */
  falseSharing: number;
  /** Reads that found the line modified by another core for a different field than the one read. */
  falseSharingReads: number;
  /** Requests that reached the serialization point (home CHA or IO die). */
  homeRequests: number;
  /** AMD: requests that left their CCX for the IO die. */
  ioDieRequests: number;
  /** Sharers invalidated by RFOs. */
  invalidations: number;
  /** Re-reads by spinners after an invalidation. */
  spinRereads: number;
  /** Time requests waited for the serialization point (sum, ps). */
  homeWaitPs: number;
  /** Time the serialization point was busy (sum of service times, ps). */
  homeBusyPs: number;
}

export function newCounters(): LineCounters {
  return {
    requests: 0,
    reads: 0,
    rfos: 0,
    hits: 0,
    transfers: { smt: 0, sameL3: 0, crossL3: 0, crossSocket: 0 },
    l3Fills: 0,
    memoryFills: 0,
    contested: 0,
    falseSharing: 0,
    falseSharingReads: 0,
    homeRequests: 0,
    ioDieRequests: 0,
    invalidations: 0,
    spinRereads: 0,
    homeWaitPs: 0,
    homeBusyPs: 0,
  };
}

export function addCounters(into: LineCounters, from: LineCounters): void {
  into.requests += from.requests;
  into.reads += from.reads;
  into.rfos += from.rfos;
  into.hits += from.hits;
  for (const c of TRANSFER_CLASSES) into.transfers[c] += from.transfers[c];
  into.l3Fills += from.l3Fills;
  into.memoryFills += from.memoryFills;
  into.contested += from.contested;
  into.falseSharing += from.falseSharing;
  into.falseSharingReads += from.falseSharingReads;
  into.homeRequests += from.homeRequests;
  into.ioDieRequests += from.ioDieRequests;
  into.invalidations += from.invalidations;
  into.spinRereads += from.spinRereads;
  into.homeWaitPs += from.homeWaitPs;
  into.homeBusyPs += from.homeBusyPs;
}
