// `npm run bench <name>`: builds the production bundles and the benchmark scripts, then runs
// out/scripts/bench/<name>.js. Benchmarks print Markdown tables for docs/BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const available = readdirSync(path.join(root, 'scripts', 'bench'))
  .filter((f) => f.endsWith('.ts') && !/Once\.ts$/.test(f))
  .map((f) => f.slice(0, -3));
const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench <name>   (available: ${available.join(', ')})`);
  process.exit(2);
}
const run = (args) => {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run(['scripts/build.mjs', '--tests', '--production']);
run([path.join('out', 'scripts', 'bench', `${name}.js`), ...rest]);
