import type { NormalizedPhone } from './phone-normalizer.js';

/** How an incoming number was matched to a client. */
export type IdentifyMatch = 'exact' | 'suffix' | 'none' | 'ambiguous' | 'extension';

export interface CardClient {
  id: number;
  name: string;
  kind: string;
  vip: boolean;
  segment: string | null;
}

export interface CardContact {
  id: number;
  name: string;
  position: string | null;
}

export interface CardManager {
  id: number;
  name: string;
  extensions: string[];
}

export interface CardDeal {
  id: number;
  title: string;
  /** pipeline stage name */
  stage: string;
  amount: string | null;
  currency: string;
}

export interface CardTask {
  id: number;
  title: string;
  dueAt: Date | null;
  priority: string;
  assignee: { id: number; name: string } | null;
}

export interface CardInteraction {
  id: number;
  kind: string;
  direction: string | null;
  outcome: string | null;
  startedAt: Date;
  subject: string | null;
}

/**
 * Everything a screen pop shows. Complete and unredacted: the consumer (web layer) applies crm-core's
 * access policy (VIP redaction, manager scope) before showing it to a user.
 */
export interface CallerCard {
  client: CardClient;
  contact: CardContact | null;
  responsible: CardManager | null;
  /** open deals, newest first (at most `cardLimits.deals`) */
  openDeals: CardDeal[];
  /** open and in-progress tasks, soonest due first, undated last (at most `cardLimits.tasks`) */
  openTasks: CardTask[];
  /** the last 5 interactions, newest first */
  lastInteractions: CardInteraction[];
  notes: string | null;
}

/** One of several clients that share the caller's number (match 'ambiguous'). */
export interface CandidateSummary {
  clientId: number;
  name: string;
  kind: string;
  vip: boolean;
  responsibleUserId: number | null;
  /** the contact person whose number matched, when it was a contact's number */
  contactId: number | null;
  /** the stored number that matched (E.164, or raw when it has none) */
  phone: string;
}

export interface IdentifyResult {
  number: NormalizedPhone;
  match: IdentifyMatch;
  card: CallerCard | null;
  candidates: CandidateSummary[];
}

export const cardLimits = { deals: 20, tasks: 20, interactions: 5, candidates: 10, phoneRows: 200 } as const;

/** A stored phone number row that matched. */
export interface PhoneMatchRow {
  id: number;
  clientId: number;
  contactId: number | null;
  e164: string | null;
  raw: string;
  nsnRev: string;
}

export interface ClientSummaryRow {
  id: number;
  name: string;
  kind: string;
  vip: boolean;
  responsibleUserId: number | null;
}
