/** Names shown as flags side by side (webhook event types, ledger account and transfer flags). */
export function Flags({ names }: { names: readonly string[] }) {
  return (
    <>
      {names.map((name) => (
        <code key={name} className="flag">
          {name}
        </code>
      ))}
    </>
  );
}
