import type { ComponentType } from 'react';
import type { ConsoleKey } from './messages.js';
import { ApiKeysPage } from './admin/api-keys-page.js';
import { AuditPage } from './admin/audit-page.js';
import { CatalogPage } from './admin/catalog-page.js';
import { JobsPage } from './admin/jobs-page.js';
import { StaffUsersPage } from './admin/staff-users-page.js';
import { WebhookPage } from './admin/webhook-page.js';
import { WebhooksPage } from './admin/webhooks-page.js';
import { ApprovalPage } from './approvals/approval-page.js';
import { ApprovalsInbox } from './approvals/inbox-page.js';
import { ShopOrderPage, ShopOrdersPage } from './checkout/orders-page.js';
import { BudgetPage, BudgetsPage } from './coupons/budgets-page.js';
import { ActivitiesPage, ActivityPage } from './coupons/activities-page.js';
import { ActivityWizard } from './coupons/activity-wizard.js';
import { TemplatesPage } from './coupons/templates-page.js';
import { BatchPage } from './giftcards/batch-page.js';
import { BatchesPage } from './giftcards/batches-page.js';
import { CardPage } from './giftcards/card-page.js';
import { CardsPage } from './giftcards/cards-page.js';
import { GiftcardOrdersPage } from './giftcards/orders-page.js';
import { ProductsPage } from './giftcards/products-page.js';
import { Dashboard } from './pages/dashboard.js';
import { ReconciliationPage, ReconciliationRunPage } from './settlement/reconciliation-page.js';
import { ReportsPage } from './settlement/reports-page.js';
import { LedgerAccountPage } from './ledger/account-page.js';
import { LedgerLookup } from './ledger/lookup-page.js';
import { LedgerTransferPage } from './ledger/transfer-page.js';
import type { ConsoleRole } from './roles.js';

/**
 * Every console screen: its path, who sees it in the menu, and what renders it. Adding a screen
 * is one entry here (plus its words in messages.ts); see docs/WEB.md. Menus follow roles for
 * convenience only — the API's access table is what actually allows or refuses a call.
 */

export type NavGroup = 'overview' | 'giftcards' | 'coupons' | 'finance' | 'admin';

export interface Screen {
  path: string;
  component: ComponentType<{ params: Record<string, string> }>;
  roles: readonly ConsoleRole[];
  /** Screens with a label appear in the menu under their group. */
  nav?: { group: NavGroup; label: ConsoleKey };
}

const ALL: readonly ConsoleRole[] = ['admin', 'operations', 'finance', 'customer_service', 'auditor', 'merchant'];
const LEDGER: readonly ConsoleRole[] = ['admin', 'finance', 'auditor'];
const CARD_READERS: readonly ConsoleRole[] = ['admin', 'customer_service', 'finance', 'auditor'];
const COUPON_READERS: readonly ConsoleRole[] = ['admin', 'operations', 'finance', 'auditor', 'merchant'];
const ACTIVITY_READERS: readonly ConsoleRole[] = ['admin', 'operations', 'finance', 'customer_service', 'auditor', 'merchant'];
const ORDER_READERS: readonly ConsoleRole[] = ['admin', 'customer_service', 'finance', 'auditor'];
const ADMIN_AUDIT: readonly ConsoleRole[] = ['admin', 'auditor'];
const BATCH_READERS: readonly ConsoleRole[] = ['admin', 'operations', 'finance', 'auditor'];

export const NAV_GROUPS: readonly { id: NavGroup; label: ConsoleKey }[] = [
  { id: 'overview', label: 'nav.group.overview' },
  { id: 'giftcards', label: 'nav.group.giftcards' },
  { id: 'coupons', label: 'nav.group.coupons' },
  { id: 'finance', label: 'nav.group.finance' },
  { id: 'admin', label: 'nav.group.admin' },
];

