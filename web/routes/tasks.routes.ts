import {
  taskCreateSchema, taskListQuerySchema, taskUpdateSchema, type TaskService,
} from '../../crm-core/index.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { idParamsSchema, pageAliases, toLimitOffset, who, withPage } from './route-common.js';

export interface TaskRoutesDeps {
  readonly tasks: TaskService;
}

const tags = ['tasks'];
const listQuery = taskListQuerySchema.extend(pageAliases);
const mineQuery = taskListQuerySchema.omit({ assigneeId: true }).extend(pageAliases);

/** Tasks, callbacks and reminders: CRUD, "my tasks", complete (a recurring task spawns the next one). */
export function taskRoutes({ tasks }: TaskRoutesDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'get', path: '/api/tasks', operationId: 'listTasks', tags, access: 'session',
      summary: 'List tasks (everything for admin/supervisor; otherwise tasks assigned to or created by the caller)',
      query: listQuery,
      handler: async ({ actor, query }) => withPage(await tasks.list(who(actor), toLimitOffset(query))),
    }),
    defineRoute({
      method: 'get', path: '/api/tasks/mine', operationId: 'listMyTasks', tags, access: 'session',
      summary: 'My open tasks, soonest due first', query: mineQuery,
      handler: async ({ actor, query }) => withPage(await tasks.myTasks(who(actor), toLimitOffset(query))),
    }),
    defineRoute({
      method: 'post', path: '/api/tasks', operationId: 'createTask', tags, access: 'session', status: 201,
      summary: 'Create a task, callback or reminder', body: taskCreateSchema,
      handler: ({ actor, body }) => tasks.create(who(actor), body),
    }),
    defineRoute({
      method: 'get', path: '/api/tasks/:id', operationId: 'getTask', tags, access: 'session',
      summary: 'A task', params: idParamsSchema,
      handler: ({ actor, params }) => tasks.get(who(actor), params.id),
    }),
    defineRoute({
      method: 'patch', path: '/api/tasks/:id', operationId: 'updateTask', tags, access: 'session',
      summary: 'Update a task (status done completes it)', params: idParamsSchema, body: taskUpdateSchema,
      handler: ({ actor, params, body }) => tasks.update(who(actor), params.id, body),
    }),
    defineRoute({
      method: 'delete', path: '/api/tasks/:id', operationId: 'deleteTask', tags, access: 'session', status: 204,
      summary: 'Delete a task', params: idParamsSchema,
      handler: async ({ actor, params }) => {
        await tasks.delete(who(actor), params.id);
      },
    }),
    defineRoute({
      method: 'post', path: '/api/tasks/:id/complete', operationId: 'completeTask', tags, access: 'session',
      summary: 'Mark a task done; returns it and the next occurrence of a recurring task', params: idParamsSchema,
      handler: ({ actor, params }) => tasks.complete(who(actor), params.id),
    }),
  ];
}
