/** The script runner: plays a parsed script against our TCP on a virtual clock. */
export { runScript, formatFailure } from './scriptRun';
export type * from './types';
export { ourTcpHost, type ScriptHost, type ScriptHostFactory } from './scriptHost';
