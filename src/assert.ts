/** An invariant that must hold. A failure is a bug: it throws and the transaction rolls back. */
export class AssertionFailure extends Error {
  override name = 'AssertionFailure';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionFailure(message);
}

/** Asserts that value is a whole number of minor units within JavaScript's exact range. */
export function assertMinor(value: number, what: string): void {
  assert(Number.isSafeInteger(value), `${what} must be a safe integer, got ${value}`);
}
