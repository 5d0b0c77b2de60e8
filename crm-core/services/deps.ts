import type { Db, Logger, Prisma } from '../../kernel/index.js';
import type { PhoneNormalizer } from '../phone/index.js';
import type { AuditLogService } from './audit-log.service.js';

/** Everything a CRM service needs, passed as one object by the composition root. */
export interface CrmDeps {
  readonly db: Db;
  readonly logger: Logger;
  readonly phones: PhoneNormalizer;
  readonly audit: AuditLogService;
  readonly clock?: () => Date;
}

/** A Prisma client or an interactive-transaction client. */
export type Tx = Prisma.TransactionClient;
