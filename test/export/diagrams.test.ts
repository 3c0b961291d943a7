/**
 * The diagrams (Mermaid, Graphviz DOT, and the SVG Graphviz draws from it)
 * show every transition that changes state or restarts its timers, each
 * labelled with its event, guard and segments, and the timers look different.
 */
import { TCP_STATES } from '../../machines/tcp.machine';
import { rfcName } from '../../src/export/definition';
import { diagramEdges, edgeSource } from '../../src/export/diagram';
import { dotDiagram, TIMER_COLOR } from '../../src/export/dot';
import { borderCrosses, crossedLabels, laidOutDot } from '../../src/export/layout';
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
  expect(closedFromLastAck?.labels).toEqual(['RCV_ACK, RCV_DATA [otherwise]']);
  const synSentRetransmit = edges.find((edge) => edge.from === 'SYN_SENT' && edge.to === 'SYN_SENT');
  expect(synSentRetransmit).toEqual({
    from: 'SYN_SENT',
    to: 'SYN_SENT',
    timer: true,
    labels: ['after RTO [retriesLeft] / SYN'],
  });
  const handshake = edges.find((edge) => edge.from === 'SYN_SENT' && edge.to === 'ESTABLISHED');
  expect(handshake?.labels).toEqual([
    'RCV_SYN_ACK, RCV_SYN_ACK_DATA [dataQueued] / data',
    'RCV_SYN_ACK, RCV_SYN_ACK_DATA [otherwise] / ACK',
  ]);
});

