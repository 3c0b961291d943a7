/**
 * The state diagram as SVG, laid out offline: the DOT export (`laidOutDot`,
 * with no edge label on a parent's border) rendered by Graphviz compiled to
 * WebAssembly (src/export/graphviz.ts).
 */
import { renderSvg } from './graphviz';
import { laidOutDot } from './layout';

export { renderSvg } from './graphviz';

/** The state diagram as SVG. */
export async function svgDiagram(): Promise<string> {
  return renderSvg(await laidOutDot());
}
