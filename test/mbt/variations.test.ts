/**
 * The transitions suite again, on variations of the default profile: sequence
 * numbers that wrap past 2^32, timer settings all different from each other,
 * and every edge (not only the RFC 1337 branch, as suites.test.ts takes) of
 * the rfc1337 profile.
 */
import { buildSuite } from '../../src/mbt/suites';
import { TcpConnectionSut } from '../../src/mbt/tcpConnectionSut';
import { expectEveryEdgePasses, expectPathsPass, graphFor, TIMER_PROFILE, WRAPPING_ISS } from './fixtures';

test('transitions with the ISS 5 below 2^32: every edge, the sequence numbers wrapping', () => {
  const graph = graphFor('rfc9293');
  const checked = expectEveryEdgePasses(graph, new TcpConnectionSut(graph.input, { iss: WRAPPING_ISS }));
  expect(checked).toBe(graph.edges.length);
});

test('transitions and switch:1 with minRto, fallbackRto, maxRto and MSL all apart', () => {
  const graph = graphFor(TIMER_PROFILE.name);
  const sut = new TcpConnectionSut(graph.input);
  expect(expectEveryEdgePasses(graph, sut)).toBe(graph.edges.length);
  const switch1 = buildSuite(graph, 'switch:1');
  expect(switch1.length).toBeGreaterThan(0);
  expectPathsPass(
    graph,
    sut,
    switch1.map((path) => path.events),
  );
});

test('transitions, rfc1337 profile: every edge, the option changing nothing but the RST in TIME-WAIT', () => {
  const graph = graphFor('rfc1337');
  expect(expectEveryEdgePasses(graph, new TcpConnectionSut(graph.input))).toBe(graph.edges.length);
});
