/**
 * Each difference of src/lwip/differences.ts that a path can stop at, shown
 * by the shortest path that meets it: lwIP 2.1.3 departs from the lwIP
 * profile on the path's last step, and `explainLwipFailure` names the
 * difference. Part of `npm run test:lwip` (the lwIP profile's graph takes
 * seconds to build); skips where liblwip-dev or the addon is missing.
 */
import { lwipUnavailable } from '../../src/lwip/addon';
import { explainLwipFailure } from '../../src/lwip/differences';
import { LwipSut } from '../../src/lwip/lwipSut';
import { LWIP_PROFILES } from '../../src/lwip/profile';
import { buildModelGraph, type ModelEventType, type ModelGraph } from '../../src/mbt/modelGraph';
import { formatPathResult, runPath } from '../../src/mbt/runner';

/** `RTO` and `TWO_MSL` stand for the timer event of the state the path is in. */
type Shorthand = ModelEventType | 'RTO' | 'TWO_MSL';

function events(graph: ModelGraph, shorthand: readonly Shorthand[]): ModelEventType[] {
  let node = graph.nodes[graph.initial]!;
  return shorthand.map((entry) => {
    // A timer's event is XState's `xstate.after.<delay>.<id of the state that owns it>`.
    const event = (
      entry === 'RTO' || entry === 'TWO_MSL'
        ? ([...node.edgeByEvent.keys()].find((key) => key.startsWith(`xstate.after.${entry}.`)) ?? entry)
        : entry
    ) as ModelEventType;
    const edge = node.edgeByEvent.get(event);
    if (edge === undefined) throw new Error(`${event} is not an event of ${node.state}`);
    node = graph.nodes[edge.to]!;
    return event;
  });
}

const PASSIVE_ESTABLISHED: Shorthand[] = ['PASSIVE_OPEN', 'RCV_SYN', 'RCV_ACK'];
const ACTIVE_ESTABLISHED: Shorthand[] = ['ACTIVE_OPEN', 'RCV_SYN_ACK'];
const LAST_ACK: Shorthand[] = [...PASSIVE_ESTABLISHED, 'RCV_FIN', 'CLOSE'];
const repeat = (times: number, entry: Shorthand): Shorthand[] => Array.from({ length: times }, () => entry);

const SCENARIOS: readonly (readonly [string, readonly Shorthand[]])[] = [
  ['syn-sent-ack-reset', ['ACTIVE_OPEN', 'RCV_ACK']],
  ['rst-carries-ack', ['RCV_ACK']],
  ['abort-sends-rst', ['ACTIVE_OPEN', 'ABORT']],
  ['syn-sent-no-backoff', ['ACTIVE_OPEN', 'RTO', 'RTO']],
  ['data-before-established', ['ACTIVE_OPEN', 'SEND', 'RTO']],
  ['syn-rcvd-syn-ack', ['PASSIVE_OPEN', 'RCV_SYN', 'RCV_SYN_ACK']],
  ['syn-rcvd-timeout', ['PASSIVE_OPEN', 'RCV_SYN', 'RTO', 'RTO', 'RTO']],
  ['reset-signalled-after-close', [...LAST_ACK, 'RCV_RST']],
  ['ack-on-retransmitted-fin', [...LAST_ACK, 'RCV_FIN_ACK']],
  // Six timeouts of the data back the model's RTO off to 192 s, and the peer's FIN acknowledges the data without
  // an RTT sample (Karn): lwIP restarts from 3 s (rtt-estimator), so its FINs go at 3, 9, 21, 45 and 93 s, and at
  // 120.5 s LAST-ACK is dropped, before the model's first FIN retransmission.
  ['last-ack-timeout', ['ACTIVE_OPEN', 'SEND', 'RCV_SYN_ACK', ...repeat(6, 'RTO'), 'RCV_FIN', 'CLOSE', 'RTO']],
  ['go-back-n', [...ACTIVE_ESTABLISHED, 'SEND', 'SEND', 'RTO']],
  ['old-ack-window-taken', [...ACTIVE_ESTABLISHED, 'RCV_DATA', 'RCV_OLD_ACK', 'SEND']],
  [
    'unsent-ack-blocks-window-update',
    [...ACTIVE_ESTABLISHED, 'RCV_WINDOW_ZERO', 'SEND', 'RCV_ACK_UNSENT', 'RCV_WINDOW_OPEN'],
  ],
  // The ACK past SND.NXT samples the 192 s since the eleventh retransmission: lwIP's twelfth comes early and its
  // retries run out in the same step.
  ['give-up-next-tick', [...ACTIVE_ESTABLISHED, 'SEND', ...repeat(13, 'RTO')]],
  ['rtt-estimator', [...PASSIVE_ESTABLISHED, 'SEND', 'RTO']],
];

const unavailable = lwipUnavailable();

if (unavailable !== null) {
  test.skip(`lwIP differences: skipped (${unavailable})`, () => {});
} else {
  const profile = LWIP_PROFILES[0]!;
  const graph = buildModelGraph(profile.input, profile.machine);
  const sut = new LwipSut();

  test.each(SCENARIOS)('%s: the shortest path to it stops there, on its last step', (id, shorthand) => {
    const path = events(graph, shorthand);
    const result = runPath(graph, sut, path);
    expect({
      failedAt: result.failedAt,
      difference: explainLwipFailure(graph, result)?.id,
      path: formatPathResult(result),
    }).toMatchObject({
      failedAt: path.length - 1,
      difference: id,
    });
  });

  // synIgnoredInSynSent (machines/lwip.ts): the SYN is dropped and the SYN-SENT timer runs on, so the first
  // retransmission of the SYN comes 3 s after the first SYN, as the model's lwIP profile says.
  test('simultaneous-open: a SYN in SYN-SENT is ignored and the SYN retransmitted on time, as the profile guard says', () => {
    const path = events(graph, ['ACTIVE_OPEN', 'RCV_SYN', 'RTO']);
    const result = runPath(graph, sut, path);
    expect({ passed: result.passed, path: formatPathResult(result) }).toMatchObject({ passed: true });
  });
}
