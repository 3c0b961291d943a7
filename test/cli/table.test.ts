/**
 * The `table` command, called as a function; ./check.test.ts runs it through
 * the program and ./binary.test.ts through the built binary.
 */
import { TCP_STATES } from '../../machines/tcp.machine';
import { renderTable, tableFormat } from '../../src/cli/commands/table';
import { transitionTable } from '../../src/model/transitionTable';

describe('tcp-statechart table', () => {
  test('prints every one of the 11 states', () => {
    const output = renderTable();
    for (const state of TCP_STATES) expect(output).toMatch(new RegExp(`^${state} `, 'm'));
  });

  test('prints one line per row of the transition table, under a header and a rule', () => {
    expect(renderTable().trimEnd().split('\n')).toHaveLength(transitionTable().length + 2);
  });

  test('--markdown prints a Markdown table', () => {
    const output = renderTable({ markdown: true });
    expect(output.split('\n')[0]).toBe('| from | event | guard | to | sends | description |');
    for (const state of TCP_STATES) expect(output).toContain(`| ${state} |`);
  });

  test('--json prints the rows themselves', () => {
    expect(JSON.parse(renderTable({ json: true }))).toEqual(JSON.parse(JSON.stringify(transitionTable())));
  });

  test('--no-descriptions leaves the RFC references out', () => {
    expect(renderTable({ descriptions: false })).not.toContain('RFC 9293');
  });

  test.each([
    [{}, 'text'],
    [{ markdown: true }, 'markdown'],
    [{ json: true }, 'json'],
  ] as const)('options %j choose the %s format', (options, format) => {
    expect(tableFormat(options)).toBe(format);
  });
});
