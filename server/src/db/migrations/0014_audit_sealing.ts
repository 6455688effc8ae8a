import { sql, type Kysely } from 'kysely';

/**
 * Audit entries are appended without the chain-head lock and sealed into the chain after commit
 * (issue 19 load target; modules/audit/README.md):
 * - `id`: identity, the insertion order (with gaps from rolled-back transactions: it only orders);
 * - `seq`, `prev_hash`, `hash`: null until the sealer chains the entry (seq stays gapless and
 *   unique: it is assigned by the one sealer holding the chain head, in the order it seals);
 * - `uid` + `entry_mac`: a random id and the HMAC of the entry's content made by the writer, so the
 *   sealer only chains entries the application wrote (not rows inserted behind its back, nor a
 *   copy of a real one: uid is unique);
 * - `sealed_at`: when the sealer chained it;
 * - the append-only trigger now lets exactly one change through: sealing an unsealed row, with
 *   its content unchanged. A sealed row stays immutable.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_log drop constraint audit_log_pkey`.execute(db);
  await sql`alter table audit_log add column id bigint generated always as identity`.execute(db);
  await sql`alter table audit_log add primary key (id)`.execute(db);
  await sql`alter table audit_log alter column seq drop not null`.execute(db);
  await sql`alter table audit_log add constraint audit_log_seq_key unique (seq)`.execute(db);
  await sql`alter table audit_log alter column prev_hash drop not null`.execute(db);
  await sql`alter table audit_log alter column hash drop not null`.execute(db);
  await sql`alter table audit_log add column uid uuid unique`.execute(db);
  await sql`alter table audit_log add column entry_mac text`.execute(db);
  await sql`alter table audit_log add column sealed_at timestamptz`.execute(db);
  // Every row is either sealed (seq, prev_hash, hash) or unsealed with its writer's MAC.
  await sql`alter table audit_log add constraint audit_log_sealed_or_signed check (
    (seq is not null and prev_hash is not null and hash is not null)
    or (seq is null and prev_hash is null and hash is null and uid is not null and entry_mac is not null and key_id is not null))`.execute(db);
  // The sealer's work list stays small and indexed whatever the size of the log.
  await sql`create index audit_log_unsealed_idx on audit_log (id) where seq is null`.execute(db);

  await sql`
    create function audit_log_guard_seal() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old.seq is null and new.seq is not null
         and new.id = old.id and new.uid = old.uid and new.entry_mac = old.entry_mac
         and new.key_id is not distinct from old.key_id
         and new.occurred_at = old.occurred_at and new.actor = old.actor and new.action = old.action
         and new.subject = old.subject and new.purpose = old.purpose and new.details = old.details then
        return new;
      end if;
      raise exception 'audit_log es de solo adición (append-only): % rechazado', tg_op
        using errcode = 'insufficient_privilege';
    end;
    $$`.execute(db);
  // Same trigger name as before: the operations runbook (and the tamper tests) switch it off by name.
  await sql`drop trigger audit_log_append_only on audit_log`.execute(db);
  await sql`
    create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_guard_seal()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger audit_log_append_only on audit_log`.execute(db);
  await sql`drop function audit_log_guard_seal()`.execute(db);
  await sql`
    create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_reject_change()`.execute(db);
  // Unsealed entries cannot be kept in the old shape (seq is the primary key there).
  await sql`alter table audit_log disable trigger audit_log_no_truncate`.execute(db);
  await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
  await sql`delete from audit_log where seq is null`.execute(db);
  await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
  await sql`alter table audit_log enable trigger audit_log_no_truncate`.execute(db);
  await sql`drop index audit_log_unsealed_idx`.execute(db);
  await sql`alter table audit_log drop constraint audit_log_sealed_or_signed`.execute(db);
  for (const column of ['sealed_at', 'entry_mac', 'uid']) await sql`alter table audit_log drop column ${sql.ref(column)}`.execute(db);
  await sql`alter table audit_log alter column hash set not null`.execute(db);
  await sql`alter table audit_log alter column prev_hash set not null`.execute(db);
  await sql`alter table audit_log drop constraint audit_log_seq_key`.execute(db);
  await sql`alter table audit_log drop constraint audit_log_pkey`.execute(db);
  await sql`alter table audit_log drop column id`.execute(db);
  await sql`alter table audit_log alter column seq set not null`.execute(db);
  await sql`alter table audit_log add primary key (seq)`.execute(db);
}
