import { StateBadge } from '../components/state-badge.js';
import { useT } from '../i18n.js';
import type { ConsoleKey } from '../messages.js';

const TONE: Record<string, 'ok' | 'warn' | 'danger' | 'plain'> = { active: 'ok', issued: 'ok', frozen: 'warn', expired: 'plain', voided: 'danger', returned: 'plain', inactive: 'plain' };
const KNOWN = ['active', 'issued', 'frozen', 'expired', 'voided', 'returned', 'inactive'];

export function CardStateBadge({ state }: { state: string }) {
  const t = useT();
  return <StateBadge tone={TONE[state] ?? 'plain'}>{KNOWN.includes(state) ? t(`card.state.${state}` as ConsoleKey) : state}</StateBadge>;
}
