/**
 * Reading the machine's guards: a guard as XState holds it (a name, or what
 * `and`/`or`/`not` return) as data, and in words. The transition table, the
 * path graph and every export read guards through this one module.
 */
import { and, not, or } from 'xstate';

/** A guard as data: a named guard, or `and` / `or` / `not` over guards. */
export type GuardExpression =
  | { readonly kind: 'named'; readonly name: string }
  | { readonly kind: 'and' | 'or'; readonly guards: readonly GuardExpression[] }
  | { readonly kind: 'not'; readonly guard: GuardExpression };

/** A higher-order guard (`and`, `or`, `not`): XState marks it with its `check` function. */
interface HigherOrderGuard {
  readonly check: unknown;
  readonly guards: readonly unknown[];
}

// XState gives every `and(...)` the same `check` function; comparing against it
// tells the combinators apart without relying on function names.
const combinatorChecks = {
  and: (and([]) as unknown as HigherOrderGuard).check,
  or: (or([]) as unknown as HigherOrderGuard).check,
  not: (not('') as unknown as HigherOrderGuard).check,
};

function isHigherOrderGuard(guard: unknown): guard is HigherOrderGuard {
  return typeof guard === 'function' && 'check' in guard && 'guards' in guard && Array.isArray(guard.guards);
}

/** Thrown for a guard that has no name: an inline function. The model keeps every guard named. */
export class InlineGuardError extends Error {
  constructor() {
    super('the machine has an inline guard; only named guards (and and/or/not of them) can be read');
    this.name = 'InlineGuardError';
  }
}

/** A guard as the machine holds it, as data. */
export function guardExpression(guard: unknown): GuardExpression {
  if (typeof guard === 'string') return { kind: 'named', name: guard };
  if (isHigherOrderGuard(guard)) {
    if (guard.check === combinatorChecks.not) return { kind: 'not', guard: guardExpression(guard.guards[0]) };
    if (guard.check === combinatorChecks.and) return { kind: 'and', guards: guard.guards.map(guardExpression) };
    if (guard.check === combinatorChecks.or) return { kind: 'or', guards: guard.guards.map(guardExpression) };
  }
  if (typeof guard === 'object' && guard !== null && 'type' in guard && typeof guard.type === 'string') {
    return { kind: 'named', name: guard.type };
  }
  throw new InlineGuardError();
}

/** Every guard name an expression uses, in order. */
export function guardNames(guard: GuardExpression): string[] {
  switch (guard.kind) {
    case 'named':
      return [guard.name];
    case 'not':
      return guardNames(guard.guard);
    case 'and':
    case 'or':
      return guard.guards.flatMap(guardNames);
  }
}

/** The named guards that must hold for `guard` to: itself if named, the operands of an `and`; nothing under `not` or `or`. */
export function requiredGuards(guard: GuardExpression): string[] {
  switch (guard.kind) {
    case 'named':
      return [guard.name];
    case 'and':
      return guard.guards.flatMap(requiredGuards);
    case 'not':
    case 'or':
      return [];
  }
}

/**
 * A guard expression written with the given words for its parts, e.g.
 * `dataOutstanding and retriesLeft`; nested `and`/`or` get parentheses.
 */
export function formatGuard(
  guard: GuardExpression,
  words: {
    readonly name?: (name: string) => string;
    readonly and?: string;
    readonly or?: string;
    readonly not?: string;
  } = {},
): string {
  const name = words.name ?? ((n: string) => n);
  const operand = (inner: GuardExpression): string => {
    const text = formatGuard(inner, words);
    return inner.kind === 'and' || inner.kind === 'or' ? `(${text})` : text;
  };
  switch (guard.kind) {
    case 'named':
      return name(guard.name);
    case 'not':
      return `${words.not ?? 'not '}${operand(guard.guard)}`;
    case 'and':
      return guard.guards.map(operand).join(words.and ?? ' and ');
    case 'or':
      return guard.guards.map(operand).join(words.or ?? ' or ');
  }
}

/**
 * A guard in words: a named guard is its name, `and`/`or` join their operands,
 * `not` prefixes its operand. Nested `and`/`or` get parentheses.
 */
export function describeGuard(guard: unknown): string {
  try {
    return formatGuard(guardExpression(guard));
  } catch (error) {
    if (error instanceof InlineGuardError) return '(inline guard)';
    throw error;
  }
}
