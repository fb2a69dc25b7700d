// The pending-event set: a binary min-heap on typed arrays, ordered by (time, priority, insertion
// sequence). Entries carry a small payload (kind, target, value, token) in slot arrays reused through
// a free list, so scheduling and popping allocate nothing once the arrays have grown.

import { invariant } from '../core/index.ts';

/**
 * Ordering key for ties: priority · 2^44 + sequence. Exact in a double while priority < 2^9 and the
 * sequence < 2^44 (1.7·10^13 insertions: days of wall time at the engine's speed).
 */
const SEQUENCE_SPAN = 2 ** 44;
export const MAX_PRIORITY = 2 ** 9 - 1;

export class EventQueue {
  /** Number of pending entries. */
  size = 0;
  private capacity: number;
  // Heap, inline for cache locality while sifting: the time and tie key of entry i, and its slot.
  private heapTime: Float64Array;
  private heapKey: Float64Array;
  private heapSlot: Int32Array;
  // Payload by slot.
  kind: Uint8Array;
  token: Int32Array;
  target: unknown[];
  value: unknown[];
  private freeSlots: Int32Array;
  private freeCount: number;
  private sequence = 0;
  /** Time and tie key of the entry `pop` returned last. */
  poppedTime = 0;
  poppedKey = 0;

  constructor(initialCapacity = 1024) {
    this.capacity = initialCapacity;
    this.heapTime = new Float64Array(initialCapacity);
    this.heapKey = new Float64Array(initialCapacity);
    this.heapSlot = new Int32Array(initialCapacity);
    this.kind = new Uint8Array(initialCapacity);
    this.token = new Int32Array(initialCapacity);
    this.target = new Array<unknown>(initialCapacity).fill(undefined);
    this.value = new Array<unknown>(initialCapacity).fill(undefined);
    this.freeSlots = new Int32Array(initialCapacity);
    for (let i = 0; i < initialCapacity; i++) this.freeSlots[i] = initialCapacity - 1 - i;
    this.freeCount = initialCapacity;
  }

  /** Time of the earliest entry; `Infinity` when empty. */
  peekTime(): number {
    return this.size === 0 ? Number.POSITIVE_INFINITY : (this.heapTime[0] as number);
  }

  /** Insertion sequence number that the next push will get (for traces). */
  get nextSequence(): number {
    return this.sequence;
  }

  /** Adds an entry; returns its slot (valid until it is popped and released). */
  push(time: number, priority: number, kind: number, target: unknown, value: unknown, token: number): number {
    if (this.freeCount === 0) this.grow();
    const slot = this.freeSlots[--this.freeCount] as number;
    this.kind[slot] = kind;
    this.token[slot] = token;
    this.target[slot] = target;
    this.value[slot] = value;
    const key = priority * SEQUENCE_SPAN + this.sequence++;
    if (this.sequence >= SEQUENCE_SPAN) invariant(false, 'event sequence counter exhausted');
    // Sift up from the new leaf, moving parents down into the hole.
    const heapTime = this.heapTime;
    const heapKey = this.heapKey;
    const heapSlot = this.heapSlot;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = heapTime[parent] as number;
      if (pt < time || (pt === time && (heapKey[parent] as number) < key)) break;
      heapTime[i] = pt;
      heapKey[i] = heapKey[parent] as number;
      heapSlot[i] = heapSlot[parent] as number;
      i = parent;
    }
    heapTime[i] = time;
    heapKey[i] = key;
    heapSlot[i] = slot;
    return slot;
  }

  /**
   * Removes the earliest entry and returns its slot; its time is left in `poppedTime` and its tie key
   * in `poppedKey`. The caller reads the payload and then calls `release(slot)`. Queue must be non-empty.
   */
  pop(): number {
    const heapTime = this.heapTime;
    const heapKey = this.heapKey;
    const heapSlot = this.heapSlot;
    const top = heapSlot[0] as number;
    this.poppedTime = heapTime[0] as number;
    this.poppedKey = heapKey[0] as number;
    const n = --this.size;
    if (n > 0) {
      // Sift the last entry down from the root.
      const time = heapTime[n] as number;
      const key = heapKey[n] as number;
      const slot = heapSlot[n] as number;
      let i = 0;
      const half = n >> 1;
      while (i < half) {
        let child = 2 * i + 1;
        let ct = heapTime[child] as number;
        let ck = heapKey[child] as number;
        const right = child + 1;
        if (right < n) {
          const rt = heapTime[right] as number;
          const rk = heapKey[right] as number;
          if (rt < ct || (rt === ct && rk < ck)) {
            child = right;
            ct = rt;
            ck = rk;
          }
        }
        if (time < ct || (time === ct && key < ck)) break;
        heapTime[i] = ct;
        heapKey[i] = ck;
        heapSlot[i] = heapSlot[child] as number;
        i = child;
      }
      heapTime[i] = time;
      heapKey[i] = key;
      heapSlot[i] = slot;
    }
    return top;
  }

  /**
   * Returns a popped slot to the free list.
   * NOTE: the slot keeps its target and value references until it is reused. Clearing them costs ~10%
   * of the engine's speed; what they pin is bounded by the queue's peak size, not by events run.
   */
  release(slot: number): void {
    this.freeSlots[this.freeCount++] = slot;
  }

  /** Priority encoded in a tie key (for traces). */
  static priorityOf(key: number): number {
    return Math.floor(key / SEQUENCE_SPAN);
  }

  /** Insertion sequence encoded in a tie key (for traces). */
  static sequenceOf(key: number): number {
    return key % SEQUENCE_SPAN;
  }

  private grow(): void {
    const old = this.capacity;
    const capacity = old * 2;
    const widenF = (a: Float64Array): Float64Array => {
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    };
    const widenI = (a: Int32Array): Int32Array => {
      const b = new Int32Array(capacity);
      b.set(a);
      return b;
    };
    this.heapTime = widenF(this.heapTime);
    this.heapKey = widenF(this.heapKey);
    this.heapSlot = widenI(this.heapSlot);
    this.token = widenI(this.token);
    const kind = new Uint8Array(capacity);
    kind.set(this.kind);
    this.kind = kind;
    for (let i = old; i < capacity; i++) {
      this.target.push(undefined);
      this.value.push(undefined);
    }
    // All old slots are in use (that is why we grew), so the free list is exactly the new ones.
    this.freeSlots = new Int32Array(capacity);
    for (let i = 0; i < old; i++) this.freeSlots[i] = capacity - 1 - i;
    this.freeCount = old;
    this.capacity = capacity;
  }
}
