import { ZariError } from '../../kernel/index.js';
import { clientCreateSchema, type ClientCreate, type ClientKind } from '../domain/client.schema.js';
import { importFields, type ImportField, type ImportRowError, type ImportTarget } from '../domain/import.schema.js';
import type { PhoneNormalizer } from '../phone/index.js';
import { toPhoneRow, type PhoneRow } from './phone-match.js';

export interface ColumnPlan { index: number; header: string; target: ImportTarget }

const aliases: Readonly<Record<string, ImportField>> = {
  phone: 'phones', telephone: 'phones', tel: 'phones', телефон: 'phones', телефоны: 'phones', ტელეფონი: 'phones',
  tag: 'tags', теги: 'tags', inn: 'taxId', инн: 'taxId', taxid: 'taxId', kpp: 'taxCode2', кпп: 'taxCode2',
  название: 'name', наименование: 'name', имя: 'name', სახელი: 'name', responsible: 'responsibleLogin', manager: 'responsibleLogin',
};
const byLower = new Map<string, ImportField>(importFields.map((f) => [f.toLowerCase(), f]));

function guessTarget(header: string): ImportTarget {
  if (/^custom:\S/.test(header.trim())) return header.trim();
  const k = header.trim().toLowerCase().replace(/[\s_-]+/g, '');
  return byLower.get(k) ?? aliases[k] ?? aliases[header.trim().toLowerCase()] ?? 'ignore';
}

/** Header + mapping → which column goes where. A file without a `name` column is refused. */
export function planColumns(header: readonly string[], mapping?: Readonly<Record<string, ImportTarget>>): ColumnPlan[] {
  const plan = header.map((h, index) => ({ index, header: h.trim(), target: mapping ? (mapping[h.trim()] ?? 'ignore') : guessTarget(h) }));
  if (!plan.some((p) => p.target === 'name')) {
    throw new ZariError('validation_failed', 'no column maps to "name"', { header: plan.map((p) => p.header) });
  }
  return plan;
}

export interface PreparedRow {
  row: number;
  client: ClientCreate;
  phoneRows: PhoneRow[];
  responsibleLogin: string | null;
}

/** Undoes the export's formula-injection guard: "'+7916…" → "+7916…". */
const unguard = (v: string): string => (/^'[=+\-@]/.test(v) ? v.slice(1) : v);

const split = (v: string): string[] => v.split(/[;,\n]/).map((s) => s.trim()).filter((s) => s !== '');
const truthy = new Set(['1', 'true', 'yes', 'y', 'x', 'да', 'vip', 'კი']);

function issueCode(code: string, value: unknown): string {
  if (value === undefined || value === '') return 'required';
  if (code === 'too_big') return 'too_long';
  if (code === 'invalid_format' || code === 'custom') return 'invalid_format';
  return code;
}

/** Collects the cells of one record into a client-create input (before validation). */
function collect(cells: readonly string[], plan: readonly ColumnPlan[], defaultKind: ClientKind): { input: Record<string, unknown>; phones: string[]; login: string | null } {
  const input: Record<string, unknown> = { kind: defaultKind };
  const custom: Record<string, string> = {};
  let phones: string[] = [];
  let login: string | null = null;
  for (const p of plan) {
    const v = unguard((cells[p.index] ?? '').trim());
    if (p.target === 'ignore' || v === '') continue;
    if (p.target.startsWith('custom:')) custom[p.target.slice('custom:'.length)] = v;
    else if (p.target === 'phones') phones = [...phones, ...split(v)];
    else if (p.target === 'tags') input.tags = split(v);
    else if (p.target === 'vip') input.vip = truthy.has(v.toLowerCase());
    else if (p.target === 'responsibleLogin') login = v;
    else if (p.target === 'kind') input.kind = v.toLowerCase();
    else input[p.target] = v;
  }
  input.customFields = custom;
  return { input, phones, login };
}

/** One record → a validated client, or the list of what is wrong with it. */
export function prepareRow(row: number, cells: readonly string[], plan: readonly ColumnPlan[], phones: PhoneNormalizer, defaultKind: ClientKind): { ok: PreparedRow } | { errors: ImportRowError[] } {
  const { input, phones: rawPhones, login } = collect(cells, plan, defaultKind);
  const errors: ImportRowError[] = [];
  const r = clientCreateSchema.safeParse(input);
  if (!r.success) {
    for (const i of r.error.issues) {
      const [head, key] = i.path;
      const field = head === 'customFields' && typeof key === 'string' ? `custom:${key}` : String(head ?? '(row)');
      errors.push({ row, field, code: issueCode(i.code, head === undefined ? undefined : input[String(head)]), message: i.message });
    }
  }
  const phoneRows: PhoneRow[] = [];
  for (const raw of rawPhones) {
    if (raw.length > 64) { errors.push({ row, field: 'phones', code: 'too_long', message: 'phone longer than 64 characters' }); continue; }
    try {
      phoneRows.push(toPhoneRow(phones, { raw, type: 'work' }));
    } catch {
      errors.push({ row, field: 'phones', code: 'invalid_phone_number', message: `invalid phone number: ${raw}` });
    }
  }
  if (errors.length > 0 || !r.success) return { errors };
  return { ok: { row, client: r.data, phoneRows, responsibleLogin: login } };
}
