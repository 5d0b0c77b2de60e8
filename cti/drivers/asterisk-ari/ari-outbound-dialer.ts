import { Emitter, type Logger } from '../../../kernel/index.js';
import type { OutboundDialer, OutboundDialerEvents } from '../../telemarketing/ports/outbound-dialer.port.js';
import type { AriClient } from './ari-client.js';
import type { AriDialEvent } from './map-ari-event.js';

const prefix = 'zari-dial-';

/**
 * OutboundDialer over ARI: a campaign call is `POST /channels` into the Stasis app with channel id
 * `zari-dial-<attemptKey>`; it enters Stasis when the callee answers (StasisStart), and is gone on
 * ChannelDestroyed (cause → result). Connect = a mixing bridge with the telemarketer's channel
 * (already in Stasis); abandon = play the message, then hang up after `abandonMessageMs`.
 */
export class AriOutboundDialer implements OutboundDialer {
  readonly events: Emitter<OutboundDialerEvents>;
  private readonly answered = new Set<string>();

  constructor(private readonly deps: { client: AriClient; logger: Logger; abandonMessageMs?: number }) {
    this.events = new Emitter<OutboundDialerEvents>((error) => deps.logger.warn({ err: String(error) }, 'dialer listener failed'));
    deps.client.events.on('event', (e) => this.onEvent(e));
  }

  private onEvent(e: AriDialEvent): void {
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

  async originate(req: { attemptKey: string; endpoint: string; callerId: string | null; timeoutSeconds: number }): Promise<void> {
    await this.deps.client.originate({ endpoint: req.endpoint, channelId: `${prefix}${req.attemptKey}`, timeoutSeconds: req.timeoutSeconds, appArgs: 'dialer', ...(req.callerId ? { callerId: req.callerId } : {}) });
  }

  async connect(attemptKey: string, agentChannelId: string): Promise<void> {
    const bridge = await this.deps.client.createBridge(`zari-bridge-${attemptKey}`);
    await this.deps.client.addChannels(bridge.id, [`${prefix}${attemptKey}`, agentChannelId]);
  }

  async abandon(attemptKey: string, media: string): Promise<void> {
    const channel = `${prefix}${attemptKey}`;
    await this.deps.client.play(channel, media);
    await new Promise((r) => setTimeout(r, this.deps.abandonMessageMs ?? 3000));
    await this.deps.client.hangup(channel).catch((e: unknown) => this.deps.logger.debug({ channel, err: String(e) }, 'abandoned call already gone'));
  }
}
