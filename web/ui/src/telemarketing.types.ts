/**
 * The telemarketing REST shapes the browser reads (docs/api/telemarketing-desk.md). Names, answers, notes
 * and question texts are untrusted text: the views set them as text only.
 */
export type DeskState = 'offline' | 'ready' | 'paused' | 'talking' | 'wrapup';
export type DialMode = 'preview' | 'progressive' | 'predictive';
export type AnswerValue = string | number | string[];
export type QuestionType = 'single' | 'multiple' | 'number' | 'date' | 'text';
export type DispositionKind = 'final' | 'retry' | 'callback' | 'dnc';
export type PbxResult = 'no_answer' | 'busy' | 'failed';
export const pbxResults: readonly PbxResult[] = ['no_answer', 'busy', 'failed'];
export type CampaignStatus = 'draft' | 'running' | 'paused' | 'finished';

export interface DeskQuestion {
  readonly stepId: string;
  readonly questionId: string;
  readonly text: string;
  readonly type: QuestionType;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly min?: number;
  readonly max?: number;
  readonly required: boolean;
}

export type TranscriptLine =
  | { readonly kind: 'say'; readonly stepId: string; readonly text: string }
  | { readonly kind: 'answer'; readonly questionId: string; readonly question: string; readonly answer: string };

export type ScriptEnd =
  | { readonly type: 'end'; readonly disposition: string; readonly text?: string }
  | { readonly type: 'transfer'; readonly to: string; readonly text?: string };

export interface DeskScript {
  readonly title: string;
  readonly transcript: readonly TranscriptLine[];
  readonly ask: DeskQuestion | null;
  readonly end: ScriptEnd | null;
  readonly answers: Readonly<Record<string, AnswerValue>>;
}

export interface DeskClient {
  readonly id: number;
  readonly name: string;
  readonly responsibleName: string | null;
  readonly segment: string | null;
  readonly notes: string | null;
  readonly openDeals: readonly { readonly id: number; readonly title: string; readonly stage: string; readonly amount: string | null }[];
  readonly openTasks: readonly { readonly id: number; readonly title: string; readonly dueAt: string | null }[];
}

export interface DeskDisposition {
  readonly code: string;
  readonly label: string;
  readonly kind: DispositionKind;
}

export interface WorkItem {
  readonly attemptId: number;
  readonly campaignId: number;
  readonly campaignName: string;
  readonly dialMode: DialMode;
  readonly phone: string;
  readonly client: DeskClient | null;
  readonly contactName: string | null;
  readonly callback: { readonly at: string; readonly personal: boolean } | null;
  readonly dialed: boolean;
  readonly script: DeskScript;
  readonly dispositions: readonly DeskDisposition[];
}

export interface DeskView {
  readonly state: DeskState;
  readonly campaignId: number | null;
  readonly campaigns: readonly { readonly id: number; readonly name: string; readonly dialMode: DialMode }[];
  readonly work: WorkItem | null;
  readonly idle: 'no_numbers' | 'waiting_for_call' | null;
  readonly stats: { readonly handled: number; readonly success: number };
}

/** A disposition after a conversation, or (preview, nobody answered) a PBX result: the retry schedule applies. */
export interface CompleteBody {
  disposition?: string;
  result?: PbxResult;
  note?: string;
  callbackAt?: string;
  personalCallback?: boolean;
}

export interface CampaignRow {
  readonly id: number;
  readonly name: string;
  readonly status: CampaignStatus;
  readonly dialMode: DialMode;
}

export interface CampaignMonitor {
  readonly campaign: { readonly id: number; readonly name: string; readonly status: string; readonly dialMode: DialMode };
  readonly progress: {
    readonly total: number; readonly pending: number; readonly inProgress: number; readonly callback: number;
    readonly done: number; readonly blocked: number; readonly attempts: number; readonly percentDone: number;
  };
  readonly lists: readonly { readonly id: number; readonly name: string; readonly priority: number; readonly total: number; readonly done: number; readonly percentDone: number }[];
  readonly dialer: {
    readonly running: boolean;
    readonly reason: string | null;
    readonly dialLevel: number;
    readonly inFlight: number;
    readonly plannedAbandonPct: number;
    readonly actualAbandonTodayPct: number;
    readonly actualAbandonRollingPct: number;
    readonly abandonCapPct: number;
    readonly changes: readonly { readonly at: string; readonly reason: string }[];
  };
  readonly agents: readonly { readonly userId: number; readonly name: string; readonly state: DeskState; readonly since: string; readonly handled: number }[];
  readonly outcomes: readonly { readonly disposition: string; readonly label: string; readonly count: number }[];
  readonly today: { readonly dialed: number; readonly answered: number; readonly abandoned: number };
}

