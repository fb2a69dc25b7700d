// The pending-event set, ordered exactly by (time, priority, insertion sequence). Entries carry a small
// payload (kind, target, value, token) in slot arrays reused through a free list, so scheduling and
// popping allocate nothing once the arrays have grown.
//
// Near events live in a 4-ary min-heap on one typed array: node i occupies heap[3i .. 3i+2] = (time,
// tie key, slot), one node per cache line, four children contiguous. While few events are pending the
// heap holds them all. Past LADDER_FROM pending events a deep heap leaves the cache (10^5 entries: a
// pop touches ~9 levels of random lines), so the queue becomes a ladder (Tang, Goh & Thng, "Ladder
// Queue", 2005, simplified to one rung): events before `heapBound` stay in the heap; later ones are
// appended, unsorted, to time buckets of width `width` that cover [base, base + buckets·width), and
// anything beyond goes to an overflow list. When the heap runs dry, the next non-empty bucket moves
// into it; when the buckets run out, the overflow is spread over new buckets. Every event in the heap
// is earlier than every event in a bucket, and bucket j's than bucket j+1's and the overflow's
// (strictly: equal times never straddle two of them), so the order is the heap's order exactly.

import { invariant } from '../core/index.ts';

/**
 * Ordering key for ties: priority · 2^44 + sequence. Exact in a double while priority < 2^9 and the
 * sequence < 2^44 (1.7·10^13 insertions: days of wall time at the engine's speed).
 */
const SEQUENCE_SPAN = 2 ** 44;
export const MAX_PRIORITY = 2 ** 9 - 1;

/** Past this many pending events the queue turns into a ladder (see the header). */
const LADDER_FROM = 4096;
/** Events per bucket aimed at when the overflow is spread: small enough to keep the heap in cache. */
const BUCKET_TARGET = 32;
const MAX_BUCKETS = 1 << 16;

/** A growable list of slots. */
interface SlotList {
  slots: Int32Array;
  length: number;
}

