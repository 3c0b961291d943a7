/**
 * Runs model paths against a system under test and judges every step: the
 * state must be the model's, the segments sent must be the model's output
 * actions (in order), a refused call must carry the model's error, a lost
 * connection the model's signal to the user, and the adapter must have
 * found no field-level problem.
 */
import type { OutputAction } from '../../machines/tcp.machine';
import { SEGMENT_LABELS } from '../model/actions';
import type { ModelEdge, ModelEventType, ModelGraph } from './modelGraph';
import { eventName } from './modelGraph';
import type { ModelStep, StepObservation, SystemUnderTest } from './sut';

/** On the wire a challenge ACK is an ACK (RFC 5961 §4.2 sends <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>). */
export function wireKind(action: OutputAction): OutputAction {
  return action === 'sendChallengeAck' ? 'sendAck' : action;
}

/** Each graph's steps, one per edge by `edge.index`, built on first use: a step is read-only, so paths share it. */
const stepsByGraph = new WeakMap<ModelGraph, (ModelStep | undefined)[]>();

/** What the model says about `edge`, as the adapter sees it; the same object every time for the same edge. */
export function modelStep(graph: ModelGraph, edge: ModelEdge): ModelStep {
  let steps = stepsByGraph.get(graph);
  if (steps === undefined) stepsByGraph.set(graph, (steps = new Array<ModelStep | undefined>(graph.edges.length)));
  let step = steps[edge.index];
  if (step === undefined) {
    step = {
      event: edge.event,
      from: graph.nodes[edge.from]!.state,
      to: graph.nodes[edge.to]!.state,
      sends: edge.sends,
      rejects: edge.rejects,
      signals: edge.signals,
      delayMs: edge.delayMs,
      resends: resends(graph, edge),
    };
    // An edge of another graph at the same index gets its own step, not this graph's.
    if (graph.edges[edge.index] === edge) steps[edge.index] = step;
  }
  return step;
}

/**
 * Whether the data `edge` sends is sent again: a timeout resends, so do the
 * third duplicate ACK (RFC 5681 §3.2 fast retransmit) and a partial ACK in
 * fast recovery (RFC 6582 §3.2); the model's context, not the event, tells
 * the partial ACK in recovery from the one that ends a loss window.
 */
function resends(graph: ModelGraph, edge: ModelEdge): boolean {
  if (edge.delayMs !== null || edge.event === 'RCV_DUP_ACK') return true;
  return edge.event === 'RCV_PARTIAL_ACK' && graph.nodes[edge.from]!.context.fastRecovery;
}

/** Judged with no difference: shared, so a passing step allocates nothing for it. */
const AGREES: readonly string[] = Object.freeze([]);

/** The segments sent are the model's output actions, in order (a challenge ACK counted as an ACK). */
function sentAsExpected(step: ModelStep, observed: StepObservation): boolean {
  const { sends } = step;
  const { sent } = observed;
  if (sends.length !== sent.length) return false;
  for (let index = 0; index < sends.length; index++) if (wireKind(sends[index]!) !== sent[index]!.kind) return false;
  return true;
}

/** The differences between what the model expects on a step and what was observed; empty when they agree. */
export function judgeStep(step: ModelStep, observed: StepObservation): readonly string[] {
  const sentRight = sentAsExpected(step, observed);
  const signalRight = observed.signaled === undefined || observed.signaled === step.signals;
  if (
    observed.state === step.to &&
    sentRight &&
    observed.rejected === step.rejects &&
    signalRight &&
    observed.problems.length === 0
  )
    return AGREES;
  const differences: string[] = [];
  if (observed.state !== step.to) differences.push(`state ${observed.state}, expected ${step.to}`);
  if (!sentRight) {
    const labels = (kinds: readonly OutputAction[]) =>
      kinds.length === 0 ? 'nothing' : kinds.map((k) => SEGMENT_LABELS[k]).join(', ');
    const seen = observed.sent.map((segment) => segment.kind);
    differences.push(`sent ${labels(seen)}, expected ${labels(step.sends.map(wireKind))}`);
  }
  if (observed.rejected !== step.rejects) {
    differences.push(
      step.rejects === null
        ? `the call was refused: "${observed.rejected}"`
        : observed.rejected === null
          ? `the call was accepted, expected "error: ${step.rejects}"`
          : `refused with "${observed.rejected}", expected "${step.rejects}"`,
    );
  }
  if (!signalRight) {
    const said = (signal: string | null | undefined) => (signal === null ? 'no signal' : `"${signal}"`);
    differences.push(`the user got ${said(observed.signaled)}, expected ${said(step.signals)}`);
  }
  differences.push(...observed.problems);
  return differences;
}

