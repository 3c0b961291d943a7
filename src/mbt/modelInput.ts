/**
 * The bounds of the model's input (`TcpInput`), defined once: the library's
 * `buildModelGraph`, the command line's options (`paths --max-retries`) and a
 * replayed fixture's `input` are all checked against them, and a value
 * outside them is a `ModelInputError` naming the field.
 *
 * Why bounds at all: the compiled graph has a node per reachable snapshot,
 * and the retry counter and the backed-off RTO are part of the snapshot. A
 * large `maxRetries` adds nodes per retry; an RTO of 0 or below never grows
 * under RFC 6298 §5.5's doubling (`min(2 × RTO, maxRto)`), so with a
 * time-based retry limit the retries, and the graph, never end.
 */
import { DEFAULT_INPUT, type TcpInput } from '../../machines/tcp.machine';

/** A whole-number setting and the range accepted. */
export interface NumberBound {
  readonly min: number;
  readonly max: number;
  readonly unit: 'ms' | 'retransmissions' | 'segments';
}

/** An hour: no TCP timer the model describes needs longer (RFC 6298 §2.5 asks only that a maximum be at least 60 s). */
const HOUR_MS = 3_600_000;

/**
 * The largest retry count: each retry adds snapshots (the graph has 1,030
 * nodes at 2 and 1,786 at 10, built in about 2 s); Linux's own limits
 * (`tcp_syn_retries` 6, `tcp_retries2` 15 counted in time) fit under it as
 * the model counts them, and so does lwIP's TCP_MAXRTX 12 (src/lwip/profile.ts).
 */
export const MAX_RETRIES_LIMIT = 12;

const TIME: NumberBound = { min: 1, max: HOUR_MS, unit: 'ms' };

/** Every numeric field of `TcpInput`, with its range; every other field is a boolean. */
export const MODEL_INPUT_NUMBERS = {
  rto: TIME,
  minRto: TIME,
  maxRto: TIME,
  fallbackRto: TIME,
  msl: TIME,
  maxRetries: { min: 0, max: MAX_RETRIES_LIMIT, unit: 'retransmissions' },
  // 0 turns the time-based limit off (RFC 9293 §3.8.3 R2 then counts retransmissions).
  retryTimeLimit: { min: 0, max: HOUR_MS, unit: 'ms' },
  // 0: no USER TIMEOUT (RFC 9293 §3.10.8).
  userTimeout: { min: 0, max: HOUR_MS, unit: 'ms' },
  // 0 turns delayed ACKs off; RFC 9293 §3.8.6.3 (MUST-40, RFC 1122 §4.2.3.2): "the delay MUST be less than 0.5 seconds".
  ackDelay: { min: 0, max: 499, unit: 'ms' },
  // 0: unbounded. The model's window update on RECEIVE holds for a buffer of one or two segments (machines/tcp.machine.ts).
  receiveBuffer: { min: 0, max: 2, unit: 'segments' },
  // The model keeps a flag, not a count, of the segments in flight: any number above one is the same graph; four
  // bounds the bytes a path sends (each SEND fills sendSegments times the peer's MSS, src/mbt/scriptedPeer.ts).
  sendSegments: { min: 1, max: 4, unit: 'segments' },
} as const satisfies Partial<Record<keyof TcpInput, NumberBound>>;

type NumberField = keyof typeof MODEL_INPUT_NUMBERS;
type Defaults = typeof DEFAULT_INPUT;
/** The fields whose default is true or false. */
type BooleanField = { [K in keyof Defaults]: Defaults[K] extends boolean ? K : never }[keyof Defaults];

/** Every boolean field of `TcpInput`, as the model's defaults type them. */
const MODEL_INPUT_BOOLEANS = (Object.keys(DEFAULT_INPUT) as (keyof Defaults)[]).filter(
  (field): field is BooleanField => typeof DEFAULT_INPUT[field] === 'boolean',
);

// A field added to TcpInput that is neither bounded above nor a boolean default fails to compile here.
const everyFieldChecked: [Exclude<keyof TcpInput, NumberField | BooleanField>] extends [never] ? true : never = true;
void everyFieldChecked;

