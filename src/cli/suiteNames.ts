/**
 * The suite names the command line accepts, as `--help` and the errors list
 * them. Which names are valid, and their wording, come from src/mbt
 * (`parseSuiteName`, `PATH_SUITE_NAMES`, `CHECK_SUITE_NAMES`).
 */
import { parseSuiteName } from '../mbt/checkRun';
import { UnknownSuiteError } from '../mbt/suites';

export { CHECK_SUITE_NAMES, PATH_SUITE_NAMES } from '../mbt/suites';

/** `unknown suite 'nope': expected one of: states, transitions, …`. */
export function unknownSuiteMessage(suite: string, accepted: readonly string[]): string {
  return new UnknownSuiteError(suite, accepted).message;
}

/** The suite's kind, or undefined when `parseSuiteName` refuses the name. */
export function suiteKind(suite: string): ReturnType<typeof parseSuiteName>['kind'] | undefined {
  try {
    return parseSuiteName(suite).kind;
  } catch (error) {
    if (error instanceof UnknownSuiteError) return undefined;
    throw error;
  }
}
