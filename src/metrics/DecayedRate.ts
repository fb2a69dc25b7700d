// The recent rate of a stream of events, estimated with an exponentially decaying count: on each
// event at time t the estimate becomes r·e^(−Δt/τ) + 1/τ. For a Poisson stream of rate λ its mean is
// λ (it is a kernel density estimate of the event times with an exponential kernel of width τ), and
// it follows a change of rate within a few τ. (An average of 1/gap, by contrast, has no finite mean
// for exponential gaps and overestimates a Poisson rate several times over.)

export class DecayedRate {
  private readonly tauPs: number;
  private value = 0;
  private lastAt = 0;

  /** `tauPs`: the time constant, in the same unit as the event times (ps in lockcliff). */
  constructor(tauPs: number) {
    if (!(tauPs > 0)) throw new RangeError(`DecayedRate needs a positive time constant, got ${tauPs}`);
    this.tauPs = tauPs;
  }

  /** Records an event at time `atPs` (non-decreasing). */
  event(atPs: number): void {
    this.value = this.valueAt(atPs) + 1 / this.tauPs;
    this.lastAt = atPs;
  }

  /** Events per ps at time `atPs` (≥ the last event's time). */
  valueAt(atPs: number): number {
    return this.value * Math.exp(-(atPs - this.lastAt) / this.tauPs);
  }
}
