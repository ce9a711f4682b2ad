/** The part of jStat (1.9.6, no types of its own) Akkhara uses: the chi-squared distribution. */
declare module 'jstat' {
  export const jStat: {
    readonly chisquare: { cdf(x: number, degreesOfFreedom: number): number };
  };
}
