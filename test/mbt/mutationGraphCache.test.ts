/**
 * The graphs a mutation run's `globalSetup` builds (test/mbt/mutation/graphCache.ts):
 * every profile, or the ones a StrykerJS configuration names.
 */
import { profilesToBuild } from './mutation/graphCache';
import { PROFILES } from './profiles';

test('without globals.graphProfiles every profile is built', () => {
  expect(profilesToBuild(undefined)).toEqual(PROFILES.map((profile) => profile.name));
  expect(profilesToBuild({})).toEqual(PROFILES.map((profile) => profile.name));
});

test('globals.graphProfiles names the profiles built', () => {
  expect(profilesToBuild({ graphProfiles: ['rfc9293'] })).toEqual(['rfc9293']);
});

test('an unknown profile or a value that is not a list of names is an error, not a silent build of nothing', () => {
  expect(() => profilesToBuild({ graphProfiles: ['no-such-profile'] })).toThrow('no profile no-such-profile');
  expect(() => profilesToBuild({ graphProfiles: 'rfc9293' })).toThrow('must be an array of profile names');
  expect(() => profilesToBuild({ graphProfiles: [1] })).toThrow('must be an array of profile names');
});
