// The Markov model of ticket-lock collapse from S. Boyd-Wickizer, M. F. Kaashoek, R. Morris and
// N. Zeldovich, "Non-scalable locks are dangerous" (Linux Symposium 2012), §3: n cores; state k is
// the number of cores holding or waiting for the lock. A core outside arrives at rate 1/a, so from
// state k the arrival rate is (n − k)/a. In state k ≥ 1 the lock serves at rate 1/(s + c·k/2): s is
// the serial section, and after each release every waiter re-requests the line from its home, which
// answers one request in c, so the next holder waits on average for half of the k.
// The birth–death chain's stationary distribution is solved as the linear system πQ = 0, Σπ = 1
// with mathjs (imported on first use: it costs a second at start-up).

export interface TicketMarkovParams {
  /** Cores. */
  readonly n: number;
  /** Mean think time between a release and the next request (any unit, same for all three). */
  readonly a: number;
  /** Serial section. */
  readonly s: number;
  /** Time for the home to answer one line request. */
  readonly c: number;
}

export interface TicketMarkovResult {
  /** Stationary probabilities of k = 0 … n. */
  readonly pi: readonly number[];
  /** Lock acquisitions per unit time. */
  readonly throughput: number;
  /** Mean number of cores holding or waiting. */
  readonly meanInSystem: number;
}

export async function solveTicketMarkov(p: TicketMarkovParams): Promise<TicketMarkovResult> {
  const { n, a, s, c } = p;
  if (!(Number.isInteger(n) && n >= 1 && a > 0 && s > 0 && c >= 0)) {
    throw new RangeError(`need an integer n ≥ 1, a > 0, s > 0, c ≥ 0; got ${JSON.stringify(p)}`);
  }
  const { lusolve } = await import('mathjs');
  const size = n + 1;
  const up = (k: number): number => (n - k) / a;
  const down = (k: number): number => (k === 0 ? 0 : 1 / (s + (c * k) / 2));
  // Generator Q (rows: from, columns: to); solve Qᵀπ = 0 with the last equation replaced by Σπ = 1.
  const qt: number[][] = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let k = 0; k < size; k++) {
    const out = (k < n ? up(k) : 0) + down(k);
    (qt[k] as number[])[k] = -out;
    if (k < n) (qt[k + 1] as number[])[k] = up(k);
    if (k > 0) (qt[k - 1] as number[])[k] = down(k);
  }
  qt[size - 1] = new Array<number>(size).fill(1);
  const rhs = new Array<number>(size).fill(0);
  rhs[size - 1] = 1;
  const solution = lusolve(qt, rhs) as number[][];
  const pi = solution.map((row) => Math.max(0, row[0] as number));
  let throughput = 0;
  let mean = 0;
  for (let k = 1; k < size; k++) {
    throughput += (pi[k] as number) * down(k);
    mean += k * (pi[k] as number);
  }
  return { pi, throughput, meanInSystem: mean };
}
