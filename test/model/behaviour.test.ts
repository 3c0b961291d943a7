/**
 * Behaviour unchanged (issue 11): the machine's behaviour table for each
 * profile, recorded from the flat machine before the restructure into parent
 * states and profile variants, must come out the same line for line. The
 * record is a fingerprint per profile (test/model/behaviour.json); a table
 * runs to some 14,000 lines. To see one, print `behaviourTable(...)`.
 */
import { LINUX_PROFILES } from '../../src/linux/profile';
import { TEST_PROFILES } from '../../src/mbt/profiles';
import { behaviourTable, tableHash } from './behaviour';
import recorded from './behaviour.json';

const PROFILES = [...TEST_PROFILES, ...LINUX_PROFILES];

test('every profile is recorded', () => {
  expect(PROFILES.map((profile) => profile.name).sort()).toEqual(Object.keys(recorded).sort());
});

test.each(PROFILES)('$name: every snapshot and event behaves as recorded', ({ name, machine, input }) => {
  const table = behaviourTable(machine, input);
  expect({ lines: table.length, sha256: tableHash(table) }).toEqual(recorded[name as keyof typeof recorded]);
});
