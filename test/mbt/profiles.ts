/** The model inputs of the path tests: the CLI's profiles and the variations of ./variations.test.ts. */
import { tcpMachine } from '../../machines/tcp.machine';
import { TEST_PROFILES, type ModelProfile } from '../../src/mbt/profiles';

/**
 * Timer settings all apart (RFC 6298 §2.4 minimum, §5.7 fallback, §2.5
 * maximum, MSL), so that the model, the oracle for timing, tells apart an
 * RTO taken from an RTT sample, a backed-off one, a capped one and the
 * fallback after a SYN timeout. With the defaults several coincide.
 */
export const TIMER_PROFILE: ModelProfile = {
  name: 'timers',
  machine: tcpMachine,
  input: { maxRetries: 3, rto: 1000, minRto: 300, fallbackRto: 3000, maxRto: 3000, msl: 2000 },
};

/** An ISS 5 below 2^32: the sequence numbers wrap in the middle of the first SEND's data. */
export const WRAPPING_ISS = 0xffff_fffb;

export const PROFILES: readonly ModelProfile[] = [...TEST_PROFILES, TIMER_PROFILE];

export function profileNamed(profileName: string): ModelProfile {
  const profile = PROFILES.find((p) => p.name === profileName);
  if (profile === undefined) throw new Error(`no profile ${profileName}`);
  return profile;
}
