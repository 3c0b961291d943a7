/**
 * The definition every export is written from agrees with the transition
 * table: the same states, events, branches, guards and targets.
 */
import { transitionTable } from '../../src/model/transitionTable';
import { formatGuard, readDefinition, rfcName } from '../../src/export/definition';
import { timerEventName } from '../../src/model/timers';

test('has, state by state, the branches of the transition table, in its order', () => {
  const fromDefinition = readDefinition().states.flatMap((state) =>
    [
      ...state.on.map((t) => ({ ...t, name: t.event })),
      ...state.after.map((t) => ({ ...t, name: timerEventName(t.delay) })),
    ].flatMap(({ name, branches }) =>
      branches.map((branch, index) => ({
        from: state.key,
        event: name,
        branch: index,
        guard: branch.guard === undefined ? undefined : formatGuard(branch.guard),
        to: branch.target,
        reenter: branch.reenter,
        actions: branch.actions.map((action) => action.type),
        description: branch.description ?? '',
      })),
    ),
  );
  const fromTable = transitionTable()
    .filter((row) => row.kind === 'transition')
    .map(({ from, event, branch, guard, to, reenter, actions, description }) => ({
      from,
      event,
      branch,
      guard,
      to,
      reenter,
      actions: [...actions],
      description,
    }));
  const byKey = (rows: typeof fromTable) =>
    [...rows].sort((a, b) => `${a.from} ${a.event} ${a.branch}`.localeCompare(`${b.from} ${b.event} ${b.branch}`));
  expect(byKey(fromDefinition)).toEqual(byKey(fromTable));
});

test('keeps the events each state ignores on purpose', () => {
  const listen = readDefinition().states.find((state) => state.key === 'LISTEN')!;
  expect(Object.keys(listen.ignored)).toEqual(['RCV_RST', 'RCV_SYN_RST', 'RCV_DATA_WITHOUT_ACK']);
});

test('spells states as the RFC does', () => {
  expect(rfcName('SYN_RECEIVED')).toBe('SYN-RECEIVED');
  expect(rfcName('FIN_WAIT_1')).toBe('FIN-WAIT-1');
});
