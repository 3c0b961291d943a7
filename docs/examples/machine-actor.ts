import { createActor, SimulatedClock } from 'xstate';
import { tcpMachine, tcpState } from 'tcp-statechart/machine';

const connection = createActor(
  // The send actions are markers; give them meaning with provide().
  tcpMachine.provide({ actions: { sendSyn: () => console.log('-> SYN') } }),
  { input: { rto: 1000, maxRetries: 6, msl: 30_000 } },
).start();

connection.send({ type: 'ACTIVE_OPEN' });     // prints -> SYN
console.log(tcpState(connection.getSnapshot()));  // prints SYN_SENT
connection.stop();                            // else the SYN's real retransmission timer keeps Node running 127 s

// In a test, XState's simulated clock moves time without waiting. Move it one timer at a time: a timer
// armed during a jump starts at the clock's new time.
const clock = new SimulatedClock();
const simulated = createActor(tcpMachine, { clock, input: {} }).start();
simulated.send({ type: 'ACTIVE_OPEN' });
clock.increment(1000);                        // the RTO expires: the SYN is resent
simulated.send({ type: 'RCV_SYN_ACK' });
console.log(tcpState(simulated.getSnapshot()));   // prints ESTABLISHED
simulated.stop();
