import { buildModelGraph } from './src/mbt/modelGraph';
import { transitionTour } from './src/mbt/tour';
import { runPath } from './src/mbt/runner';
import { TcpConnectionSut } from './src/mbt/tcpConnectionSut';
const g = buildModelGraph({ maxRetries: 2 });
console.log('tour failedAt', runPath(g, new TcpConnectionSut(g.input), transitionTour(g)).failedAt);
