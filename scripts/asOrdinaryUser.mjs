// Runs node:test files as an ordinary user (nobody) under a per-user process limit, from root: how
// `npm test` checks the sandbox as students run it. A checkout in a private folder (a home folder only
// its owner can enter, any `mktemp -d`) cannot be entered by nobody, so the checkout is bound, in a
// mount namespace of this command alone, at a folder anyone can enter; its own files are readable
// by all after a clone with the usual umask, and when they are not, this says so before starting.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const NOBODY = 65534;
const TOOLS = ['/usr/bin/setpriv', '/usr/bin/prlimit', '/usr/bin/unshare'];

/** Whether nobody could reach `file` through every folder above it (the mode bits for others). */
function othersCanReach(file) {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (path.dirname(dir) === dir) return true;
  }
}

/**
 * The exit status of `node --test files…` run as nobody from `root` (files relative to it), or a
 * thrown Error that says what is missing. `env` adds variables (HOME and PATH are set here).
 */
export function runAsOrdinaryUser(root, files, { env = {}, processes = 200, stdio = 'inherit' } = {}) {
  const missing = TOOLS.filter((tool) => !existsSync(tool));
  if (missing.length) throw new Error(`the unprivileged pass needs ${missing.join(', ')} (util-linux)`);
  for (const file of files)
    if ((statSync(path.join(root, file)).mode & 0o004) === 0)
      throw new Error(
        `${path.join(root, file)} is not readable by other users (a umask of 077?): run \`chmod -R o+rX ${root}\` or clone with umask 022`,
      );
  const home = mkdtempSync(path.join(os.tmpdir(), 'akkhara-nobody-'));
  chownSync(home, NOBODY, NOBODY);
  // Where nobody finds the checkout: the checkout itself, or a view of it bound at a folder anyone can enter.
  const viewParent = mkdtempSync(path.join(os.tmpdir(), 'akkhara-view-'));
  chmodSync(viewParent, 0o755);
  const view = othersCanReach(path.join(root, 'package.json')) ? root : path.join(viewParent, 'checkout');
  if (view !== root) mkdirSync(view);
  const ordinary = [
    TOOLS[0],
    `--reuid=${NOBODY}`,
    `--regid=${NOBODY}`,
    '--clear-groups',
    TOOLS[1],
    `--nproc=${processes}`,
    'env',
    '-i',
    `HOME=${home}`,
    'PATH=/usr/bin:/bin',
    ...Object.entries(env).map(([key, value]) => `${key}=${value}`),
    process.execPath,
    '--test',
    '--test-timeout=300000',
    ...files,
  ];
  try {
    if (!othersCanReach(process.execPath) || (statSync(process.execPath).mode & 0o001) === 0)
      throw new Error(
        `${process.execPath} (this Node) cannot be run by other users: install Node where they can run it`,
      );
    const command =
      view === root
        ? ordinary
        : [
            TOOLS[2],
            '--mount',
            '--propagation',
            'private',
            'sh',
            '-c',
            'mount --bind "$0" "$1" && cd "$1" && shift && exec "$@"',
            root,
            view,
            ...ordinary,
          ];
    const result = spawnSync(command[0], command.slice(1), { cwd: root, stdio, encoding: 'utf8' });
    return result;
  } finally {
    rmSync(home, { recursive: true, force: true });
    rmSync(viewParent, { recursive: true, force: true });
  }
}
