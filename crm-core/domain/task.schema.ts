import { z } from 'zod';
import { dateSchema, idSchema, optionalText, paginationSchema, requiredText } from './common.schema.js';

export const taskKinds = ['task', 'callback', 'reminder'] as const;
export const taskPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export const taskStatuses = ['open', 'in_progress', 'done', 'cancelled'] as const;
export const recurrences = ['daily', 'weekly', 'monthly', 'yearly'] as const;
export type TaskKind = (typeof taskKinds)[number];
export type TaskStatus = (typeof taskStatuses)[number];
export type Recurrence = (typeof recurrences)[number];

export const taskCreateSchema = z.object({
  kind: z.enum(taskKinds).default('task'),
  title: requiredText(300),
  description: optionalText(5000),
  assigneeId: idSchema.nullable().optional(),
  groupId: idSchema.nullable().optional(),
  dueAt: dateSchema.nullable().optional(),
  remindAt: dateSchema.nullable().optional(),
  priority: z.enum(taskPriorities).default('normal'),
  recurrence: z.enum(recurrences).nullable().optional(),
  clientId: idSchema.nullable().optional(),
  dealId: idSchema.nullable().optional(),
  callKey: optionalText(200),
  phone: optionalText(64),
});
export type TaskCreateInput = z.input<typeof taskCreateSchema>;

export const taskUpdateSchema = taskCreateSchema.omit({ kind: true }).extend({ status: z.enum(taskStatuses) }).partial();
export type TaskUpdateInput = z.input<typeof taskUpdateSchema>;

export const taskListQuerySchema = paginationSchema.extend({
  assigneeId: idSchema.optional(),
  clientId: idSchema.optional(),
  dealId: idSchema.optional(),
  kind: z.enum(taskKinds).optional(),
  status: z.enum(taskStatuses).optional(),
  /** only tasks not done/cancelled */
  openOnly: z.coerce.boolean().optional(),
  dueBefore: dateSchema.optional(),
});
export type TaskListQuery = z.input<typeof taskListQuerySchema>;

export interface TaskDto {
  id: number;
  kind: string;
  title: string;
  description: string | null;
  assigneeId: number | null;
  groupId: number | null;
  createdById: number | null;
  dueAt: string | null;
  remindAt: string | null;
  priority: string;
  status: string;
  recurrence: string | null;
  clientId: number | null;
  dealId: number | null;
  callKey: string | null;
  phone: string | null;
  missedCount: number;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
}
