/**
 * The model's lwIP profile: lwIP 2.1.3's timer settings as Debian builds it
 * (lwipopts.h sets none of them, so lwip/opt.h's and tcp_priv.h's defaults
 * hold), and the model options of the behaviours lwIP shares with the
 * sockets API. Where lwIP departs and no model option describes it,
 * differences.ts says so.
 */
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
  // A raw-API listener only accepts (tcp_connect on it gives ERR_ISCONN, tcp_write ERR_CONN), and a
  // passively opened connection is the user's only once the accept callback gives it (tcp_process).
  listenOnly: true,
  acceptOnEstablished: true,
  // tcp_timewait_input: "RFC 1337: in TIME_WAIT, ignore RST".
  rfc1337: true,
  // tcp_process, SYN_RCVD: "Looks like another copy of the SYN - retransmit our SYN-ACK" (tcp_rexmit).
  synAckOnRetransmittedSyn: true,
  // tcp_rexmit_rto moves every unacknowledged segment back to unsent; the data and the FIN fit the one-MSS window.
  finResentWithData: true,
};

export const LWIP_PROFILES: readonly ModelProfile[] = [{ name: 'lwip', input: LWIP_INPUT }];
