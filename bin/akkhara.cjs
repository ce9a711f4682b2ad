#!/usr/bin/env node
// The `akkhara` command. In a checkout, `npm run bundle` makes dist/cli.js. Where Akkhara is installed
// as a package from its repository (pre-commit's `npm install -g git+file://…`, a GitHub Action),
// nothing is built at install: npm would then "prepare" the package in place, which fails for a
// global install (npm/cli#8440). So the command line is built here on first use, with esbuild, a
// dependency, and kept for every later run.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('akkhara: building the command line once (a few seconds)…\n');
  const built = spawnSync(
    process.execPath,
    [path.join(root, 'scripts', 'build.mjs'), '--cli', '--production'],
    {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: 300_000,
    },
  );
  if (built.status !== 0 || !existsSync(cli)) {
    process.stderr.write(
      `akkhara: the command line could not be built in ${root} (run \`npm run bundle\` there)\n`,
    );
    process.exit(2);
  }
}
require(cli);
