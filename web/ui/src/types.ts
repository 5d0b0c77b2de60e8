/** The REST shapes the browser reads (subsets of the server's DTOs; see /api/openapi.json). */
export type Role = 'admin' | 'supervisor' | 'manager' | 'operator' | 'secretary' | 'telemarketer';

export interface SessionUser {
  readonly id: number;
  readonly login: string;
  readonly name: string;
  readonly role: Role;
  readonly extensions: readonly string[];
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
}

export interface PhoneDto { readonly id: number; readonly type: string; readonly raw: string; readonly e164: string | null }

export interface ContactDto {
  readonly id: number;
  readonly name: string;
  readonly position: string | null;
  readonly email: string | null;
  readonly phones: readonly PhoneDto[];
}

export interface ClientDto {
  readonly id: number;
  readonly kind: string;
  readonly name: string;
  readonly email: string | null;
  readonly address: string | null;
  readonly vip: boolean;
  readonly notes: string | null;
  readonly responsibleUserId: number | null;
  readonly phones: readonly PhoneDto[];
  readonly contacts?: readonly ContactDto[];
}

export interface DealDto {
  readonly id: number;
  readonly clientId: number;
  readonly title: string;
  readonly pipelineId: number;
  readonly stageId: number;
  readonly amount: string | null;
  readonly currency: string;
  readonly status: string;
}

export interface PipelineDto {
  readonly id: number;
  readonly name: string;
  readonly isDefault: boolean;
  readonly stages: readonly { readonly id: number; readonly name: string; readonly kind: string }[];
}

export interface TaskDto {
  readonly id: number;
  readonly kind: string;
  readonly title: string;
  readonly description: string | null;
  readonly dueAt: string | null;
  readonly priority: string;
  readonly status: string;
  readonly clientId: number | null;
  readonly phone: string | null;
}

export interface InteractionDto {
  readonly id: number;
  readonly kind: string;
  readonly direction: string | null;
  readonly clientId: number | null;
  readonly startedAt: string;
  readonly outcome: string | null;
  readonly phone: string | null;
  readonly rawPhone: string | null;
  readonly answeredBy: string | null;
  readonly subject: string | null;
  readonly body: string | null;
  readonly callKey: string | null;
}

export interface CallListItem extends InteractionDto {
  readonly callbackTaskId: number | null;
  readonly callbackStatus: string | null;
}

export interface ExtensionRow {
  readonly extension: string;
  readonly state: string;
  readonly user: { readonly id: number; readonly name: string } | null;
}
