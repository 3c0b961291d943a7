/**
 * The diagrams (Mermaid, Graphviz DOT, and the SVG Graphviz draws from it)
 * show every transition that changes state or restarts its timers, each
 * labelled with its event, guard and segments, and the timers look different.
 */
import { TCP_STATES } from '../../machines/tcp.machine';
import { rfcName } from '../../src/export/definition';
import { diagramEdges, edgeSource } from '../../src/export/diagram';
import { dotDiagram, RANKS, TIMER_COLOR } from '../../src/export/dot';
import { mermaidDiagram } from '../../src/export/mermaid';
import { svgDiagram } from '../../src/export/svg';
import { isLinuxProfileRow, rfc9293Rows, transitionTable } from '../../src/model/transitionTable';

const edges = diagramEdges();
const rowsWithTarget = rfc9293Rows().filter((row) => row.kind === 'transition' && row.to !== null);

test('every transition with a target is on exactly one edge, under its event', () => {
  for (const row of rowsWithTarget) {
    const timer = row.event.startsWith('after ');
    const onEdge = edges.filter((edge) => edge.from === edgeSource(row) && edge.to === row.to && edge.timer === timer);
    expect(onEdge).toHaveLength(1);
    expect(
      onEdge[0]!.labels.some((label) => label.split(' [')[0]!.split(' / ')[0]!.split(', ').includes(row.event)),
    ).toBe(true);
  }
  const rowCount = edges.reduce((sum, edge) => sum + edge.labels.length, 0);
  expect(rowCount).toBeLessThanOrEqual(rowsWithTarget.length);
});

test("the diagram is RFC 9293's: no branch of the Linux profile is drawn", () => {
  const linuxGuards = transitionTable()
    .filter(isLinuxProfileRow)
    .map((row) => row.guard!);
  expect(linuxGuards.length).toBeGreaterThan(0);
  for (const label of edges.flatMap((edge) => edge.labels)) {
    for (const guard of linuxGuards) expect(label).not.toContain(`[${guard}]`);
  }
});

test('labels read EVENT [guard] / segments, and events with the same guard and output share a label', () => {
  const closedFromLastAck = edges.find((edge) => edge.from === 'LAST_ACK' && edge.to === 'CLOSED' && !edge.timer);
  expect(closedFromLastAck?.labels).toEqual(['RCV_ACK, RCV_DATA']);
  const synSentRetransmit = edges.find((edge) => edge.from === 'SYN_SENT' && edge.to === 'SYN_SENT');
  expect(synSentRetransmit).toEqual({
    from: 'SYN_SENT',
    to: 'SYN_SENT',
    timer: true,
    labels: ['after RTO [retriesLeft] / SYN'],
  });
  const handshake = edges.find((edge) => edge.from === 'SYN_SENT' && edge.to === 'ESTABLISHED');
  expect(handshake?.labels).toEqual(['RCV_SYN_ACK [dataQueued] / data', 'RCV_SYN_ACK [otherwise] / ACK']);
});

test("HANDSHAKE's CLOSE and ABORT leave its box; SYN-SENT's own (the TCB deleted) leave SYN-SENT", () => {
  expect(edges.filter((edge) => edge.from === 'HANDSHAKE')).toEqual([
    { from: 'HANDSHAKE', to: 'FIN_WAIT_1', timer: false, labels: ['CLOSE [otherwise] / FIN'] },
    { from: 'HANDSHAKE', to: 'CLOSED', timer: false, labels: ['ABORT / RST'] },
  ]);
  expect(edges.find((edge) => edge.from === 'SYN_SENT' && edge.to === 'CLOSED' && !edge.timer)?.labels).toEqual([
    'RCV_RST, CLOSE, ABORT',
  ]);
});

test('a transition a parent state holds for its children is one edge from the parent, not one per leaf', () => {
  const fromSynchronized = edges.filter((edge) => edge.from === 'SYNCHRONIZED');
  expect(fromSynchronized).toEqual([
    { from: 'SYNCHRONIZED', to: 'CLOSED', timer: false, labels: ['RCV_RST', 'ABORT / RST'] },
  ]);
  for (const leaf of ['ESTABLISHED', 'CLOSE_WAIT', 'FIN_WAIT_1']) {
    expect(edges.filter((edge) => edge.from === leaf && edge.to === 'CLOSED' && !edge.timer)).toEqual([]);
  }
});

