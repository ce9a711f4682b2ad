/**
 * Models on OpenAI-compatible servers named on the command line as `URL,MODEL` (judges, a seed
 * model), with one API key read from the environment variable the user names.
 */
import { RemoteProvider } from '../core/model/remote';
import { UsageError } from './usage';

/** A commander parser for a repeatable `URL,MODEL` option named `flag`. */
export function serverModelParser(flag: string, example = 'qwen2.5-72b') {
  return (value: string, previous: string[] = []): string[] => {
    const comma = value.lastIndexOf(',');
    const [url, model] = [value.slice(0, comma), value.slice(comma + 1)];
    if (comma < 0 || !/^https?:\/\/\S+$/.test(url) || !model.trim())
      throw new UsageError(
        `${flag} must be URL,MODEL (e.g. http://127.0.0.1:8000/v1,${example}), not "${value}"`,
      );
    return [...previous, value];
  };
}

/** One provider per "URL,MODEL", with the key from the environment variable `keyEnv` names. */
export function createServerModels(
  specs: readonly string[],
  keyEnv: string | undefined,
  role: string,
): [string, RemoteProvider][] {
  let apiKey: string | undefined;
  if (keyEnv) {
    apiKey = process.env[keyEnv];
    if (!apiKey) throw new UsageError(`the environment variable ${keyEnv} (the ${role}'s API key) is empty`);
  }
  return specs.map((spec) => {
    const comma = spec.lastIndexOf(',');
    const model = new RemoteProvider({
      baseURL: spec.slice(0, comma),
      model: spec.slice(comma + 1),
      ...(apiKey && { apiKey }),
    });
    return [spec, model];
  });
}
