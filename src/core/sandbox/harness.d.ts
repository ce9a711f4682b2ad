/** Python sources bundled as text (esbuild's text loader, scripts/build.mjs). */
declare module '*.py' {
  const source: string;
  export default source;
}

/**
 * A script run in a process of its own (src/<path>.ts), bundled on its own and carried as text
 * (scripts/build.mjs); written out with writeHelper.
 */
declare module 'akkhara:bundle/*' {
  const source: string;
  export default source;
}
