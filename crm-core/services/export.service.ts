import { Readable } from 'node:stream';
import type { Actor } from '../domain/actor.js';
import type { ClientDto, ClientListQuery } from '../domain/client.schema.js';
import { assertCan } from './client-access.js';
import { buildClientQuery } from './client-query.js';
import type { CrmDeps } from './deps.js';
import { clientInclude, mapClient } from './map-client.js';

/** A cell a spreadsheet would run as a formula: starts with = + - @ (or tab / CR). */
const formulaStart = /^[=+\-@\t\r]/;

/** One CSV cell: formula-injection guard (a leading quote), then RFC 4180 quoting. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (formulaStart.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvRow = (cells: readonly (string | number | boolean | null | undefined)[]): string => `${cells.map(csvCell).join(',')}\r\n`;

export interface ExportOptions {
  /** custom-field keys exported as `custom:<key>` columns */
  customFields?: readonly string[];
  /** prepend a UTF-8 BOM so spreadsheet programs read Cyrillic/Georgian right (default true) */
  bom?: boolean;
  /** rows fetched per query (default 500) */
  pageSize?: number;
}

const baseColumns = ['id', 'kind', 'name', 'legalName', 'taxId', 'taxCode2', 'regNumber', 'legalAddress', 'address', 'email', 'website', 'segment', 'vip', 'phones', 'tags', 'responsibleLogin', 'notes'] as const;

function cellsOf(c: ClientDto, login: string | null, custom: readonly string[]): (string | number | boolean | null)[] {
  const base: (string | number | boolean | null)[] = [
    c.id, c.kind, c.name, c.legalName, c.taxId, c.taxCode2, c.regNumber, c.legalAddress, c.address, c.email, c.website,
    c.segment, c.vip ? 'yes' : 'no', c.phones.map((p) => p.e164 ?? p.raw).join('; '), c.tags.join('; '), login, c.notes,
  ];
  const extra = custom.map((k) => {
    const v = c.customFields[k];
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
  });
  return [...base, ...extra];
}

/** Streams clients as CSV (the same filters as the client list); the import reads this format back. */
export class ExportService {
  constructor(private readonly deps: CrmDeps) {}

  exportClientsCsv(actor: Actor, query: Omit<ClientListQuery, 'limit' | 'offset'> = {}, options: ExportOptions = {}): Readable {
    assertCan(actor, 'clients:export');
    const q = buildClientQuery(actor, this.deps.phones, query);
    return Readable.from(this.lines(actor, q.where, options));
  }

  private async *lines(actor: Actor, where: ReturnType<typeof buildClientQuery>['where'], options: ExportOptions): AsyncGenerator<string> {
    const custom = options.customFields ?? [];
    const pageSize = options.pageSize ?? 500;
    yield `${options.bom === false ? '' : '\uFEFF'}${csvRow([...baseColumns, ...custom.map((k) => `custom:${k}`)])}`;
    let after = 0;
    for (;;) {
      const rows = await this.deps.db.client.findMany({
        where: { AND: [where, { id: { gt: after } }] }, orderBy: { id: 'asc' }, take: pageSize,
        include: { ...clientInclude, responsible: { select: { login: true } } },
      });
      if (rows.length === 0) break;
      let chunk = '';
      for (const r of rows) chunk += csvRow(cellsOf(mapClient(actor, r), r.responsible?.login ?? null, custom));
      yield chunk;
      after = rows[rows.length - 1]?.id ?? after;
      if (rows.length < pageSize) break;
    }
    await this.deps.audit.record(actor, 'client.export', 'client', null, { after });
  }
}
