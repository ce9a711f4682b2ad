/**
 * Every Akkhara setting, once: its key, default and allowed values. package.json's
 * `contributes.configuration` must agree (a unit test checks), and the VS Code config module reads
 * through this table so a malformed value in settings.json falls back to the default.
 */
interface EnumSetting<T extends string> {
  readonly kind: 'enum';
  readonly default: T;
  readonly values: readonly T[];
}
interface StringSetting {
  readonly kind: 'string';
  readonly default: string;
}
interface NumberSetting {
  readonly kind: 'number';
  readonly default: number;
  readonly minimum: number;
  readonly maximum: number;
}
type SettingSpec = EnumSetting<string> | StringSetting | NumberSetting;

function enumSetting<const T extends string>(values: readonly T[], defaultValue: T): EnumSetting<T> {
  return { kind: 'enum', values, default: defaultValue };
}
const stringSetting = (defaultValue = ''): StringSetting => ({ kind: 'string', default: defaultValue });

export const SETTINGS = {
  'akkhara.uiLanguage': enumSetting(['auto', 'en', 'my', 'bn'], 'auto'),
  'akkhara.answerLanguage': enumSetting(['auto', 'my', 'bn'], 'auto'),
  'akkhara.model.source': enumSetting(['local', 'remote'], 'local'),
  'akkhara.model.localPath': stringSetting(),
  'akkhara.model.endpoint': stringSetting(),
  'akkhara.model.name': stringSetting(),
  'akkhara.python.path': stringSetting(),
  'akkhara.sandbox.backend': enumSetting(['auto', 'bwrap', 'process', 'pyodide'], 'auto'),
  'akkhara.sandbox.timeoutSeconds': {
    kind: 'number',
    default: 10,
    minimum: 1,
    maximum: 300,
  } as NumberSetting,
  'akkhara.trace.server': enumSetting(['off', 'messages', 'verbose'], 'off'),
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;
type Spec<K extends SettingKey> = (typeof SETTINGS)[K];
export type SettingValue<K extends SettingKey> =
  Spec<K> extends EnumSetting<infer T> ? T : Spec<K> extends NumberSetting ? number : string;

/** Returns `raw` when it is a valid value for `key`, else the setting's default. */
export function validSettingOrDefault<K extends SettingKey>(key: K, raw: unknown): SettingValue<K> {
  const spec: SettingSpec = SETTINGS[key];
  const valid =
    spec.kind === 'enum'
      ? typeof raw === 'string' && spec.values.includes(raw)
      : spec.kind === 'number'
        ? typeof raw === 'number' && Number.isFinite(raw) && raw >= spec.minimum && raw <= spec.maximum
        : typeof raw === 'string';
  return (valid ? raw : spec.default) as SettingValue<K>;
}
