/**
 * The schema of a path fixture (`PathFixture`, written by `check` for every
 * failing path, read back by `check --replay`): checked field by field before
 * anything runs, so that a hand-edited or foreign file is one line naming the
 * wrong field, never a hang (an unbounded model input), a false MISMATCH
 * blamed on the implementation (`"rto": "abc"`) or a pass with nothing run
 * (`"events": []`). The model input has the bounds of src/mbt/modelInput.ts,
 * the ones `buildModelGraph` and the command line's options have.
 */
import { STATE_SPECIFIC_EVENTS, TCP_EVENT_TYPES } from '../../machines/tcp.machine';
import { parseDelayedEventType } from '../model/timers';
import type { ModelEventType } from './modelGraph';
import { checkModelInput, ModelInputError } from './modelInput';
import type { PathFixture } from './runner';

export const FIXTURE_KIND = 'tcp-statechart/path';

/** The longest path a fixture may replay: far beyond any suite's (random draws 40 events), and quick to run. */
export const MAX_FIXTURE_EVENTS = 10_000;

/** A fixture that does not fit the schema: which field, and what it takes. */
export class FixtureError extends Error {
  override readonly name = 'FixtureError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function isModelEvent(value: string): value is ModelEventType {
  return (
    ([...TCP_EVENT_TYPES, ...STATE_SPECIFIC_EVENTS] as readonly string[]).includes(value) ||
    parseDelayedEventType(value) !== undefined
  );
}

function describe(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value)
    : Array.isArray(value)
      ? 'a list'
      : value === null
        ? 'null'
        : typeof value === 'object'
          ? 'an object'
          : String(value);
}

/** The events of a fixture: 1 to MAX_FIXTURE_EVENTS names of the model's events. */
function checkEvents(value: unknown): ModelEventType[] {
  if (!Array.isArray(value))
    throw new FixtureError('events', `events takes a list of event names, got ${describe(value)}`);
  // A replay runs the path's steps; with none it would pass having checked nothing.
  if (value.length === 0) throw new FixtureError('events', 'events is empty: a path to replay has at least one event');
  if (value.length > MAX_FIXTURE_EVENTS) {
    throw new FixtureError(
      'events',
      `events has ${value.length} events, more than the ${MAX_FIXTURE_EVENTS} a fixture may replay`,
    );
  }
  value.forEach((event: unknown, index) => {
    if (typeof event !== 'string' || !isModelEvent(event)) {
      throw new FixtureError(
        `events[${index}]`,
        `events[${index}] takes an event of the model (${TCP_EVENT_TYPES[0]}, …, or xstate.after.RTO.<state>), got ${describe(event)}`,
      );
    }
  });
  return value as ModelEventType[];
}

/**
 * Checks that `data` (a parsed JSON document) is a path fixture and returns
 * it; a FixtureError names the first field that is wrong.
 */
export function checkPathFixture(data: unknown): PathFixture {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new FixtureError(
      '',
      `not a path fixture: expected an object with kind '${FIXTURE_KIND}', got ${describe(data)}`,
    );
  }
  const record = data as Record<string, unknown>;
  if (record.kind !== FIXTURE_KIND) {
    throw new FixtureError('kind', `not a path fixture: kind takes '${FIXTURE_KIND}', got ${describe(record.kind)}`);
  }
  let input;
  try {
    input = checkModelInput(record.input ?? {}, 'input.');
  } catch (error) {
    if (error instanceof ModelInputError)
      throw new FixtureError(error.field === '' ? 'input' : `input.${error.field}`, error.message);
    throw error;
  }
  const events = checkEvents(record.events);
  if (record.sut !== undefined && typeof record.sut !== 'string')
    throw new FixtureError('sut', `sut takes a name, got ${describe(record.sut)}`);
  if (record.report !== undefined && typeof record.report !== 'string') {
    throw new FixtureError('report', `report takes text, got ${describe(record.report)}`);
  }
  const failedAt = record.failedAt ?? -1;
  if (typeof failedAt !== 'number' || !Number.isInteger(failedAt) || failedAt < -1 || failedAt >= events.length) {
    throw new FixtureError(
      'failedAt',
      `failedAt takes a step index from -1 to ${events.length - 1}, got ${describe(record.failedAt)}`,
    );
  }
  return {
    kind: FIXTURE_KIND,
    input,
    sut: (record.sut as string | undefined) ?? '',
    events,
    failedAt,
    report: (record.report as string | undefined) ?? '',
  };
}
