// Exact results of queueing theory, for checking the engine. Rates are per unit of time, times in the
// same unit. References: Kleinrock, Queueing Systems vol. 1 (1975), §3.2 (M/M/1), §3.5 (M/M/c and
// Erlang C), §3.8 (finite source), §5.6 (Pollaczek–Khinchine).

/** M/M/1: arrival rate λ, service rate μ, λ < μ. */
export function mm1(lambda: number, mu: number): { rho: number; wq: number; w: number; lq: number; l: number } {
  const rho = lambda / mu;
  return { rho, wq: rho / (mu - lambda), w: 1 / (mu - lambda), lq: (rho * rho) / (1 - rho), l: rho / (1 - rho) };
}

/**
 * Erlang C: probability that an arrival waits in M/M/c with offered load a = λ/μ < c. Computed from
 * the Erlang B recursion B(0)=1, B(k) = a·B(k−1)/(k + a·B(k−1)), then C = c·B / (c − a·(1 − B)).
 */
export function erlangC(servers: number, offered: number): number {
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offered * b) / (k + offered * b);
  return (servers * b) / (servers - offered * (1 - b));
}

/** M/M/c: probability of waiting, mean wait in queue Wq = C/(cμ − λ), and Lq = λ·Wq. */
export function mmc(lambda: number, mu: number, servers: number): { pWait: number; wq: number; lq: number } {
  const pWait = erlangC(servers, lambda / mu);
  const wq = pWait / (servers * mu - lambda);
  return { pWait, wq, lq: lambda * wq };
}

/** M/G/1 by Pollaczek–Khinchine: Wq = λ·E[S²] / (2(1 − ρ)); for M/D/1, E[S²] = D². */
export function mg1(lambda: number, meanService: number, secondMoment: number): { wq: number; lq: number } {
  const rho = lambda * meanService;
  const wq = (lambda * secondMoment) / (2 * (1 - rho));
  return { wq, lq: lambda * wq };
}

/**
 * Machine repairman (finite source, one repairman): N machines each failing at rate λ while up, one
 * repairman at rate μ. Stationary probability of n machines down: p_n ∝ N!/(N−n)! · (λ/μ)^n.
 */
export function machineRepairman(machines: number, lambda: number, mu: number): number[] {
  const weights: number[] = [1];
  for (let n = 1; n <= machines; n++) weights.push((weights[n - 1] as number) * (machines - n + 1) * (lambda / mu));
  const total = weights.reduce((a, w) => a + w, 0);
  return weights.map((w) => w / total);
}
