export declare const SETTING: string;
export declare function nativeCharacters(): string[];
export declare const PROSE_LANGUAGES: readonly string[];
