import { sql, type Kysely } from 'kysely';

/**
 * Insured workers and clinics (issue 15):
 * - self_registrations: the pensioners' `pension_registrations` renamed and shared (program, NSS);
 * - insured_people: the per-person restriction state (sin_biometria → restringido → nss_suspendido,
 *   al_corriente once registrado), insured_transitions its audited history, rollout_waves the
 *   admin's rollout policy, restriction_extensions the supervisors' extensions;
 * - clinics (UMF), consultorios, appointment_slots, appointments: booking with the constraints
 *   that make a double booking impossible whatever the application does (partial unique indexes);
 * - clinic_stations: which stations (kiosks, reception) stand in which clinic.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table pension_registrations rename to self_registrations`.execute(db);
  await db.schema
    .alterTable('self_registrations')
    .addColumn('program', 'text', (c) => c.notNull().defaultTo('pensionado').check(sql`program in ('pensionado', 'asegurado')`))
    .execute();
  await db.schema.alterTable('self_registrations').addColumn('nss', 'text').execute();

  await db.schema
    .createTable('clinics')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('ooad_code', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('enrollment_point', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('insured_people')
    .addColumn('person_id', 'uuid', (c) => c.primaryKey().references('people.id'))
    .addColumn('account_id', 'uuid', (c) => c.unique().references('accounts.id'))
    .addColumn('nss', 'text', (c) => c.notNull().unique())
    .addColumn('ooad_code', 'text')
    .addColumn('clinic_id', 'uuid', (c) => c.references('clinics.id'))
    .addColumn('hired_on', 'date')
    .addColumn('pensioner', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('sin_biometria', 'restringido', 'nss_suspendido', 'al_corriente')`))
    .addColumn('restricted_on', 'date')
    .addColumn('deadline', 'date')
    .addColumn('state_changed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('insured_people_state_idx').on('insured_people').columns(['state', 'deadline']).execute();

  await db.schema
    .createTable('insured_transitions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('effective_on', 'date', (c) => c.notNull())
    .addColumn('deadline', 'date')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('insured_transitions_person_idx').on('insured_transitions').columns(['person_id', 'seq']).execute();

  await db.schema
    .createTable('rollout_waves')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('segment', 'text', (c) => c.notNull().check(sql`segment in ('nuevo_ingreso', 'existente')`))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ooad_code', 'text')
    .addColumn('birth_from', 'date')
    .addColumn('birth_to', 'date')
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('withdrawn_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('restriction_extensions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('previous_deadline', 'date', (c) => c.notNull())
    .addColumn('new_deadline', 'date', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('consultorios')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinics.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('shift', 'text', (c) => c.notNull().check(sql`shift in ('matutino', 'vespertino')`))
    .addColumn('physician_account_id', 'uuid', (c) => c.references('accounts.id'))
    .addUniqueConstraint('consultorios_clinic_number_shift_uq', ['clinic_id', 'number', 'shift'])
    .execute();

  await db.schema
    .createTable('appointment_slots')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('consultorio_id', 'uuid', (c) => c.notNull().references('consultorios.id'))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull().check(sql`minutes between 5 and 120`))
    .addUniqueConstraint('appointment_slots_consultorio_start_uq', ['consultorio_id', 'starts_at'])
    .execute();

  await db.schema
    .createTable('appointments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinics.id'))
    .addColumn('slot_id', 'uuid', (c) => c.references('appointment_slots.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('ordinaria', 'urgencias')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('agendada', 'en_espera', 'atendida', 'cancelada')`))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('warning', 'text')
    .addColumn('turn', 'integer')
    .addColumn('checked_in_at', 'timestamptz')
    .addColumn('checked_in_by', 'text')
    .addColumn('rescheduled_from', 'uuid')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('cancelled_at', 'timestamptz')
    .addCheckConstraint('appointments_ordinary_has_slot', sql`kind = 'urgencias' or slot_id is not null`)
    .execute();
  // One live appointment per slot, and one live ordinary appointment per person and day: the
  // database refuses the second of two concurrent bookings whatever the application checked.
  await sql`create unique index appointments_slot_live_uq on appointments (slot_id) where status <> 'cancelada' and slot_id is not null`.execute(db);
  await sql`create unique index appointments_person_day_uq on appointments (person_id, day) where status <> 'cancelada' and kind = 'ordinaria'`.execute(db);
  await sql`create unique index appointments_turn_uq on appointments (clinic_id, day, turn) where turn is not null`.execute(db);
  await db.schema.createIndex('appointments_clinic_day_idx').on('appointments').columns(['clinic_id', 'day', 'status']).execute();

  await db.schema
    .createTable('clinic_stations')
    .addColumn('station_id', 'uuid', (c) => c.primaryKey().references('stations.id'))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinics.id'))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['clinic_stations', 'appointments', 'appointment_slots', 'consultorios', 'restriction_extensions', 'rollout_waves', 'insured_transitions', 'insured_people', 'clinics']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('self_registrations').dropColumn('nss').execute();
  await db.schema.alterTable('self_registrations').dropColumn('program').execute();
  await sql`alter table self_registrations rename to pension_registrations`.execute(db);
}
