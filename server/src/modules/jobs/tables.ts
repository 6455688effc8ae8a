import type { Generated } from 'kysely';

/** Effects that happened once per key (JobQueue.claimOnce). pg-boss keeps its own schema. */
export interface JobEffectsTable {
  key: string;
  job_name: string;
  done_at: Generated<Date>;
}

export interface JobTables {
  job_effects: JobEffectsTable;
}
