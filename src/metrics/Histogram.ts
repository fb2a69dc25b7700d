// A log-linear histogram of non-negative values (picoseconds, counts): 64 sub-buckets per power of
// two, so a quantile is exact to within 1/64 (1.6%) of its value, memory is fixed, and recording is
// O(1). Merging two histograms adds their buckets. A pure reducer: it never reads a clock.

const SUB = 64;
const SUB_BITS = 6;
const TWO_32 = 4294967296;
const POW2 = Float64Array.from({ length: 64 }, (_, i) => 2 ** i);

export class Histogram {
  private counts = new Float64Array(64 * SUB);
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = 0;

  record(value: number): void {
    if (!(value >= 0 && value < 2 ** 64)) throw new RangeError(`histogram values must be in [0, 2^64), got ${value}`);
    const i = Histogram.bucketOf(value);
    this.counts[i] = (this.counts[i] as number) + 1;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  get mean(): number {
    return this.count === 0 ? Number.NaN : this.sum / this.count;
  }

  /** The value at quantile q in [0, 1] (the bucket's midpoint, clamped to the observed range). */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] as number;
      if (seen >= rank) {
        const [low, high] = Histogram.boundsOf(i);
        return Math.min(this.max, Math.max(this.min, (low + high) / 2));
      }
    }
    return this.max;
  }

  /** Recorded values below `value` (to the histogram's precision). */
  countBelow(value: number): number {
    const last = Histogram.bucketOf(value);
    let n = 0;
    for (let i = 0; i < last && i < this.counts.length; i++) n += this.counts[i] as number;
    return n;
  }

  merge(other: Histogram): void {
    for (let i = 0; i < this.counts.length; i++)
      this.counts[i] = (this.counts[i] as number) + (other.counts[i] as number);
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  static bucketOf(value: number): number {
    if (value < SUB) return Math.floor(value);
    // ⌊log2 value⌋ ≥ SUB_BITS, exactly: clz32 truncates to 32 bits, so values of 2^32 and more are
    // split at 2^32 (exact for every value below 2^64).
    const exponent = value < TWO_32 ? 31 - Math.clz32(value) : 63 - Math.clz32(value / TWO_32);
    const shift = exponent - SUB_BITS;
    const mantissa = Math.floor(value / (POW2[shift] as number)) - SUB; // 0 … SUB−1
    return (shift + 1) * SUB + mantissa;
  }

  static boundsOf(bucket: number): [number, number] {
    if (bucket < SUB) return [bucket, bucket + 1];
    const shift = Math.floor(bucket / SUB) - 1;
    const mantissa = bucket % SUB;
    const low = (SUB + mantissa) * 2 ** shift;
    return [low, low + 2 ** shift];
  }
}

/** Jain's fairness index of non-negative shares: 1 when equal, 1/n when one takes all. */
export function jainFairness(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  let squares = 0;
  for (const v of values) {
    sum += v;
    squares += v * v;
  }
  return squares === 0 ? 1 : (sum * sum) / (values.length * squares);
}
