import { z } from 'zod';
import { notFound, ZariError, type Prisma } from '../../../kernel/index.js';
import type { Actor } from '../../../crm-core/index.js';
import { campaignCreateSchema, campaignSettingsSchema, type CampaignSettings, type CampaignStatus, type DialMode } from '../domain/campaign.schema.js';
import { describeScriptErrors, validateScript } from '../domain/script-validator.js';
import type { Script } from '../domain/script.schema.js';
import { assertRole, managers, nowOf, parseWith, type TelemarketingDeps } from './deps.js';

export interface CampaignDto {
  id: number; name: string; dialMode: DialMode; manualOnly: boolean; requiresConsent: boolean; callerId: string | null;
  status: CampaignStatus; scriptVersionId: number | null; settings: CampaignSettings; createdAt: string;
}
export interface ScriptVersionDto { id: number; key: string; version: number; script: Script; createdAt: string }

type CampaignRow = Prisma.CampaignGetPayload<object>;
export const mapCampaign = (r: CampaignRow): CampaignDto => ({
  id: r.id, name: r.name, dialMode: r.dialMode as DialMode, manualOnly: r.manualOnly, requiresConsent: r.requiresConsent, callerId: r.callerId,
  status: r.status as CampaignStatus, scriptVersionId: r.scriptVersionId, settings: campaignSettingsSchema.parse(JSON.parse(r.settings)), createdAt: r.createdAt.toISOString(),
});

const transitions: Readonly<Record<CampaignStatus, readonly CampaignStatus[]>> = {
  draft: ['running', 'finished'], running: ['paused', 'finished'], paused: ['running', 'finished'], finished: [],
};

/** Campaigns and their versioned scripts. A campaign starts only with a valid script and settings. */
export class CampaignService {
  constructor(private readonly deps: TelemarketingDeps) {}

  async create(actor: Actor, input: unknown): Promise<CampaignDto> {
    assertRole(actor, managers, 'campaigns:manage');
    const v = parseWith(campaignCreateSchema, input);
    const exists = await this.deps.db.campaign.findUnique({ where: { name: v.name } });
    if (exists) throw new ZariError('already_exists', `campaign "${v.name}" exists`);
    const r = await this.deps.db.campaign.create({ data: {
      name: v.name, dialMode: v.dialMode, manualOnly: v.manualOnly, requiresConsent: v.requiresConsent, callerId: v.callerId ?? null,
      settings: JSON.stringify(v.settings), createdById: actor.userId || null,
    } });
    return mapCampaign(r);
  }

  async get(id: number): Promise<CampaignDto> {
    const r = await this.deps.db.campaign.findUnique({ where: { id } });
    if (!r) throw notFound('campaign', id);
    return mapCampaign(r);
  }

  async list(): Promise<CampaignDto[]> {
    return (await this.deps.db.campaign.findMany({ orderBy: { id: 'asc' } })).map(mapCampaign);
  }

  async updateSettings(actor: Actor, id: number, settings: unknown): Promise<CampaignDto> {
    assertRole(actor, managers, 'campaigns:manage');
    const v = parseWith(campaignSettingsSchema, settings);
    await this.get(id);
    return mapCampaign(await this.deps.db.campaign.update({ where: { id }, data: { settings: JSON.stringify(v) } }));
  }

  /** Stores a new script version (validated; its key+version must be new). */
  async addScriptVersion(actor: Actor, body: unknown): Promise<ScriptVersionDto> {
    assertRole(actor, managers, 'scripts:manage');
    const r = validateScript(body);
    if (!r.ok) throw new ZariError('validation_failed', `invalid script: ${describeScriptErrors(r.errors)}`, r.errors);
    const s = r.script;
    const dup = await this.deps.db.scriptVersion.findUnique({ where: { key_version: { key: s.key, version: s.version } } });
    if (dup) throw new ZariError('already_exists', `script ${s.key} v${s.version} exists; versions are immutable`);
    const row = await this.deps.db.scriptVersion.create({ data: { key: s.key, version: s.version, body: JSON.stringify(s), createdById: actor.userId || null } });
    return { id: row.id, key: row.key, version: row.version, script: s, createdAt: row.createdAt.toISOString() };
  }

  async getScriptVersion(id: number): Promise<ScriptVersionDto> {
    const row = await this.deps.db.scriptVersion.findUnique({ where: { id } });
    if (!row) throw notFound('script version', id);
    const r = validateScript(JSON.parse(row.body));
    if (!r.ok) throw new ZariError('validation_failed', `stored script is invalid: ${describeScriptErrors(r.errors)}`, r.errors);
    return { id: row.id, key: row.key, version: row.version, script: r.script, createdAt: row.createdAt.toISOString() };
  }

  async setScript(actor: Actor, campaignId: number, scriptVersionId: number): Promise<CampaignDto> {
    assertRole(actor, managers, 'campaigns:manage');
    await this.getScriptVersion(scriptVersionId);
    await this.get(campaignId);
    return mapCampaign(await this.deps.db.campaign.update({ where: { id: campaignId }, data: { scriptVersionId } }));
  }

  /** draft|paused → running (script re-validated, every end disposition configured), running → paused, any → finished. */
  async setStatus(actor: Actor, id: number, status: unknown): Promise<CampaignDto> {
    assertRole(actor, managers, 'campaigns:manage');
    const to = parseWith(z.enum(['draft', 'running', 'paused', 'finished']), status);
    const c = await this.get(id);
    if (!transitions[c.status].includes(to)) throw new ZariError('conflict', `campaign ${id} cannot go from ${c.status} to ${to}`);
    if (to === 'running') await this.assertStartable(c);
    this.deps.logger.info({ campaignId: id, from: c.status, to, at: nowOf(this.deps).toISOString() }, 'campaign status changed');
    return mapCampaign(await this.deps.db.campaign.update({ where: { id }, data: { status: to } }));
  }

  private async assertStartable(c: CampaignDto): Promise<void> {
    if (c.scriptVersionId === null) throw new ZariError('validation_failed', 'a campaign needs a script before it starts');
    const { script } = await this.getScriptVersion(c.scriptVersionId);
    const codes = new Set(c.settings.dispositions.map((d) => d.code));
    const missing = script.steps.flatMap((s) => (s.type === 'end' && !codes.has(s.disposition) ? [s.disposition] : []));
    if (missing.length > 0) throw new ZariError('validation_failed', `script ends with dispositions the campaign does not define: ${[...new Set(missing)].join(', ')}`);
    const lists = await this.deps.db.callList.count({ where: { campaignId: c.id } });
    if (lists === 0) throw new ZariError('validation_failed', 'a campaign needs at least one call list before it starts');
  }
}
