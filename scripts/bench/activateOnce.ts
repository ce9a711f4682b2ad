/**
 * One cold activation, in its own process: load an extension bundle with the fake `vscode`
 * module, call activate(), print the milliseconds and which modules loaded as one JSON line.
 */
import * as path from 'node:path';
import { fakeExtensionContext, installFakeVscode } from '../../test/support/fakeVscode';

const [extensionFile, extensionPath] = process.argv.slice(2);
const fake = installFakeVscode([{ languageId: 'markdown' }]);
const start = process.hrtime.bigint();
const extension = require(path.resolve(extensionFile)) as { activate(context: unknown): void };
extension.activate(fakeExtensionContext(path.resolve(extensionPath)));
const ms = Number(process.hrtime.bigint() - start) / 1e6;
fake.restore();
process.stdout.write(
  `${JSON.stringify({ ms, modules: fake.loadedModules.filter((m) => !m.startsWith('node:')) })}\n`,
);
// Do not let the deferred language-server start run: only activation is measured.
process.exit(0);
