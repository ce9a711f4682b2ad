import * as path from 'node:path';
import Mocha from 'mocha';
import { OUTPUT_END, OUTPUT_START } from './markers';

/** Entry point VS Code calls inside the extension host. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: true });
  for (const suite of ['extension', 'diagnostics', 'testController', 'settingsScope'])
    mocha.addFile(path.join(__dirname, `${suite}.test.js`));
  console.log(OUTPUT_START);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      console.log(OUTPUT_END);
      if (failures) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
