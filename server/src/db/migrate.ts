import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { MIGRATIONS } from './migrations/index.ts';

/** Brings the schema to the latest migration; a no-op when it is already there. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    throw new Error(`La migración de la base de datos falló: ${describe(error)}`, { cause: error });
  }
  return results ?? [];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
