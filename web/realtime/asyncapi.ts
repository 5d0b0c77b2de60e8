import { defineRoute, type RouteDef } from '../http/route.js';
import { realtimeEventCatalogue, type RealtimeEventSpec } from './realtime-events.js';
import { clientEventSchemas, payloadSchemas, sharedSchemas } from './asyncapi-schemas.js';

/**
 * The AsyncAPI 3.0 document of the Socket.IO gateway, generated from the event catalogue
 * (web/realtime/realtime-events.ts): one channel per event (address = the Socket.IO event name), a
 * `receive` operation per server→client event carrying its audience (room) and the roles that may receive
 * it (`x-audience`, `x-roles`), a `send` operation per client→server event.
 */
export interface AsyncApiDocument {
  readonly asyncapi: '3.0.0';
  readonly info: { title: string; version: string; description: string };
  readonly defaultContentType: string;
  readonly servers: Record<string, unknown>;
  readonly channels: Record<string, unknown>;
  readonly operations: Record<string, unknown>;
  readonly components: { schemas: Record<string, unknown>; messages: Record<string, unknown> };
}

/** AsyncAPI ids allow letters, digits, '-', '_' and '.': keep them readable and unambiguous. */
const idOf = (event: string): string => event.replaceAll('.', '_');

const audienceText: Record<RealtimeEventSpec['audience'], string> = {
  user: 'room user:<id> (the user\'s own sockets)',
  extension: 'the users bound to the ringing extension (room ext:<extension>)',
  secretaries: 'room secretaries (secretary, supervisor, admin)',
  supervisors: 'room supervisors (supervisor, admin)',
  all: 'every authenticated socket',
};

export function buildAsyncApi(info: { version: string; host?: string }): AsyncApiDocument {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const spec of realtimeEventCatalogue) {
    const id = idOf(spec.event);
    messages[id] = { name: spec.event, title: spec.event, summary: spec.summary, payload: payloadSchemas[spec.event] };
    channels[id] = { address: spec.event, title: spec.event, description: spec.summary, messages: { [id]: { $ref: `#/components/messages/${id}` } } };
    operations[`receive_${id}`] = {
      action: 'receive', channel: { $ref: `#/channels/${id}` }, summary: spec.summary,
      description: `Audience: ${audienceText[spec.audience]}. Roles: ${spec.roles.join(', ')}.`,
      'x-audience': spec.audience, 'x-roles': [...spec.roles],
      ...(spec.event === 'call.pop' ? { reply: { messages: [{ $ref: '#/components/messages/call_pop_ack' }] } } : {}),
    };
  }
  messages['call_pop_ack'] = { name: 'call.pop ack', summary: 'The browser acknowledges a pop (latency recorded)', payload: { type: 'object', required: ['popId'], properties: { popId: { type: 'string' } } } };
  for (const [event, schema] of Object.entries(clientEventSchemas)) {
    const id = idOf(event);
    messages[id] = { name: event, title: event, payload: schema.payload, summary: schema.summary };
    channels[id] = { address: event, title: event, messages: { [id]: { $ref: `#/components/messages/${id}` } } };
    operations[`send_${id}`] = { action: 'send', channel: { $ref: `#/channels/${id}` }, summary: schema.summary, 'x-roles': ['admin', 'supervisor', 'manager', 'operator', 'secretary', 'telemarketer'] };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'zari realtime (Socket.IO)', version: info.version,
      description: 'Socket.IO 4 events at path /socket.io. The handshake must carry the zari_session cookie (same session as the REST API); '
        + 'otherwise the connection is refused with the error "unauthenticated". On every (re)connect the server sends calls.snapshot '
        + '(and extensions.snapshot; incoming.calls to secretaries; wallboard and pbx.status to supervisors). Text fields from callers are untrusted: render as text.',
    },
    defaultContentType: 'application/json',
    servers: { zari: { host: info.host ?? 'localhost:3000', pathname: '/socket.io', protocol: 'ws', description: 'Socket.IO (engine.io v4) over WebSocket or HTTP long-polling' } },
    channels,
    operations,
    components: { schemas: sharedSchemas, messages },
  };
}

/** GET /api/asyncapi.json */
export function asyncApiRoutes(version: string): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/asyncapi.json', operationId: 'asyncapi', tags: ['system'], access: 'public',
      summary: 'The realtime (Socket.IO) events as an AsyncAPI 3.0 document',
      handler: async ({ req }) => buildAsyncApi({ version, ...(req.headers.host ? { host: req.headers.host } : {}) }),
    }),
  ];
}
