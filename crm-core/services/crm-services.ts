import { AuditLogService } from './audit-log.service.js';
import { ClientService } from './client.service.js';
import { ContactService } from './contact.service.js';
import { DealService } from './deal.service.js';
import type { CrmDeps } from './deps.js';
import { DoNotCallService } from './do-not-call.service.js';
import { DuplicateService } from './duplicate.service.js';
import { ExportService } from './export.service.js';
import { FunnelService } from './funnel.service.js';
import { ImportService } from './import.service.js';
import { InteractionService } from './interaction.service.js';
import { MergeService } from './merge.service.js';
import { PhoneService } from './phone.service.js';
import { PipelineService } from './pipeline.service.js';
import { TaskService } from './task.service.js';
import { UserService } from './user.service.js';

export interface CrmServices {
  readonly audit: AuditLogService;
  readonly clients: ClientService;
  readonly contacts: ContactService;
  readonly phones: PhoneService;
  readonly pipelines: PipelineService;
  readonly deals: DealService;
  readonly funnel: FunnelService;
  readonly tasks: TaskService;
  readonly interactions: InteractionService;
  readonly users: UserService;
  readonly dnc: DoNotCallService;
  readonly duplicates: DuplicateService;
  readonly merge: MergeService;
  readonly imports: ImportService;
  readonly exports: ExportService;
}

/** Builds every CRM service over one dependency object (the audit log is made here unless given). */
export function createCrmServices(input: Omit<CrmDeps, 'audit'> & { audit?: AuditLogService }): CrmServices {
  const audit = input.audit ?? new AuditLogService({ db: input.db, ...(input.clock ? { clock: input.clock } : {}) });
  const deps: CrmDeps = { ...input, audit };
  return {
    audit,
    clients: new ClientService(deps),
    contacts: new ContactService(deps),
    phones: new PhoneService(deps),
    pipelines: new PipelineService(deps),
    deals: new DealService(deps),
    funnel: new FunnelService(deps),
    tasks: new TaskService(deps),
    interactions: new InteractionService(deps),
    users: new UserService(deps),
    dnc: new DoNotCallService(deps),
    duplicates: new DuplicateService(deps),
    merge: new MergeService(deps),
    imports: new ImportService(deps),
    exports: new ExportService(deps),
  };
}
