/**
 * Graphviz compiled to WebAssembly (`@viz-js/viz`): layouts offline, no
 * network and no Graphviz install needed. The same Graphviz version gives the
 * same bytes, so a committed picture can be checked for staleness like any
 * other generated file.
 */
type VizInstance = { renderString(dot: string, options: { format: 'svg' | 'json'; engine: 'dot' }): string };

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

/** Renders DOT source to Graphviz's JSON: the layout as numbers (boxes, label positions and widths). */
export async function renderJson(dot: string): Promise<string> {
  return (await graphviz()).renderString(dot, { format: 'json', engine: 'dot' });
}