export class EventQueue {
  /** Number of pending entries. */
  size = 0;
  private capacity: number;
  private heap: Float64Array;
  // Payload by slot.
  kind: Uint8Array;
  token: Int32Array;
  target: unknown[];
  value: unknown[];
  private freeSlots: Int32Array;
  private freeCount: number;
  private sequence = 0;
  /** Entries in the heap (the rest are in buckets or the overflow). */
  private heapSize = 0;
  /** Time and tie key by slot, for entries outside the heap. */
  private slotTime: Float64Array;
  private slotKey: Float64Array;
  /** Ladder state: events before heapBound go to the heap; buckets cover [heapBound, bucketsEnd). */
  private heapBound = Number.POSITIVE_INFINITY;
  private bucketsEnd = Number.POSITIVE_INFINITY;
  private base = 0;
  private width = 1;
  /** The next bucket to move into the heap, and the number of buckets in use. */
  private cur = 0;
  private bucketCount = 0;
  private buckets: SlotList[] = [];
  private overflow: SlotList = { slots: new Int32Array(64), length: 0 };
  private ladder = false;
  /** Time and tie key of the entry `pop` returned last. */
  poppedTime = 0;
  poppedKey = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(4, initialCapacity);
    this.capacity = capacity;
    this.heap = new Float64Array(3 * capacity);
    this.kind = new Uint8Array(capacity);
    this.token = new Int32Array(capacity);
    this.target = new Array<unknown>(capacity).fill(undefined);
    this.value = new Array<unknown>(capacity).fill(undefined);
    this.freeSlots = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.freeSlots[i] = capacity - 1 - i;
    this.freeCount = capacity;
    this.slotTime = new Float64Array(capacity);
    this.slotKey = new Float64Array(capacity);
  }

  /** Time of the earliest entry; `Infinity` when empty. */
  peekTime(): number {
    if (this.size === 0) return Number.POSITIVE_INFINITY;
    if (this.heapSize === 0) this.refill();
    return this.heap[0] as number;
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
    this.size++;
    if (time < this.heapBound) {
      this.heapInsert(time, key, slot);
      if (!this.ladder && this.heapSize > LADDER_FROM) this.spill();
    } else {
      this.slotTime[slot] = time;
      this.slotKey[slot] = key;
      if (time < this.bucketsEnd) append(this.buckets[Math.floor((time - this.base) / this.width)] as SlotList, slot);
      else append(this.overflow, slot);
    }
    return slot;
  }

  /**
   * Removes the earliest entry and returns its slot; its time is left in `poppedTime` and its tie key
   * in `poppedKey`. The caller reads the payload and then calls `release(slot)`. Queue must be non-empty.
   */
  pop(): number {
    if (this.heapSize === 0) this.refill();
    this.size--;
    const heap = this.heap;
    const top = heap[2] as number;
    this.poppedTime = heap[0] as number;
    this.poppedKey = heap[1] as number;
    const n = --this.heapSize;
    if (n > 0) {
      // Sift the last entry down from the root.
      const last = 3 * n;
      const time = heap[last] as number;
      const key = heap[last + 1] as number;
      const slot = heap[last + 2] as number;
      let i = 0;
      while (true) {
        const first = 4 * i + 1;
        if (first >= n) break;
        // The smallest of up to four children.
        let best = first;
        let bt = heap[3 * first] as number;
        let bk = heap[3 * first + 1] as number;
        const end = first + 4 < n ? first + 4 : n;
        for (let c = first + 1; c < end; c++) {
          const ct = heap[3 * c] as number;
          if (ct < bt || (ct === bt && (heap[3 * c + 1] as number) < bk)) {
            best = c;
            bt = ct;
            bk = heap[3 * c + 1] as number;
          }
        }
        if (time < bt || (time === bt && key < bk)) break;
        const h = 3 * i;
        heap[h] = bt;
        heap[h + 1] = bk;
        heap[h + 2] = heap[3 * best + 2] as number;
        i = best;
      }
      const h = 3 * i;
      heap[h] = time;
      heap[h + 1] = key;
      heap[h + 2] = slot;
    }
    return top;
  }

  /** Sift a new entry up from a new leaf, moving parents down into the hole. */
  private heapInsert(time: number, key: number, slot: number): void {
    const heap = this.heap;
    let i = this.heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const p = 3 * parent;
      const pt = heap[p] as number;
      if (pt < time || (pt === time && (heap[p + 1] as number) < key)) break;
      const h = 3 * i;
      heap[h] = pt;
      heap[h + 1] = heap[p + 1] as number;
      heap[h + 2] = heap[p + 2] as number;
      i = parent;
    }
    const h = 3 * i;
    heap[h] = time;
    heap[h + 1] = key;
    heap[h + 2] = slot;
  }

  /** The heap grew past LADDER_FROM: everything goes to the overflow and is spread over buckets. */
  private spill(): void {
    this.ladder = true;
    const heap = this.heap;
    for (let i = 0; i < this.heapSize; i++) {
      const slot = heap[3 * i + 2] as number;
      this.slotTime[slot] = heap[3 * i] as number;
      this.slotKey[slot] = heap[3 * i + 1] as number;
      append(this.overflow, slot);
    }
    this.heapSize = 0;
    this.heapBound = Number.NEGATIVE_INFINITY;
    this.bucketsEnd = Number.NEGATIVE_INFINITY;
    this.cur = this.bucketCount = 0;
    this.refill();
  }

  /** The heap is empty and entries remain: move the next non-empty bucket into it (respreading the overflow if need be). */
  private refill(): void {
    while (this.heapSize === 0) {
      while (this.cur < this.bucketCount && (this.buckets[this.cur] as SlotList).length === 0) this.cur++;
      if (this.cur < this.bucketCount) {
        const b = this.buckets[this.cur] as SlotList;
        this.cur++;
        this.heapBound = this.base + this.cur * this.width;
        for (let i = 0; i < b.length; i++) {
          const slot = b.slots[i] as number;
          this.heapInsert(this.slotTime[slot] as number, this.slotKey[slot] as number, slot);
        }
        b.length = 0;
        return;
      }
      invariant(this.overflow.length > 0, 'event queue: size and contents disagree');
      this.spread();
    }
  }

  /** Spreads the overflow over fresh buckets covering its times (every one strictly inside). */
  private spread(): void {
    const o = this.overflow;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < o.length; i++) {
      const t = this.slotTime[o.slots[i] as number] as number;
      if (t < min) min = t;
      if (t > max) max = t;
    }
    const count = Math.min(MAX_BUCKETS, Math.max(1, Math.ceil(o.length / BUCKET_TARGET)));
    // Integer width with base + count·width > max: no time lands on the end (see the header).
    this.width = Math.floor((max - min) / count) + 1;
    this.base = min;
    this.bucketCount = count;
    this.cur = 0;
    this.heapBound = min;
    this.bucketsEnd = min + count * this.width;
    while (this.buckets.length < count) this.buckets.push({ slots: new Int32Array(BUCKET_TARGET * 2), length: 0 });
    const slots = o.slots;
    const n = o.length;
    o.length = 0;
    for (let i = 0; i < n; i++) {
      const slot = slots[i] as number;
      append(this.buckets[Math.floor(((this.slotTime[slot] as number) - min) / this.width)] as SlotList, slot);
    }
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
    const heap = new Float64Array(3 * capacity);
    heap.set(this.heap);
    this.heap = heap;
    const token = new Int32Array(capacity);
    token.set(this.token);
    this.token = token;
    const kind = new Uint8Array(capacity);
    kind.set(this.kind);
    this.kind = kind;
    const slotTime = new Float64Array(capacity);
    slotTime.set(this.slotTime);
    this.slotTime = slotTime;
    const slotKey = new Float64Array(capacity);
    slotKey.set(this.slotKey);
    this.slotKey = slotKey;
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

function append(list: SlotList, slot: number): void {
  if (list.length === list.slots.length) {
    const grown = new Int32Array(list.slots.length * 2);
    grown.set(list.slots);
    list.slots = grown;
  }
  list.slots[list.length++] = slot;
}
