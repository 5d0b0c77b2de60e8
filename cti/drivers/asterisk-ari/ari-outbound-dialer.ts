import { Emitter, ZariError, type Logger } from '../../../kernel/index.js';
import type { OutboundDialer, OutboundDialerEvents } from '../../telemarketing/ports/outbound-dialer.port.js';
import type { AriClient } from './ari-client.js';
import type { AriDialEvent } from './map-ari-event.js';

const prefix = 'zari-dial-';
const agentPrefix = 'zari-agent-';

/**
 * OutboundDialer over ARI: a campaign call is `POST /channels` into the Stasis app with channel id
 * `zari-dial-<attemptKey>`; it enters Stasis when the callee answers (StasisStart), and is gone on
 * ChannelDestroyed (cause → result). Connect = a mixing bridge with the telemarketer's channel
 * (already in Stasis); abandon = play the message, then hang up after `abandonMessageMs`.
 */
export class AriOutboundDialer implements OutboundDialer {
  readonly events: Emitter<OutboundDialerEvents>;
  private readonly answered = new Set<string>();
  private readonly agentWaits = new Map<string, { resolve: (channelId: string) => void; reject: (e: Error) => void }>();
  private readonly agentsUp = new Set<string>();

  constructor(private readonly deps: { client: AriClient; logger: Logger; abandonMessageMs?: number }) {
    this.events = new Emitter<OutboundDialerEvents>((error) => deps.logger.warn({ err: String(error) }, 'dialer listener failed'));
    deps.client.events.on('event', (e) => this.onEvent(e));
  }

  private onEvent(e: AriDialEvent): void {
    if (e.channelId.startsWith(agentPrefix)) { this.onAgentEvent(e.channelId.slice(agentPrefix.length), e); return; }
    if (!e.channelId.startsWith(prefix)) return;
    const attemptKey = e.channelId.slice(prefix.length);
    switch (e.kind) {
      case 'ringing': this.events.emit('call', { attemptKey, kind: 'ringing' }); break;
      case 'stasis_start':
        if (this.answered.has(attemptKey)) return;
        this.answered.add(attemptKey);
        this.events.emit('call', { attemptKey, kind: 'answered' });
        break;
      case 'destroyed': {
        const wasAnswered = this.answered.delete(attemptKey);
        this.events.emit('call', { attemptKey, kind: 'ended', result: wasAnswered ? 'normal' : e.result === 'normal' ? 'failed' : e.result });
        break;
      }
      case 'up': case 'stasis_end': break;
    }
  }

  private onAgentEvent(agentKey: string, e: AriDialEvent): void {
    const wait = this.agentWaits.get(agentKey);
    if (e.kind === 'stasis_start') {
      this.agentsUp.add(agentKey);
      this.agentWaits.delete(agentKey);
      wait?.resolve(`${agentPrefix}${agentKey}`);
    } else if (e.kind === 'destroyed') {
      this.agentWaits.delete(agentKey);
      wait?.reject(new ZariError('agent_unreachable', `the telemarketer's phone did not answer (${e.result})`));
      if (this.agentsUp.delete(agentKey)) this.events.emit('agent', { agentKey, kind: 'gone' });
    }
  }

  async attachAgent(agentKey: string, endpoint: string, timeoutSeconds: number): Promise<string> {
    const channelId = `${agentPrefix}${agentKey}`;
    if (this.agentsUp.has(agentKey)) return channelId;
    const answered = new Promise<string>((resolve, reject) => this.agentWaits.set(agentKey, { resolve, reject }));
    try {
      await this.deps.client.originate({ endpoint, channelId, timeoutSeconds, appArgs: 'agent' });
    } catch (e) {
      this.agentWaits.delete(agentKey);
      throw e;
    }
    return answered;
  }

  async detachAgent(agentKey: string): Promise<void> {
    if (!this.agentsUp.has(agentKey)) return;
    await this.deps.client.hangup(`${agentPrefix}${agentKey}`).catch((e: unknown) => this.deps.logger.debug({ agentKey, err: String(e) }, 'agent line already gone'));
  }

  async originate(req: { attemptKey: string; endpoint: string; callerId: string | null; timeoutSeconds: number }): Promise<void> {
    await this.deps.client.originate({ endpoint: req.endpoint, channelId: `${prefix}${req.attemptKey}`, timeoutSeconds: req.timeoutSeconds, appArgs: 'dialer', ...(req.callerId ? { callerId: req.callerId } : {}) });
  }

  async connect(attemptKey: string, agentChannelId: string): Promise<void> {
    const bridge = await this.deps.client.createBridge(`zari-bridge-${attemptKey}`);
    await this.deps.client.addChannels(bridge.id, [`${prefix}${attemptKey}`, agentChannelId]);
  }

  async hangup(attemptKey: string): Promise<void> {
    await this.deps.client.hangup(`${prefix}${attemptKey}`);
  }

  async abandon(attemptKey: string, media: string): Promise<void> {
    const channel = `${prefix}${attemptKey}`;
    await this.deps.client.play(channel, media);
    await new Promise((r) => setTimeout(r, this.deps.abandonMessageMs ?? 3000));
    await this.deps.client.hangup(channel).catch((e: unknown) => this.deps.logger.debug({ channel, err: String(e) }, 'abandoned call already gone'));
  }
}
