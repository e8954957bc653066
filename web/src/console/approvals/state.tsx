import { StateBadge } from '../components/state-badge.js';
import { useT } from '../i18n.js';
import type { ApprovalState } from './approvals-api.js';

const TONE: Record<ApprovalState, 'ok' | 'warn' | 'danger' | 'plain'> = {
  pending_first_review: 'warn',
  pending_final_review: 'warn',
  approved: 'ok',
  rejected: 'danger',
  cancelled: 'plain',
};

export function ApprovalStateBadge({ state }: { state: ApprovalState }) {
  const t = useT();
  return <StateBadge tone={TONE[state]}>{t(`approval.state.${state}`)}</StateBadge>;
}
