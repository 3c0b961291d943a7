/**
 * The state diagram as SVG, laid out offline: the DOT export rendered by
 * Graphviz compiled to WebAssembly (`@viz-js/viz`), no network and no
 * Graphviz install needed. The same Graphviz version gives the same bytes,
 * so the committed picture can be checked for staleness like any other
 * generated file.
 */
import { dotDiagram } from './dot';

type VizInstance = { renderString(dot: string, options: { format: 'svg'; engine: 'dot' }): string };

let viz: Promise<VizInstance> | undefined;

/** One Graphviz instance per process: starting the WebAssembly module is the slow part. */
function graphviz(): Promise<VizInstance> {
  viz ??= import('@viz-js/viz').then((module) => module.instance() as Promise<VizInstance>);
  return viz;
}

/** Renders DOT source to SVG. */
export async function renderSvg(dot: string): Promise<string> {
  const svg = (await graphviz()).renderString(dot, { format: 'svg', engine: 'dot' });
  return svg.endsWith('\n') ? svg : `${svg}\n`;
}

/** The state diagram as SVG. */
export async function svgDiagram(): Promise<string> {
  return renderSvg(dotDiagram());
}