test('HALF_SYNCHRONIZED, a parent around SYN-RECEIVED alone, is no box: its CLOSE and ABORT leave SYN-RECEIVED', () => {
  expect(edges.filter((edge) => edge.from === 'HANDSHAKE' || edge.from === 'HALF_SYNCHRONIZED')).toEqual([]);
  expect(edges.filter((edge) => edge.from === 'SYN_RECEIVED' && ['FIN_WAIT_1', 'CLOSED'].includes(edge.to))).toEqual(
    expect.arrayContaining([
      {
        from: 'SYN_RECEIVED',
        to: 'FIN_WAIT_1',
        timer: false,
        labels: expect.arrayContaining(['CLOSE [otherwise] / FIN']),
      },
      { from: 'SYN_RECEIVED', to: 'CLOSED', timer: false, labels: expect.arrayContaining(['ABORT / RST']) },
    ]),
  );
  expect(dotDiagram()).not.toContain('cluster_HALF_SYNCHRONIZED');
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
  // As committed (docs/tcp.dot): laid out, with the labels a border or an edge would cross as label nodes.
  let dot: string;
  let edgeLines: string[];
  let labelNodeLines: string[];
  beforeAll(async () => {
    dot = await laidOutDot();
    edgeLines = dot
      .split('\n')
      .filter((line) => /^ {2}(?!start )\w+ -> \w+( \[|;)/.test(line) && !line.includes('style=invis'));
    labelNodeLines = dot.split('\n').filter((line) => /^ +label_\w+ \[shape=plaintext/.test(line));
  }, 60_000);

  test('is a digraph with a box per state and CLOSED drawn at the top and, where connections end, at the bottom', () => {
    expect(dot).toMatch(/^digraph tcp \{$/m);
    for (const state of TCP_STATES)
      expect(dot).toMatch(new RegExp(`^ +${state} \\[label=<(<TABLE[^>]*><TR><TD>)?<B>${rfcName(state)}</B>`, 'm'));
    expect(dot).toMatch(/^ {2}CLOSED_END \[label=<<B>CLOSED<\/B>/m);
  });

  const isLoop = (edge: (typeof edges)[number]) => edge.from === edge.to;

  test('draws every timer edge dashed, in its own colour, labelled after RTO or after TWO_MSL', () => {
    const labelled = edgeLines.filter((line) => line.includes('label="'));
    const timerLines = labelled.filter((line) => line.includes('style=dashed'));
    const timerLabelNodes = labelNodeLines.filter((line) => line.includes(`fontcolor="${TIMER_COLOR}"`));
    expect(timerLines.length + timerLabelNodes.length).toBe(edges.filter((edge) => edge.timer && !isLoop(edge)).length);
    for (const line of [...timerLines, ...timerLabelNodes]) expect(line).toMatch(/label="after (RTO|TWO_MSL)/);
    for (const line of edgeLines.filter((l) => l.includes('style=dashed')))
      expect(line).toContain(`color="${TIMER_COLOR}"`);
    for (const line of labelled.filter((l) => !l.includes('style=dashed')))
      expect(line).not.toMatch(/after (RTO|TWO_MSL)/);
  });

  test("lists a state's loops inside its box, below a rule, a timer's in the timer colour, and draws no loop edge", () => {
    // Graphviz sizes a box by its label: no edge and no parent's border runs through a loop's label, as they did
    // through LAST-ACK's and CLOSE-WAIT's when loops were edges.
    expect(edgeLines.filter((line) => /^ {2}(\w+) -> \1 \[/.test(line))).toEqual([]);
    const established = dot.split('\n').find((line) => /^ +ESTABLISHED \[label=/.test(line));
    expect(established).toContain(
      `<HR/><TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="9">RCV_ACK, RCV_WINDOW_OPEN, RCV_DATA, RCV_DATA_OVERLAP, RCV_DATA_PAST_WINDOW, RCV_DATA_OUT_OF_ORDER, RCV_DATA_FIN_OUT_OF_ORDER [dataQueued] / data<BR/>RCV_WINDOW_ZERO [dataQueued]<BR/>RCV_PARTIAL_ACK [severalInFlight and fastRecovery and not sentPastRecover] / data<BR/>RCV_PARTIAL_ACK [severalInFlight and dataQueued] / data<BR/>RCV_PARTIAL_ACK [severalInFlight]<BR/>RCV_DATA, RCV_DATA_PAST_WINDOW [ackDelayed and not ackPending and not textHeld and not receiveBufferFull]<BR/>RCV_DATA_OVERLAP [ackDelayed and not ackPending and not receiveBufferFull]<BR/>RCV_DATA_FIN, RCV_DATA_OVERLAP_FIN [receiveBufferFull and dataQueued] / data<BR/>SEND [sendWindowZero]<BR/>SEND [otherwise] / data<BR/><FONT COLOR="${TIMER_COLOR}">after RTO [dataOutstanding and retriesLeft] / data</FONT><BR/><FONT COLOR="${TIMER_COLOR}">after PERSIST [dataQueued and sendWindowZero and persistBeforeUserTimeout] / zero-window probe</FONT></FONT></TD></TR></TABLE>>];`,
    );
    for (const state of new Set(edges.filter(isLoop).map((edge) => edge.from)))
      expect(dot).toMatch(new RegExp(`^ +${state} \\[label=<<TABLE[^\\n]*<HR/>`, 'm'));
    expect(dot).toMatch(/^ +LISTEN \[label=<<B>LISTEN<\/B>/m);
  });

  test('draws each parent state as a cluster, its shared transitions leaving the cluster once', () => {
    expect(dot).toMatch(/^ {4}subgraph cluster_SYNCHRONIZED \{$/m);
    expect(dot).toMatch(/^ {6}ESTABLISHED \[label=/m);
    // Drawn from the leaf in the row nearest the target (TIME-WAIT, above the bottom CLOSED), so that the label,
    // halfway along the edge Graphviz draws before clipping it at the cluster, falls below the box, not on its border.
    expect(edgeLines.filter((line) => line.includes('ltail=cluster_SYNCHRONIZED'))).toEqual([
      '  TIME_WAIT -> CLOSED_END [label="RCV_RST\\lABORT / RST\\l", ltail=cluster_SYNCHRONIZED];',
    ]);
  });

  test('has one edge line per diagram edge but the loops, two where the label is a node', () => {
    expect(edgeLines).toHaveLength(edges.filter((edge) => !isLoop(edge)).length + labelNodeLines.length);
  });

  test("draws an edge that climbs back up downward and backward, so it climbs on its source's side", () => {
    // As constraint=false, SYN-RECEIVED's edges to CLOSED and LISTEN were routed round the far side, above SYN-SENT.
    expect(dotDiagram()).toContain(
      '  CLOSED -> SYN_RECEIVED [label="ABORT / RST\\lRCV_RST [otherwise]\\l", dir=back];',
    );
    expect(dot).not.toContain('constraint=false');
  });

  test('a label set as a node sits in the innermost box around both ends of its edge, and the edge runs through it', () => {
    const lines = dotDiagram(undefined, new Set(['FIN_WAIT_2 -> TIME_WAIT'])).split('\n');
    // FIN_SENT holds both ends; FINS_EXCHANGED only TIME-WAIT: the node follows FINS_EXCHANGED's box, inside FIN_SENT's.
    const node = lines.findIndex((line) => line.startsWith('        label_FIN_WAIT_2_TIME_WAIT [shape=plaintext'));
    expect(lines[node]).toContain(
      'label="RCV_FIN, RCV_FIN_ACK / ACK\\lRCV_DATA_FIN, RCV_DATA_OVERLAP_FIN [otherwise] / ACK\\l"',
    );
    expect(lines.slice(0, node).filter((line) => line.includes('subgraph cluster_FINS_EXCHANGED'))).toHaveLength(1);
    expect(lines[node - 1]).toBe('        }');
    expect(lines[node + 1]).toBe('      }');
    expect(lines).toContain('  FIN_WAIT_2 -> label_FIN_WAIT_2_TIME_WAIT [dir=none];');
    expect(lines).toContain('  label_FIN_WAIT_2_TIME_WAIT -> TIME_WAIT;');
  });

  test("no edge label is crossed by a parent state's border or by another edge, in Graphviz's own layout", async () => {
    // Before the labels became nodes where needed, seven lay across a border (FIN-WAIT-1's `after RTO [not
    // closeQueued]` across FIN_SENT's) and two under another edge.
    expect(await crossedLabels(dot)).toEqual([]);
    expect((await crossedLabels(dotDiagram())).length).toBeGreaterThan(0);
  }, 60_000);

  test("a border crosses a label that overlaps the parent's box without lying wholly inside it", () => {
    const box = { left: 0, bottom: 0, right: 100, top: 100 };
    expect(borderCrosses(box, { left: 90, bottom: 10, right: 120, top: 20 })).toBe(true);
    expect(borderCrosses(box, { left: 10, bottom: 10, right: 20, top: 20 })).toBe(false);
    expect(borderCrosses(box, { left: 110, bottom: 10, right: 120, top: 20 })).toBe(false);
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
    // A timer's loop is a line in its state's box, not an edge.
    expect(dashed.length).toBeGreaterThanOrEqual(edges.filter((edge) => edge.timer && edge.from !== edge.to).length);
    expect(svg).toContain('after RTO [retriesLeft] / SYN</text>');
    expect(svg).toContain('after TWO_MSL</text>');
  });

  test('renders the same bytes every time (so the committed copy can be checked)', async () => {
    expect(await svgDiagram()).toBe(svg);
  });
});
