/** Replaced by the build (esbuild `define`) with package.json's version. */
declare const AKKHARA_VERSION: string;

export const VERSION: string = AKKHARA_VERSION;
