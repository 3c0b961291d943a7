/**
 * Exports of the model in the formats other tools read (XState JSON, a plain
 * `createMachine` call for Stately Studio, Mermaid, Graphviz DOT and SVG,
 * SCXML) and the generated documentation pages, each written from the
 * machine itself.
 */
export * from './definition';
export * from './diagram';
export * from './dot';
export * from './formats';
export * from './generated';
export * from './json';
export * from './layout';
export * from './mermaid';
export * from './scxml';
export * from './stately';
export * from './statePages';
export * from './svg';