export interface StepRecord {
  readonly step: ModelStep;
  readonly observed: StepObservation;
  readonly differences: readonly string[];
}

export interface PathResult {
  readonly events: readonly ModelEventType[];
  readonly passed: boolean;
  readonly steps: readonly StepRecord[];
  /** Index of the failing step, or -1. */
  readonly failedAt: number;
  /** For a shrunk failure (src/mbt/shrink.ts): how many steps the path had up to its failure before shrinking. */
  readonly originalLength?: number;
}

/** Runs one path from a fresh implementation, stopping at the first disagreement. */
export function runPath(graph: ModelGraph, sut: SystemUnderTest, events: readonly ModelEventType[]): PathResult {
  sut.reset();
  const steps: StepRecord[] = [];
  let node = graph.nodes[graph.initial]!;
  for (const event of events) {
    const edge = node.edgeByEvent.get(event);
    if (edge === undefined) throw new Error(`${eventName(event)} is not an event of ${node.state}`);
    const step = modelStep(graph, edge);
    const observed = sut.step(step);
    const differences = judgeStep(step, observed);
    steps.push({ step, observed, differences });
    if (differences.length > 0) return { events, passed: false, steps, failedAt: steps.length - 1 };
    node = graph.nodes[edge.to]!;
  }
  return { events, passed: true, steps, failedAt: -1 };
}

/** The whole path, one step a line, the failing one marked, with expected beside seen. */
export function formatPathResult(result: PathResult): string {
  const lines: string[] = [];
  result.steps.forEach((record, index) => {
    const { step, observed } = record;
    const sends = step.sends.length === 0 ? '' : ` sends ${step.sends.map((a) => SEGMENT_LABELS[a]).join(', ')}`;
    const marker = index === result.failedAt ? '>>' : '  ';
    lines.push(`${marker} ${index + 1}. ${step.from} -${eventName(step.event)}-> ${step.to}${sends}`);
    for (const segment of observed.sent) lines.push(`        sent ${segment.text}`);
    if (observed.rejected !== null) lines.push(`        refused: error: ${observed.rejected}`);
    for (const difference of record.differences) lines.push(`        MISMATCH: ${difference}`);
  });
  const remaining = result.events.length - result.steps.length;
  if (remaining > 0) lines.push(`   (${remaining} more step${remaining === 1 ? '' : 's'} not run)`);
  if (result.originalLength !== undefined)
    lines.push(`   (shrunk from ${result.originalLength} steps to ${result.steps.length})`);
  return lines.join('\n');
}

/** A failing path as a fixture that replays with `tcp-statechart check --replay FILE`. */
export interface PathFixture {
  readonly kind: 'tcp-statechart/path';
  readonly input: ModelGraph['input'];
  readonly sut: string;
  readonly events: readonly ModelEventType[];
  readonly failedAt: number;
  /** The failing path's length before it was shrunk. */
  readonly originalLength?: number;
  readonly report: string;
}

export function pathFixture(input: ModelGraph['input'], sutName: string, result: PathResult): PathFixture {
  return {
    kind: 'tcp-statechart/path',
    input,
    sut: sutName,
    events: result.events,
    failedAt: result.failedAt,
    ...(result.originalLength === undefined ? {} : { originalLength: result.originalLength }),
    report: formatPathResult(result),
  };
}
