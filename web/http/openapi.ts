import { z } from 'zod';
import type { RouteDef } from './route.js';

/**
 * The OpenAPI 3.1 document, generated from the RouteDefs that the app mounts: one source, no drift.
 * JSON Schemas come from zod 4 (`z.toJSONSchema`, draft 2020-12, which OpenAPI 3.1 uses as is).
 */
type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string };
  readonly paths: Record<string, Record<string, unknown>>;
  readonly components: Record<string, unknown>;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** Express `/api/users/:id` → OpenAPI `/api/users/{id}` */
export const toOpenApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function parameters(route: RouteDef): JsonSchema[] {
  const out: JsonSchema[] = [];
  const add = (schema: z.ZodType | undefined, where: 'path' | 'query'): void => {
    if (!schema) return;
    const js = jsonSchema(schema, 'input');
    const props = (js.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((js.required ?? []) as string[]);
    for (const [name, s] of Object.entries(props)) {
      out.push({ name, in: where, required: where === 'path' || required.has(name), schema: s });
    }
  };
  add(route.params, 'path');
  add(route.query, 'query');
  // a path parameter without a params schema is still a parameter
  for (const m of route.path.matchAll(/:([A-Za-z0-9_]+)/g)) {
    if (!out.some((p) => p.in === 'path' && p.name === m[1])) out.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
  }
  return out;
}

function requestBody(route: RouteDef): JsonSchema | undefined {
  if (route.rawBody) {
    return { required: true, content: Object.fromEntries(route.rawBody.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) };
  }
  if (!route.body || !['post', 'put', 'patch', 'delete'].includes(route.method)) return undefined;
  return { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } };
}

const errorRef = { $ref: '#/components/responses/Error' };

function responses(route: RouteDef): JsonSchema {
  const status = String(route.status ?? 200);
  let success: JsonSchema = { description: 'success' };
  if (route.produces) success = { description: 'success', content: Object.fromEntries(route.produces.map((t) => [t, {}])) };
  else if (status !== '204') success = { description: 'success', content: { 'application/json': { schema: route.response ? jsonSchema(route.response, 'output') : {} } } };
  const errors: JsonSchema = { '400': errorRef };
  if (route.access !== 'public') Object.assign(errors, { '401': errorRef, '403': errorRef });
  if (route.path.includes(':')) errors['404'] = errorRef;
  return { [status]: success, ...errors, default: errorRef };
}

function operation(route: RouteDef): JsonSchema {
  const op: JsonSchema = {
    operationId: route.operationId,
    summary: route.summary,
    tags: [...route.tags],
    parameters: parameters(route),
    responses: responses(route),
    security: route.access === 'public' ? [] : [{ sessionCookie: [] }],
  };
  const body = requestBody(route);
  if (body) op.requestBody = body;
  if (typeof route.access === 'object') op['x-roles'] = [...route.access.roles];
  return op;
}

const components = {
  securitySchemes: {
    sessionCookie: { type: 'apiKey', in: 'cookie', name: 'zari_session', description: 'state-changing requests also need the x-csrf-token header' },
  },
  schemas: {
    Error: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message', 'details'],
          properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
        },
      },
    },
  },
  responses: {
    Error: { description: 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  },
};

export function buildOpenApi(routes: readonly RouteDef[], info: { title: string; version: string }): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const item = (paths[toOpenApiPath(route.path)] ??= {});
    item[route.method] = operation(route);
  }
  return { openapi: '3.1.0', info, paths, components };
}
