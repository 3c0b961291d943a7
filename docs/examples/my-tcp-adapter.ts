/**
 * Pointing the generated path suites at your own TCP: an adapter
 * (`SystemUnderTest`) turns each model step into a call, a segment or a clock
 * advance, and reports the state and the segments sent. "Your TCP" here is
 * this project's `TcpConnection`, used only through the calls every
 * segment-level TCP has: replace them with yours. test/mbt/ownAdapter.test.ts
 * runs this file, and the README shows it as it is.
 */
import { TcpConnection, TcpUserError, VirtualClock, type Segment, type TcpInput } from 'tcp-statechart';
import {
  buildModelGraph,
  buildSuite,
  checkSent,
  formatPathResult,
  freshPeer,
  peerSegment,
  runPath,
  SEND_PAYLOAD,
  settlePeer,
  type ModelStep,
  type StepObservation,
  type SystemUnderTest,
} from 'tcp-statechart/mbt';

export class MyTcpAdapter implements SystemUnderTest {
  readonly name = 'my-tcp';
  private clock = new VirtualClock();
  private sent: Segment[] = [];
  private tcp = this.fresh();
  private peer = freshPeer(8080, 40000); // the scripted peer: builds RCV_* segments, checks what you send

  constructor(private readonly timers: TcpInput) {} // the model's rto, maxRetries, msl

  private fresh(): TcpConnection {
    this.clock = new VirtualClock();
    const output = (segment: Segment) => void this.sent.push(segment);
    return new TcpConnection({ clock: this.clock, localPort: 8080, remotePort: 40000, ...this.timers, output });
  }

  reset(): void {
    this.tcp = this.fresh();
    this.peer = freshPeer(8080, 40000);
  }

  step(step: ModelStep): StepObservation {
    this.sent = [];
    let incoming: Segment | null = null;
    let rejected: string | null = null;
    try {
      switch (step.event) {
        case 'PASSIVE_OPEN': this.tcp.listen(); break;
        case 'ACTIVE_OPEN': this.tcp.connect(); break;
        case 'SEND': this.tcp.send(SEND_PAYLOAD); break; // the bytes the peer checks
        case 'CLOSE': this.tcp.close(); break;
        case 'ABORT': this.tcp.abort(); break;
        default:
          if (step.delayMs !== null) this.clock.advance(step.delayMs); // a timer: xstate.after.RTO.SYN_SENT …
          else this.tcp.receive((incoming = peerSegment(this.peer, step.event, step.from)));
      }
    } catch (error) {
      if (!(error instanceof TcpUserError)) throw error;
      rejected = error.reason; // RFC 9293's words: "connection does not exist", …
    }
    const { observed, problems } = checkSent(this.peer, step, this.sent, incoming);
    settlePeer(this.peer, this.tcp.state);
    return { state: this.tcp.state, sent: observed, rejected, problems };
  }
}

/** Runs one suite against the adapter; returns the failures, printed as the path with the failing step marked. */
export function checkMyTcp(suite = 'transitions'): string[] {
  const graph = buildModelGraph({ maxRetries: 2 }); // your timer settings
  const adapter = new MyTcpAdapter(graph.input);
  return buildSuite(graph, suite)
    .map((path) => runPath(graph, adapter, path.events))
    .filter((result) => !result.passed)
    .map(formatPathResult);
}
