/**
 * A faulty TcpConnection for jest.mock: src/tcp/segmentArrives with each
 * arriving segment passed through `rewrite` first, so that a test makes the
 * connection see a segment as a TCP with one check missing would take it
 * (src/tcp stays as it is). The mock factory requires this module with
 * `jest.requireActual` and passes a rewrite that reads the test's fault when
 * a segment arrives.
 */
import type { ConnectionContext } from '../../src/tcp/context';
import type * as SegmentArrives from '../../src/tcp/segmentArrives';
import type { Segment } from '../../src/wire/segment';

export type SegmentRewrite = (context: ConnectionContext, segment: Segment) => Segment;

export function rewritingSegmentArrives(rewrite: SegmentRewrite): typeof SegmentArrives {
  const actual = jest.requireActual<typeof SegmentArrives>('../../src/tcp/segmentArrives');
  return {
    ...actual,
    segmentArrives: (context: ConnectionContext, segment: Segment) =>
      actual.segmentArrives(context, rewrite(context, segment)),
  };
}
