import { z } from 'zod';
import { ZariError } from '../../../kernel/index.js';

/**
 * Outgoing AMI actions: `Action: X\r\nActionID: id\r\nKey: value\r\n…\r\n\r\n`. A value that is a list
 * becomes repeated lines (`Variable: a=1`, `Variable: b=2`). CR/LF inside a key or value would let
 * a caller inject a second action, so they are refused (validation_failed).
 */
export type AmiActionFields = Readonly<Record<string, string | readonly string[]>>;

const SAFE = /^[^\r\n]*$/;

function line(key: string, value: string): string {
  if (!SAFE.test(value) || !SAFE.test(key) || key === '' || key.includes(':')) {
    throw new ZariError('validation_failed', 'AMI action field contains a line break or an invalid key', { key });
  }
  return `${key}: ${value}\r\n`;
}

export function formatAction(action: string, actionId: string, fields: AmiActionFields = {}): Buffer {
  let text = line('Action', action) + line('ActionID', actionId);
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') text += line(key, value);
    else for (const v of value) text += line(key, v);
  }
  return Buffer.from(`${text}\r\n`, 'utf8');
}

/** `ami://user:secret@host:port` (port defaults to 5038). */
export const amiUrlSchema = z
  .string()
  .url()
  .transform((raw, ctx) => {
    const url = new URL(raw);
    if (url.protocol !== 'ami:' || url.hostname === '' || url.username === '') {
      ctx.addIssue({ code: 'custom', message: 'expected ami://user:secret@host:port' });
      return z.NEVER;
    }
    return {
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port === '' ? 5038 : Number(url.port),
      username: decodeURIComponent(url.username),
      secret: decodeURIComponent(url.password),
    };
  });

export type AmiTarget = z.infer<typeof amiUrlSchema>;

/** Parse an AMI URL; a malformed one is a validation_failed error that never echoes the secret. */
export function parseAmiUrl(raw: string): AmiTarget {
  const result = amiUrlSchema.safeParse(raw);
  if (!result.success) throw new ZariError('validation_failed', 'invalid AMI URL (expected ami://user:secret@host:port)');
  return result.data;
}
