/**
 * Every Akkhara setting, once: its key, default and allowed values. package.json's
 * `contributes.configuration` must agree (a unit test checks), and the VS Code config module reads
 * through this table so a malformed value in settings.json falls back to the default.
 */
import { SANDBOX_BACKENDS } from './sandbox/types';

interface EnumSetting<T extends string> {
  readonly kind: 'enum';
  readonly default: T;
  readonly values: readonly T[];
}
interface BooleanSetting {
  readonly kind: 'boolean';
  readonly default: boolean;
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
/** A list of names; which names mean something is the reader's business (unknown ones are ignored). */
interface StringListSetting {
  readonly kind: 'stringList';
  readonly default: readonly string[];
}
/** An object mapping finding codes to severities or "off". */
interface SeverityMapSetting {
  readonly kind: 'severityMap';
  readonly default: Readonly<Record<string, string>>;
  readonly keys: readonly string[];
  readonly values: readonly string[];
}
type SettingSpec =
  | EnumSetting<string>
  | BooleanSetting
  | StringSetting
  | NumberSetting
  | StringListSetting
  | SeverityMapSetting;

function enumSetting<const T extends string>(values: readonly T[], defaultValue: T): EnumSetting<T> {
  return { kind: 'enum', values, default: defaultValue };
}
const stringSetting = (defaultValue = ''): StringSetting => ({ kind: 'string', default: defaultValue });
const numberSetting = (defaultValue: number, minimum: number, maximum: number): NumberSetting => ({
  kind: 'number',
  default: defaultValue,
  minimum,
  maximum,
});

/** Finding codes: the analysis' FINDING_CODES are this list (core/analysis/findingList.ts). */
export const CHECK_CODES = [
  'foreign-script',
  'latin-in-prose',
  'mixed-script-token',
  'native-in-code',
  'zawgyi',
  'not-nfc',
  'legacy-khanda-ta',
  'stray-joiner',
  'inconsistent-term',
] as const;
export const CHECK_LEVELS = ['error', 'warning', 'info', 'hint', 'off'] as const;

export const SETTINGS = {
  'akkhara.uiLanguage': enumSetting(['auto', 'en', 'my', 'bn'], 'auto'),
  'akkhara.answerLanguage': enumSetting(['auto', 'my', 'bn'], 'auto'),
  'akkhara.model.source': enumSetting(['local', 'remote'], 'local'),
  'akkhara.model.localPath': stringSetting(),
  'akkhara.model.endpoint': stringSetting(),
  'akkhara.model.name': stringSetting(),
  'akkhara.model.mirror': stringSetting(),
  'akkhara.model.allowHttp': { kind: 'boolean', default: false } as BooleanSetting,
  'akkhara.python.path': stringSetting(),
  'akkhara.sandbox.backend': enumSetting(['auto', ...SANDBOX_BACKENDS], 'auto'),
  'akkhara.sandbox.timeoutSeconds': numberSetting(10, 1, 300),
  'akkhara.tutor.repairRounds': numberSetting(2, 1, 10),
  'akkhara.trace.server': enumSetting(['off', 'messages', 'verbose'], 'off'),
  'akkhara.check.targetLanguage': enumSetting(['auto', 'my', 'bn'], 'auto'),
  'akkhara.check.allowedScripts': { kind: 'stringList', default: [] } as StringListSetting,
  'akkhara.check.severity': {
    kind: 'severityMap',
    default: {},
    keys: CHECK_CODES,
    values: CHECK_LEVELS,
  } as SeverityMapSetting,
  'akkhara.check.maxProblems': numberSetting(1000, 1, 100000),
  'akkhara.feedback.location': enumSetting(['global', 'workspace'], 'global'),
  'akkhara.feedback.savePairsFromFix': { kind: 'boolean', default: true } as BooleanSetting,
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;
type Spec<K extends SettingKey> = (typeof SETTINGS)[K];
export type SettingValue<K extends SettingKey> =
  Spec<K> extends EnumSetting<infer T>
    ? T
    : Spec<K> extends BooleanSetting
      ? boolean
      : Spec<K> extends NumberSetting
        ? number
        : Spec<K> extends StringListSetting
          ? readonly string[]
          : Spec<K> extends SeverityMapSetting
            ? Readonly<Record<string, string>>
            : string;

/** Returns `raw` when it is a valid value for `key`, else the setting's default. */
export function validSettingOrDefault<K extends SettingKey>(key: K, raw: unknown): SettingValue<K> {
  const spec: SettingSpec = SETTINGS[key];
  if (spec.kind === 'stringList') {
    // Keep what is usable of a list rather than dropping all of it for one bad entry.
    if (!Array.isArray(raw)) return spec.default as SettingValue<K>;
    const strings = raw.filter((item) => typeof item === 'string');
    return (strings.length === raw.length ? raw : strings) as unknown as SettingValue<K>;
  }
  if (spec.kind === 'severityMap') {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return spec.default as SettingValue<K>;
    const entries = Object.entries(raw).filter(
      ([code, level]) => spec.keys.includes(code) && typeof level === 'string' && spec.values.includes(level),
    );
    return (
      entries.length === Object.keys(raw).length ? raw : Object.fromEntries(entries)
    ) as SettingValue<K>;
  }
  const valid =
    spec.kind === 'enum'
      ? typeof raw === 'string' && spec.values.includes(raw)
      : spec.kind === 'number'
        ? typeof raw === 'number' && Number.isFinite(raw) && raw >= spec.minimum && raw <= spec.maximum
        : spec.kind === 'boolean'
          ? typeof raw === 'boolean'
          : typeof raw === 'string';
  return (valid ? raw : spec.default) as SettingValue<K>;
}
