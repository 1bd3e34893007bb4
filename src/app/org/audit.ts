import type { Engine } from '../../warehouse/engine.js';
import { recordAudit } from '../audit/index.js';
import type { Actor } from './actor.js';

/** One change to record: entity kind and id, action, before/after state and an optional reason. */
export interface WorkflowChange {
  entity: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** Appends a workflow change to the audit log inside the caller's transaction. */
export async function auditChange(tx: Engine, actor: Actor, change: WorkflowChange): Promise<void> {
  await recordAudit(tx, {
    actor: actor.username,
    entity: change.entity,
    entity_id: change.entityId,
    action: change.action,
    before: change.before ?? null,
    after: change.after ?? null,
    reason: change.reason ?? null,
  });
}
