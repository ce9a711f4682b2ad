/** Python sources bundled as text (esbuild's text loader, scripts/build.mjs). */
declare module '*.py' {
  const source: string;
  export default source;
}

/** The Pyodide server (pyodideServer.ts) bundled on its own, as text (scripts/build.mjs). */
declare module 'akkhara:pyodide-server' {
  const source: string;
  export default source;
}
