/**
 * The model's lwIP profile: lwIP 2.1.3's timer settings as Debian builds it
 * (lwipopts.h sets none of them, so lwip/opt.h's and tcp_priv.h's defaults
 * hold), on the machine with lwIP's profile guards (machines/lwip.ts).
 * Where lwIP departs and no profile guard describes it, differences.ts says so.
 */
import { lwipTcpMachine } from '../../machines/lwip';
import type { TcpInput } from '../../machines/tcp.machine';
import type { ModelProfile } from '../mbt/profiles';

/** tcp_alloc: rto = sv = 3000 / TCP_SLOW_INTERVAL ticks, sa = 0: the first timeout is 3 s. */
export const LWIP_INITIAL_RTO_MS = 3000;
/**
 * tcp_slowtmr doubles the RTO as (sa/8 + sv) << tcp_backoff[nrtx], tcp_backoff
 * = {1, 2, 3, 4, 5, 6, 7, 7, …}: from 3 s to at most 3 s << 7 = 384 s.
 */
export const LWIP_MAX_RTO_MS = 384_000;
/** TCP_MAXRTX: retransmissions of data, FIN and SYN-ACK before tcp_slowtmr drops the pcb. */
export const LWIP_TCP_MAXRTX = 12;
/** TCP_SYNMAXRTX: retransmissions of the SYN (SYN-SENT only). */
export const LWIP_TCP_SYNMAXRTX = 6;
/** TCP_MSL (tcp_priv.h): 60 s. */
export const LWIP_TCP_MSL_MS = 60_000;
/** TCP_SLOW_INTERVAL: tcp_slowtmr's tick. */
export const LWIP_SLOW_INTERVAL_MS = 500;
/**
 * The model's MSL: tcp_slowtmr removes a TIME-WAIT pcb once *more than*
 * 2 × TCP_MSL / TCP_SLOW_INTERVAL = 240 ticks have passed since its last
 * segment (`tcp_ticks - pcb->tmr > 240`), at the 241st tick: 2 MSL is 120.5 s.
 */
export const LWIP_MODEL_MSL_MS = LWIP_TCP_MSL_MS + LWIP_SLOW_INTERVAL_MS / 2;

const LWIP_INPUT: TcpInput = {
  rto: LWIP_INITIAL_RTO_MS,
  maxRto: LWIP_MAX_RTO_MS,
  maxRetries: LWIP_TCP_MAXRTX,
  msl: LWIP_MODEL_MSL_MS,
  // tcp_timewait_input: "RFC 1337: in TIME_WAIT, ignore RST".
  rfc1337: true,
  // lwIP delays ACKs (TF_ACK_DELAY) until tcp_fasttmr's next 250 ms tick, a delay of 0 to 250 ms that
  // hangs on the tick's phase, not a timer started by the text; the adapter acknowledges at once
  // instead (differences.ts, `delayed-ack`), so the model's delayed ACKs are off here.
  ackDelay: 0,
};

export const LWIP_PROFILES: readonly ModelProfile[] = [{ name: 'lwip', input: LWIP_INPUT, machine: lwipTcpMachine }];

/**
 * The lwIP profile with every SEND filling two segments (the path tests'
 * bigsend profile, src/mbt/profiles.ts): the peer announces an MSS of 100,
 * which tcp_parseopt takes (below TCP_MSS, 1460), and tcp_write cuts the 200
 * bytes of a SEND into two segments. Its transitions suite runs beside the
 * lwIP profile's suites (test/lwip/suites.lwip.ts).
 */
export const LWIP_BIGSEND_PROFILE: ModelProfile = {
  name: 'lwip-bigsend',
  input: { ...LWIP_INPUT, sendSegments: 2 },
  machine: lwipTcpMachine,
};
