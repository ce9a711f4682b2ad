/** Types for unicode-name 1.2.0 (names of Unicode characters, current to Unicode 18), which ships none. */
declare module 'unicode-name' {
  /** The name, else a control alias, else a label such as "<private-use-E000>". */
  export function unicodeReadableName(char: string | number): string | undefined;
}
