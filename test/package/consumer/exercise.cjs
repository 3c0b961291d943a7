/**
 * The runtime check of the three entry points, handed the modules as
 * require.cjs (CommonJS) or import.mjs (ES modules) loaded them: two
 * connections complete the handshake on a virtual clock, the machine lists
 * the 11 states, and the model yields its path suites.
 */
const assert = require('node:assert/strict');

module.exports = function exercise(root, machine, mbt) {
  const clock = new root.VirtualClock();
  const network = new root.SimulatedNetwork({ clock, seed: 1, delayMs: 5 });
  const client = new root.TcpConnection({
    clock,
    localPort: 40000,
    remotePort: 80,
    output: network.output('10.0.0.1', '10.0.0.2'),
  });
  const server = new root.TcpConnection({ clock, localPort: 80, output: network.output('10.0.0.2', '10.0.0.1') });
  network.attach({ address: '10.0.0.1', receive: (segment) => client.receive(segment) });
  network.attach({ address: '10.0.0.2', receive: (segment) => server.receive(segment) });
  server.listen();
  client.connect();
  clock.runUntilIdle();
  assert.deepEqual([client.state, server.state], ['ESTABLISHED', 'ESTABLISHED']);
  assert.equal(machine.TCP_STATES.length, 11);
  assert.equal(machine.tcpMachine, root.tcpMachine, 'the machine entry and the root export one machine');
  assert.ok(mbt.buildSuite(mbt.buildModelGraph({ maxRetries: 2 }), 'states').length > 0);
};