export interface QuestionResult {
  readonly id: string;
  readonly text: string;
  readonly type: string;
  readonly answered: number;
  readonly options: readonly { readonly value: string; readonly label: string; readonly count: number }[];
  readonly numbers: { readonly count: number; readonly min: number; readonly max: number; readonly mean: number } | null;
  readonly texts: readonly string[];
}

export interface CampaignResults {
  readonly questions: readonly QuestionResult[];
}

export interface CampaignAnswerItem {
  readonly attemptId: number;
  readonly campaignId: number;
  readonly campaignName: string;
  readonly at: string;
  readonly userName: string | null;
  readonly disposition: string | null;
  readonly dispositionLabel: string | null;
  readonly answers: readonly { readonly questionId: string; readonly question: string; readonly answer: string }[];
}

/** The campaign editor (web/routes/campaigns.routes.ts, cti/telemarketing/domain/campaign.schema.ts). */
export const retryOutcomes = ['busy', 'no_answer', 'failed', 'abandoned', 'disposition'] as const;
export type RetryOutcome = (typeof retryOutcomes)[number];
export const limitKeys = ['perContactPerDay', 'perContactTotal', 'perNumberPerDay', 'perNumberTotal'] as const;
export type LimitKey = (typeof limitKeys)[number];
export const dispositionKinds: readonly DispositionKind[] = ['final', 'retry', 'callback', 'dnc'];

export interface SettingsDisposition {
  code: string;
  label: string;
  kind: DispositionKind;
  success: boolean;
}

export interface CampaignSettings {
  callingWindow: { start: string; end: string; days: number[] };
  defaultTimeZone: string;
  retry: Record<RetryOutcome, number[]>;
  limits: Record<LimitKey, number>;
  pacing: { abandonCap: number; connectWithinSeconds: number; recomputeSeconds: number; rollingMinutes: number; maxLinesPerAgent: number };
  dispositions: SettingsDisposition[];
  stopScope: 'global' | 'campaign';
}

export interface CampaignDto {
  readonly id: number;
  readonly name: string;
  readonly dialMode: DialMode;
  readonly manualOnly: boolean;
  readonly requiresConsent: boolean;
  readonly callerId: string | null;
  readonly status: CampaignStatus;
  readonly scriptVersionId: number | null;
  readonly settings: CampaignSettings;
  readonly createdAt: string;
}

export interface CampaignCreateBody {
  name: string;
  dialMode: DialMode;
  manualOnly: boolean;
  requiresConsent: boolean;
  callerId?: string;
}

/** A stored script version; `script` is the validated JSON (steps shown read-only in the editor). */
export interface ScriptVersionDto {
  readonly id: number;
  readonly key: string;
  readonly version: number;
  readonly createdAt: string;
  readonly script: {
    readonly title: string;
    readonly start: string;
    readonly questions: readonly { readonly id: string; readonly text: string; readonly type: QuestionType }[];
    readonly steps: readonly ({ readonly id: string; readonly type: string } & Readonly<Record<string, unknown>>)[];
  };
}

/** One problem of a script (cti/telemarketing/domain/script-validator.ts) or of a settings form (zod issue). */
export interface ValidationIssue {
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

export type ListField = 'phone' | 'name' | 'priority' | 'clientId';
export const listFields: readonly ListField[] = ['phone', 'name', 'priority', 'clientId'];

export interface ListPreview {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly total: number;
  readonly guess: Partial<Record<ListField, string>>;
}

export interface ListRowError {
  readonly row: number;
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export interface ListImportResult {
  readonly listId: number;
  readonly total: number;
  readonly added: number;
  readonly failed: number;
  readonly errors: readonly ListRowError[];
}

/** `report` is the import report (import) or the CRM filter (segment) the list was built from. */
export interface CallListItem {
  readonly id: number;
  readonly name: string;
  readonly source: string;
  readonly priority: number;
  readonly createdAt: string;
  readonly report: unknown;
}
