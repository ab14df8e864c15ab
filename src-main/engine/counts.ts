/** A whole number from 1 to `max`: how many Units, tokens or seconds a command may ask for. */
export const isCount = (n: unknown, max: number): boolean =>
  Number.isInteger(n) && (n as number) >= 1 && (n as number) <= max;
