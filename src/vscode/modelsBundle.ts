/**
 * Loads the models bundle (dist/models.js) on first use, never at activation, and lets
 * `deactivate` stop its local model workers only when it was loaded (loading it just to stop
 * nothing would cost the time activation saves).
 */
export type ModelsModule = typeof import('./models');

let loaded: ModelsModule | undefined;

export function loadModels(): ModelsModule {
  // A separate bundle, resolved beside dist/extension.js at run time.
  loaded ??= require('./models.js') as ModelsModule;
  return loaded;
}

/** Stops every local model worker, if the bundle ever started one. */
export function disposeLoadedModels(): void {
  loaded?.disposeModels();
}
