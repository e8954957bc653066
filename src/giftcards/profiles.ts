/**
 * Compliance profiles: the rules a deployment's jurisdiction puts on prepaid cards, as numbers.
 * A deployment picks one with GIFTCARD_PROFILE and may override any number through its own
 * variable (src/config.ts); the code only ever reads the resolved profile. Amounts are minor
 * units; null means "no such rule".
 */

export const PROFILE_NAMES = ['cn-prepaid', 'default'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface ComplianceProfile {
  name: ProfileName;
  /** Largest balance a named (记名) card may hold. */
  namedMaxBalance: number | null;
  /** Largest balance an anonymous (不记名) card may hold. */
  anonymousMaxBalance: number | null;
  /** Named cards must have no expiry. */
  namedNoExpiry: boolean;
  /** Shortest validity an anonymous card may have, in months; null = any. */
  anonymousMinValidityMonths: number | null;
  /** Buyer identity recorded for every order with a named card. */
  identityForNamed: boolean;
  /** Buyer identity recorded when an order's anonymous cards reach this face total. */
  identityAnonymousThreshold: number | null;
  /** Orders of at least this much by a company must be paid by bank transfer. */
  bankTransferCompanyThreshold: number | null;
  /** Orders of at least this much by a person must be paid by bank transfer. */
  bankTransferPersonThreshold: number | null;
  /** Anonymous cards may be reported lost and replaced (named cards always may). */
  lostReportAnonymous: boolean;
  /** Purchase records are kept at least this many years (a retention floor for purges). */
  recordRetentionYears: number;
  /** A card purchase may be returned within this many days if unused; null = any time, 0 = never. */
  returnWindowDays: number | null;
  /** An expired card with a balance may be reactivated (with approval). */
  reactivateExpired: boolean;
  /** Months of validity given back to a reactivated card. */
  reactivationMonths: number;
}

/** The shipped numbers. cn-prepaid follows 《单用途商业预付卡管理办法（试行）》; see docs/COMPLIANCE.md. */
export const PROFILE_DEFAULTS: Record<ProfileName, ComplianceProfile> = {
  'cn-prepaid': {
    name: 'cn-prepaid',
    namedMaxBalance: 500_000,
    anonymousMaxBalance: 100_000,
    namedNoExpiry: true,
    anonymousMinValidityMonths: 36,
    identityForNamed: true,
    identityAnonymousThreshold: 1_000_000,
    bankTransferCompanyThreshold: 500_000,
    bankTransferPersonThreshold: 5_000_000,
    lostReportAnonymous: false,
    recordRetentionYears: 5,
    returnWindowDays: 7,
    reactivateExpired: true,
    reactivationMonths: 36,
  },
  default: {
    name: 'default',
    namedMaxBalance: null,
    anonymousMaxBalance: null,
    namedNoExpiry: false,
    anonymousMinValidityMonths: null,
    identityForNamed: false,
    identityAnonymousThreshold: null,
    bankTransferCompanyThreshold: null,
    bankTransferPersonThreshold: null,
    lostReportAnonymous: false,
    recordRetentionYears: 1,
    returnWindowDays: null,
    reactivateExpired: true,
    reactivationMonths: 12,
  },
};
