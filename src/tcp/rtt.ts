/**
 * The retransmission timeout estimator of RFC 6298 §2, as plain data so a
 * connection can be snapshotted. Times are in milliseconds.
 */

/** RFC 6298 §2: "G" — the clock granularity; our clocks count milliseconds. */
export const CLOCK_GRANULARITY_MS = 1;

export interface RttEstimate {
  /** Smoothed round-trip time; meaningful once `hasSample`. */
  srtt: number;
  rttvar: number;
  hasSample: boolean;
}

export interface RtoBounds {
  readonly minRto: number;
  readonly maxRto: number;
}

export function initialRttEstimate(): RttEstimate {
  return { srtt: 0, rttvar: 0, hasSample: false };
}

/** RFC 6298 §2.2–§2.4: folds one measurement in and returns the new RTO. */
export function updateRto(estimate: RttEstimate, sampleMs: number, bounds: RtoBounds): number {
  if (!estimate.hasSample) {
    // RFC 6298 §2.2: the first measurement
    estimate.srtt = sampleMs;
    estimate.rttvar = sampleMs / 2;
    estimate.hasSample = true;
  } else {
    // RFC 6298 §2.3 with alpha = 1/8, beta = 1/4; RTTVAR first, from the old SRTT
    estimate.rttvar = 0.75 * estimate.rttvar + 0.25 * Math.abs(estimate.srtt - sampleMs);
    estimate.srtt = 0.875 * estimate.srtt + 0.125 * sampleMs;
  }
  const rto = estimate.srtt + Math.max(CLOCK_GRANULARITY_MS, 4 * estimate.rttvar);
  // RFC 6298 §2.4 (lower bound) and §2.5 (upper bound)
  return Math.min(Math.max(rto, bounds.minRto), bounds.maxRto);
}

/** RFC 6298 §5.5: back off the timer. */
export function backedOffRto(rto: number, bounds: RtoBounds): number {
  return Math.min(2 * rto, bounds.maxRto);
}
