import type { Db } from '../../db/database.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Actor, AuditService } from '../audit/service.ts';
import { loadPolicy } from './policy.ts';

/** Bounds of a period set from the admin portal: at least a day (0 would erase on the next sweep), at most a century. */
export const RETENTION_MIN_DAYS = 1;
export const RETENTION_MAX_DAYS = 36_500;

export interface RetentionCategoryView {
  category: string;
  dias: number;
  desde: string;
  descripcion: string;
  /** The policy file's period: what applies again when the administrator's change is undone. */
  defaultDias: number;
  /** The administrator's change over the file, if any. */
  change: { reason: string; by: string; at: string } | null;
}

export interface RetentionView {
  version: string;
  blockingDays: number;
  categories: RetentionCategoryView[];
}

/**
 * The retention periods in force: the institution's policy file, with the periods the administrator
 * changed from the admin portal on top (table retention_settings). Every change is audited in the
 * same transaction; setting a category back to the file's period removes the change, so a later
 * edit of the file applies again.
 */
export class RetentionSettings {
  constructor(private readonly deps: { db: Db; audit: AuditService; clock: Clock; policyPath: string }) {}

  async view(): Promise<RetentionView> {
    const policy = loadPolicy(this.deps.policyPath);
    const changes = new Map((await this.deps.db.selectFrom('retention_settings').selectAll().execute()).map((r) => [r.category, r]));
    const categories = Object.entries(policy.conservacion).map(([category, rule]) => {
      const change = changes.get(category);
      return {
        category,
        dias: change?.dias ?? rule.dias,
        desde: rule.desde,
        descripcion: rule.descripcion,
        defaultDias: rule.dias,
        change: change ? { reason: change.reason, by: change.updated_by, at: change.updated_at.toISOString() } : null,
      };
    });
    return { version: policy.version, blockingDays: policy.bloqueoTrasCancelacionDias, categories };
  }

  /** The period in force for one category of the policy file (e.g. `biometricos` for the daily sweep). */
  async days(category: string): Promise<number> {
    const found = (await this.view()).categories.find((c) => c.category === category);
    if (!found) throw new AppError('RETENTION_CATEGORY_UNKNOWN', `La política de datos no tiene la categoría «${category}».`, 500);
    return found.dias;
  }

  async set(category: string, dias: number, reason: string, actor: Actor): Promise<RetentionCategoryView> {
    if (!Number.isInteger(dias) || dias < RETENTION_MIN_DAYS || dias > RETENTION_MAX_DAYS) {
      throw new AppError('RETENTION_DAYS_INVALID', `El plazo debe ser un número entero de días entre ${RETENTION_MIN_DAYS} y ${RETENTION_MAX_DAYS.toLocaleString('es-MX')}.`, 400);
    }
    const trimmed = reason.trim();
    if (trimmed.length < 5) throw new AppError('RETENTION_REASON_REQUIRED', 'Escriba el motivo del cambio (al menos 5 caracteres).', 400);
    const rule = loadPolicy(this.deps.policyPath).conservacion[category];
    if (!rule) throw new AppError('RETENTION_CATEGORY_UNKNOWN', `La política de datos no tiene la categoría «${category}».`, 404);
    const { db, audit, clock } = this.deps;
    await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('retention_settings').select('dias').where('category', '=', category).forUpdate().executeTakeFirst();
      const from = before?.dias ?? rule.dias;
      if (dias === rule.dias) await trx.deleteFrom('retention_settings').where('category', '=', category).execute();
      else {
        const row = { category, dias, reason: trimmed, updated_by: actor, updated_at: clock() };
        await trx.insertInto('retention_settings').values(row).onConflict((c) => c.column('category').doUpdateSet({ dias, reason: trimmed, updated_by: actor, updated_at: row.updated_at })).execute();
      }
      await audit.record(trx, { actor, action: 'privacy.retention.changed', subject: `retention:${category}`, purpose: 'administración de los plazos de conservación', details: { category, from, to: dias, policyDefault: rule.dias, reason: trimmed } });
    });
    const view = (await this.view()).categories.find((c) => c.category === category);
    if (!view) throw new AppError('RETENTION_CATEGORY_UNKNOWN', `La política de datos no tiene la categoría «${category}».`, 404);
    return view;
  }
}