export const SCREENS: readonly Screen[] = [
  { path: '/', component: Dashboard, roles: ALL, nav: { group: 'overview', label: 'nav.dashboard' } },

  // gift cards
  { path: '/card-products', component: ProductsPage, roles: ['admin', 'operations', 'finance', 'customer_service', 'auditor'], nav: { group: 'giftcards', label: 'nav.card_products' } },
  { path: '/cards', component: CardsPage, roles: CARD_READERS, nav: { group: 'giftcards', label: 'nav.card_search' } },
  { path: '/cards/:id', component: CardPage, roles: CARD_READERS },
  { path: '/batches', component: BatchesPage, roles: BATCH_READERS, nav: { group: 'giftcards', label: 'nav.batches' } },
  { path: '/batches/:id', component: BatchPage, roles: BATCH_READERS },
  { path: '/giftcard-orders', component: GiftcardOrdersPage, roles: ['admin', 'operations', 'finance', 'customer_service', 'auditor'], nav: { group: 'giftcards', label: 'nav.giftcard_orders' } },

  // coupons
  { path: '/budgets', component: BudgetsPage, roles: COUPON_READERS, nav: { group: 'coupons', label: 'nav.budgets' } },
  { path: '/budgets/:id', component: BudgetPage, roles: COUPON_READERS },
  { path: '/templates', component: TemplatesPage, roles: COUPON_READERS, nav: { group: 'coupons', label: 'nav.templates' } },
  { path: '/activities', component: ActivitiesPage, roles: ACTIVITY_READERS, nav: { group: 'coupons', label: 'nav.activities' } },
  { path: '/activities/new', component: ActivityWizard, roles: ['operations', 'merchant'] },
  { path: '/activities/:id', component: ActivityPage, roles: ACTIVITY_READERS },

  // review and finance
  { path: '/shop-orders', component: ShopOrdersPage, roles: ORDER_READERS, nav: { group: 'finance', label: 'nav.shop_orders' } },
  { path: '/shop-orders/:id', component: ShopOrderPage, roles: ORDER_READERS },
  { path: '/approvals', component: ApprovalsInbox, roles: ALL, nav: { group: 'finance', label: 'nav.approvals' } },
  { path: '/approvals/:id', component: ApprovalPage, roles: ALL },
  { path: '/reconciliation', component: ReconciliationPage, roles: LEDGER, nav: { group: 'finance', label: 'nav.reconciliation' } },
  { path: '/reconciliation/:id', component: ReconciliationRunPage, roles: LEDGER },
  { path: '/reports', component: ReportsPage, roles: ['admin', 'finance', 'operations', 'auditor', 'merchant'], nav: { group: 'finance', label: 'nav.reports' } },
  { path: '/ledger', component: LedgerLookup, roles: LEDGER, nav: { group: 'finance', label: 'nav.ledger' } },
  { path: '/ledger/accounts/:id', component: LedgerAccountPage, roles: LEDGER },
  { path: '/ledger/transfers/:id', component: LedgerTransferPage, roles: LEDGER },

  // administration
  { path: '/catalog', component: CatalogPage, roles: ['admin', 'operations', 'finance', 'customer_service', 'auditor'], nav: { group: 'admin', label: 'nav.catalog' } },
  { path: '/staff-users', component: StaffUsersPage, roles: ADMIN_AUDIT, nav: { group: 'admin', label: 'nav.staff_users' } },
  { path: '/api-keys', component: ApiKeysPage, roles: ADMIN_AUDIT, nav: { group: 'admin', label: 'nav.api_keys' } },
  { path: '/webhooks', component: WebhooksPage, roles: ADMIN_AUDIT, nav: { group: 'admin', label: 'nav.webhooks' } },
  { path: '/webhooks/:id', component: WebhookPage, roles: ADMIN_AUDIT },
  { path: '/jobs', component: JobsPage, roles: ['admin', 'operations', 'auditor'], nav: { group: 'admin', label: 'nav.jobs' } },
  { path: '/audit-log', component: AuditPage, roles: ADMIN_AUDIT, nav: { group: 'admin', label: 'nav.audit_log' } },
];

export function menuFor(role: ConsoleRole): { group: NavGroup; label: ConsoleKey; items: Screen[] }[] {
  return NAV_GROUPS.map(({ id, label }) => ({
    group: id,
    label,
    items: SCREENS.filter((s) => s.nav?.group === id && s.roles.includes(role)),
  })).filter((g) => g.items.length > 0);
}
