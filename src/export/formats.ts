/**
 * The export formats, each written from the machine itself, and the file in
 * `docs/` that holds the committed copy of each.
 */
import { machineJson } from './json';
import { mermaidDiagram } from './mermaid';
import { scxmlDocument } from './scxml';
import { statelySource, type StatelyOptions } from './stately';
import { laidOutDot } from './layout';
import { svgDiagram } from './svg';

export const EXPORT_FORMATS = ['json', 'stately', 'mermaid', 'dot', 'scxml', 'svg'] as const;

export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFormatInfo {
  /** What the format is, for `--help` and the docs. */
  readonly description: string;
  /** Where the committed copy lives, relative to the repository root. */
  readonly file: string;
  readonly render: (options?: StatelyOptions) => string | Promise<string>;
}

export const EXPORTS: Readonly<Record<ExportFormat, ExportFormatInfo>> = {
  json: {
    description: "XState's JSON definition (machine.toJSON())",
    file: 'docs/tcp.machine.json',
    render: () => machineJson(),
  },
  stately: {
    description: 'a plain createMachine({...}) call for Stately Studio\'s "Import from code"',
    file: 'docs/tcp.stately.ts',
    render: (options) => statelySource(options),
  },
  mermaid: {
    description: 'a Mermaid stateDiagram-v2',
    file: 'docs/tcp.mmd',
    render: () => mermaidDiagram(),
  },
  dot: {
    description: 'a Graphviz DOT digraph (timers dashed)',
    file: 'docs/tcp.dot',
    render: () => laidOutDot(),
  },
  scxml: {
    description: 'W3C SCXML',
    file: 'docs/tcp.scxml',
    render: () => scxmlDocument(),
  },
  svg: {
    description: 'the state diagram as SVG, laid out offline by Graphviz (@viz-js/viz)',
    file: 'docs/tcp-states.svg',
    render: () => svgDiagram(),
  },
};

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** The machine in one format, as text; `options` apply to the `stately` format. */
export async function exportMachine(format: ExportFormat, options: StatelyOptions = {}): Promise<string> {
  return EXPORTS[format].render(options);
}
