import type { SharedKey } from '../shared/i18n/shared-messages.js';
import { useTranslator } from '../shared/i18n/i18n.js';
import type { ConsoleKey } from './messages.js';

/** The console's translator: its own keys plus the shared ones. */
export const useT = () => useTranslator<ConsoleKey | SharedKey>();
