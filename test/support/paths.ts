import * as path from 'node:path';

/** Test bundles live in out/test/<suite>/, three levels below the repository root. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const DIST = path.join(REPO_ROOT, 'dist');
export const SHARED_DATA = path.resolve(REPO_ROOT, '..', 'shared', 'data');
