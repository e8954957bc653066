/** A state word with a colour that says whether it is fine, waiting or wrong (the text says it too). */
export function StateBadge({ tone, children }: { tone: 'ok' | 'warn' | 'danger' | 'plain'; children: string }) {
  return <span className={tone === 'plain' ? 'badge' : `badge badge--${tone}`}>{children}</span>;
}
