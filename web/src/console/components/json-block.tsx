/** A value the API returned as free-form JSON (payloads, audit before/after), laid out readably. */
export function JsonBlock({ value }: { value: unknown; label?: string }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  return <pre className="json-block">{JSON.stringify(value, null, 2)}</pre>;
}
