import { z } from 'zod';

/**
 * ARI WebSocket events (Asterisk 22, `pretty=no`) → the few facts an outbound dialer needs. Pure and
 * table-tested. Channels the dialer originates carry their own id (`channelId`), so the attempt is
 * found by channel id. Hangup causes (Q.850): 16 normal, 17 busy, 18/19 no answer, others failed.
 */
const channelSchema = z.object({ id: z.string().min(1), name: z.string().optional(), state: z.string().optional() });

const ariEventSchema = z.object({
  type: z.string(),
  channel: channelSchema.optional(),
  cause: z.number().int().optional(),
  cause_txt: z.string().optional(),
  args: z.array(z.string()).optional(),
});

export type HangupResult = 'normal' | 'busy' | 'no_answer' | 'failed';

export type AriDialEvent =
  | { kind: 'stasis_start'; channelId: string; args: string[] }
  | { kind: 'ringing'; channelId: string }
  | { kind: 'up'; channelId: string }
  | { kind: 'destroyed'; channelId: string; cause: number; result: HangupResult }
  | { kind: 'stasis_end'; channelId: string };

export function hangupResultOf(cause: number): HangupResult {
  if (cause === 16) return 'normal';
  if (cause === 17) return 'busy';
  if (cause === 18 || cause === 19) return 'no_answer';
  return 'failed';
}

/** null for events the dialer does not use (ChannelVarset, Dial, bridge events…) or malformed frames. */
export function mapAriEvent(raw: unknown): AriDialEvent | null {
  const r = ariEventSchema.safeParse(raw);
  if (!r.success || !r.data.channel) return null;
  const e = r.data;
  const channelId = e.channel?.id ?? '';
  switch (e.type) {
    case 'StasisStart': return { kind: 'stasis_start', channelId, args: e.args ?? [] };
    case 'StasisEnd': return { kind: 'stasis_end', channelId };
    case 'ChannelStateChange':
      if (e.channel?.state === 'Ringing') return { kind: 'ringing', channelId };
      if (e.channel?.state === 'Up') return { kind: 'up', channelId };
      return null;
    case 'ChannelDestroyed': return { kind: 'destroyed', channelId, cause: e.cause ?? 0, result: hangupResultOf(e.cause ?? 0) };
    default: return null;
  }
}
