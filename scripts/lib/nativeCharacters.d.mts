export declare const SETTING: string;
export declare function nativeCharacters(): string[];