describe('Mermaid', () => {
  const mermaid = mermaidDiagram();
  const arrows = [...mermaid.matchAll(/^ {2}(\w+) --> (\w+) : (.+)$/gm)].map(([, from, to, label]) => ({
    from,
    to,
    label,
  }));

  test('is a stateDiagram-v2 starting in CLOSED, with the RFC names of the 11 states', () => {
    expect(mermaid).toMatch(/^stateDiagram-v2$/m);
    expect(mermaid).toMatch(/^ {2}\[\*\] --> CLOSED$/m);
    for (const state of TCP_STATES)
      expect(mermaid).toMatch(new RegExp(`^ +state "${rfcName(state)}" as ${state}$`, 'm'));
  });

  test('draws each parent state as a composite around its leaves', () => {
    expect(mermaid).toMatch(/^ {4}state SYNCHRONIZED \{\n {6}state "ESTABLISHED" as ESTABLISHED$/m);
    expect(mermaid).toMatch(/^ {8}state FINS_EXCHANGED \{\n {10}state "CLOSING" as CLOSING$/m);
  });

  test('has one arrow per label of every edge, read back from its lines', () => {
    expect(arrows).toEqual(
      edges.flatMap((edge) => edge.labels.map((label) => ({ from: edge.from, to: edge.to, label }))),
    );
  });
});

describe('Graphviz DOT', () => {
  const dot = dotDiagram();
  const edgeLines = dot.split('\n').filter((line) => /^ {2}\w+ -> \w+ \[label=/.test(line));

  test('is a digraph with a box per state and CLOSED drawn at the top and, where connections end, at the bottom', () => {
    expect(dot).toMatch(/^digraph tcp \{$/m);
    for (const state of TCP_STATES)
      expect(dot).toMatch(new RegExp(`^ +${state} \\[label=<<B>${rfcName(state)}</B>`, 'm'));
    expect(dot).toMatch(/^ {2}CLOSED_END \[label=<<B>CLOSED<\/B>/m);
  });

  const isLoop = (edge: (typeof edges)[number]) => edge.from === edge.to;

  test('draws every timer edge dashed, in its own colour, labelled after RTO or after TWO_MSL', () => {
    const timerLines = edgeLines.filter((line) => line.includes('style=dashed') && !line.includes('label=<'));
    expect(timerLines).toHaveLength(edges.filter((edge) => edge.timer && !isLoop(edge)).length);
    for (const line of timerLines) {
      expect(line).toMatch(/label="after (RTO|TWO_MSL)/);
      expect(line).toContain(`color="${TIMER_COLOR}"`);
    }
    for (const line of edgeLines.filter((l) => !l.includes('style=dashed') && !l.includes('label=<')))
      expect(line).not.toMatch(/after (RTO|TWO_MSL)/);
  });

  test("draws a state's loops as one, each timer's label in the timer colour", () => {
    const loopLines = edgeLines.filter((line) => /^ {2}(\w+) -> \1 \[/.test(line));
    expect(loopLines).toHaveLength(new Set(edges.filter(isLoop).map((edge) => edge.from)).size);
    expect(loopLines.find((line) => line.startsWith('  ESTABLISHED -> ESTABLISHED'))).toBe(
      `  ESTABLISHED -> ESTABLISHED [label=<RCV_ACK, RCV_WINDOW_OPEN, RCV_DATA, RCV_DATA_OUT_OF_ORDER [dataQueued] / data<BR ALIGN="LEFT"/>RCV_DATA [ackDelayed and not ackPending and not textHeld and not receiveBufferFull]<BR ALIGN="LEFT"/>SEND [sendWindowZero]<BR ALIGN="LEFT"/>SEND [otherwise] / data<BR ALIGN="LEFT"/><FONT COLOR="${TIMER_COLOR}">after RTO [dataOutstanding and retriesLeft] / data</FONT><BR ALIGN="LEFT"/><FONT COLOR="${TIMER_COLOR}">after PERSIST [dataQueued] / zero-window probe</FONT><BR ALIGN="LEFT"/>>];`,
    );
    // Only timers: dashed, as a timer's edge is.
    expect(loopLines.find((line) => line.startsWith('  CLOSING -> CLOSING'))).toContain(
      `style=dashed, color="${TIMER_COLOR}"`,
    );
  });

  test('draws each parent state as a cluster, its shared transitions leaving the cluster once', () => {
    expect(dot).toMatch(/^ {4}subgraph cluster_SYNCHRONIZED \{$/m);
    expect(dot).toMatch(/^ {6}ESTABLISHED \[label=/m);
    expect(edgeLines.filter((line) => line.includes('ltail=cluster_SYNCHRONIZED'))).toEqual([
      '  ESTABLISHED -> CLOSED_END [label="RCV_RST\\lABORT / RST\\l", ltail=cluster_SYNCHRONIZED];',
    ]);
  });

  test("keeps a loop's label clear: the state's other edges leave and enter away from the loop's side", () => {
    // Graphviz routes edges around nodes, not around loop labels: SYN-SENT's retransmission was crossed by the resets
    // and timeouts climbing back to CLOSED, which now leave from its top right corner.
    expect(edgeLines).toContain(
      '  SYN_SENT -> CLOSED [label="RCV_RST, CLOSE, ABORT\\l", constraint=false, tailport=ne];',
    );
    const looped = new Set(edges.filter(isLoop).map((edge) => edge.from));
    for (const line of edgeLines) {
      const [, from, to] = /^ {2}(\w+) -> (\w+) /.exec(line)!;
      if (from === to || line.includes('ltail=')) continue;
      const sameRow = RANKS.some((row) => row.some((state) => state === from) && row.some((state) => state === to));
      if (looped.has(from!) && !sameRow) expect(line).toMatch(/tailport=(s|ne)[,\]]/);
    }
    // Into a looped state from above: at its top (ESTABLISHED loops on its right, where SYN-SENT's edge came in).
    expect(edgeLines.find((line) => line.startsWith('  SYN_SENT -> ESTABLISHED'))).toMatch(
      /tailport=s, headport=n\];$/,
    );
  });

  test('leaves a gutter between a loop drawn on the left and its label, which Graphviz sets as if the loop had no width', () => {
    const westLoops = edgeLines.filter((line) => /^ {2}(\w+) -> \1 \[/.test(line) && line.includes('tailport=w'));
    expect(westLoops.map((line) => line.split(' ')[2])).toEqual(['SYN_RECEIVED', 'FIN_WAIT_1', 'FIN_WAIT_2']);
    for (const line of westLoops) expect(line).toMatch(/<TD WIDTH="\d+"><\/TD><\/TR><\/TABLE>>/);
  });

  test("has one edge line per diagram edge, a state's loops drawn as one", () => {
    const loops = edges.filter(isLoop);
    expect(edgeLines).toHaveLength(edges.length - loops.length + new Set(loops.map((edge) => edge.from)).size);
  });
});

describe('SVG', () => {
  let svg: string;
  beforeAll(async () => {
    svg = await svgDiagram();
  }, 30_000);

  test('is an SVG drawn by Graphviz, with every state', () => {
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toMatch(/<svg width="\d+pt" height="\d+pt"/);
    expect(svg).toContain('Generated by graphviz');
    for (const state of TCP_STATES) expect(svg).toContain(`>${rfcName(state).replace(/-/g, '&#45;')}</text>`);
  });

  test('draws the timer transitions dashed and labelled after RTO / after TWO_MSL', () => {
    const dashed = svg.match(/stroke-dasharray="5,2"/g) ?? [];
    expect(dashed.length).toBeGreaterThanOrEqual(edges.filter((edge) => edge.timer).length);
    expect(svg).toContain('after RTO [retriesLeft] / SYN</text>');
    expect(svg).toContain('after TWO_MSL</text>');
  });

  test('renders the same bytes every time (so the committed copy can be checked)', async () => {
    expect(await svgDiagram()).toBe(svg);
  });
});
