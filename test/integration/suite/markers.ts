/** Printed around the suites' output, so a runner that sees the whole console can pick it out. */
export const OUTPUT_START = 'akkhara-integration: start';
export const OUTPUT_END = 'akkhara-integration: end';
