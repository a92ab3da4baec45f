import type { ConfigSource, Finding, ServerEntry } from './model.js';

/** approved: matches the user's approvals or the organisation policy; shadow: matches nothing approved;
 * disabled: the client will not start it. */
export type ServerStatus = 'approved' | 'shadow' | 'disabled';

export interface InventoryItem {
  server: ServerEntry;
  status: ServerStatus;
  /** Why it has that status, e.g. "approved by organisation policy rule 'github'". */
  reason: string;
  /** First seen in this scan (not present in the previous one). */
  isNew: boolean;
  /** The same name is defined differently elsewhere; the ids of those definitions. */
  conflictsWith: string[];
  /** The entry launches the Warden proxy (the server fields show the original command behind it). */
  protected: boolean;
  findings: Finding[];
}

export interface ScanResult {
  scannedAt: string;
  items: InventoryItem[];
  /** Every config location looked at, including missing and unreadable ones. */
  sources: ConfigSource[];
  /** All findings: config rules, read problems and policy problems. */
  findings: Finding[];
}