/** A model input outside its bounds: which field, and what it takes. */
export class ModelInputError extends Error {
  override readonly name = 'ModelInputError';
  constructor(
    /** `maxRetries`, `rto`, … or '' for the input as a whole. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** `a whole number of ms from 1 to 3600000`: what a numeric field takes, in the words every error uses. */
export function boundText(field: NumberField): string {
  const { min, max, unit } = MODEL_INPUT_NUMBERS[field];
  return `a whole number${unit === 'ms' ? ' of ms' : ''} from ${min} to ${max}`;
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'a list' : String(value);
}

/** The value of a numeric field, or a ModelInputError: `${where}maxRetries takes …, got 1000000000`. */
export function checkNumberField(field: NumberField, value: unknown, where = 'input.'): number {
  const { min, max } = MODEL_INPUT_NUMBERS[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ModelInputError(field, `${where}${field} takes ${boundText(field)}, got ${show(value)}`);
  }
  return value;
}

/**
 * How many retransmissions a time-based retry limit allows (RFC 9293 §3.8.3
 * R2 "measured in time"), counted from the smallest RTO the input can start
 * a back-off with: each waits one RTO, doubled up to `maxRto` (RFC 6298 §5.5).
 * Stops counting past `stopAfter`.
 */
function retransmissionsWithin(limit: number, input: TcpInput, stopAfter: number): number {
  if (limit === 0) return 0;
  const maxRto = input.maxRto ?? DEFAULT_INPUT.maxRto;
  const rto0 = input.rto ?? DEFAULT_INPUT.rto;
  let rto = Math.min(rto0, input.minRto ?? rto0, input.fallbackRto ?? DEFAULT_INPUT.fallbackRto);
  // The first retransmission is always allowed; each further one while the time spent plus an RTO stays under the limit.
  let count = 1;
  let elapsed = 0;
  while (count <= stopAfter && elapsed + rto < limit) {
    elapsed += rto;
    rto = Math.min(2 * rto, maxRto);
    count++;
  }
  return count;
}

/**
 * Checks that `value` is a model input within its bounds and returns it;
 * a ModelInputError names the first field that is not (`where` prefixes the
 * field, as `input.` in a fixture).
 */
export function checkModelInput(value: unknown, where = 'input.'): TcpInput {
  const whole = where === '' ? 'the model input' : where.replace(/\.$/, '');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ModelInputError(
      '',
      `${whole} takes an object of model settings (as {"maxRetries": 2}), got ${show(value)}`,
    );
  }
  const record = value as Record<string, unknown>;
  for (const [field, fieldValue] of Object.entries(record)) {
    if (field in MODEL_INPUT_NUMBERS) {
      checkNumberField(field as NumberField, fieldValue, where);
    } else if ((MODEL_INPUT_BOOLEANS as readonly string[]).includes(field)) {
      if (typeof fieldValue !== 'boolean')
        throw new ModelInputError(field, `${where}${field} takes true or false, got ${show(fieldValue)}`);
    } else {
      const known = [...Object.keys(MODEL_INPUT_NUMBERS), ...MODEL_INPUT_BOOLEANS].join(', ');
      throw new ModelInputError(field, `${where}${field} is not a model setting (settings: ${known})`);
    }
  }
  const input = record as TcpInput;
  for (const field of ['retryTimeLimit', 'userTimeout'] as const) {
    const limit = input[field] ?? DEFAULT_INPUT[field];
    if (retransmissionsWithin(limit, input, MAX_RETRIES_LIMIT) > MAX_RETRIES_LIMIT) {
      throw new ModelInputError(
        field,
        `${where}${field} ${limit} ms allows more than ${MAX_RETRIES_LIMIT} retransmissions at these RTOs (the limit of maxRetries)`,
      );
    }
  }
  const userTimeout = input.userTimeout ?? DEFAULT_INPUT.userTimeout;
  if (userTimeout > 0 && (input.retryTimeLimit ?? DEFAULT_INPUT.retryTimeLimit) > 0) {
    throw new ModelInputError(
      'userTimeout',
      `${where}userTimeout and ${where}retryTimeLimit are two ways to give up by time: set one of them`,
    );
  }
  return input;
}
