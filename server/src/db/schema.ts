import type { AccountTables } from '../modules/accounts/tables.ts';
import type { AttendanceTables } from '../modules/attendance/tables.ts';
import type { AuditTables } from '../modules/audit/tables.ts';
import type { IdentityTables } from '../modules/identity/tables.ts';
import type { MailTables } from '../modules/mail/tables.ts';
import type { BiometricStoreTables } from '../modules/biometric-store/tables.ts';
import type { EnrollmentTables } from '../modules/enrollment/tables.ts';
import type { ReaderTables } from '../modules/readers/tables.ts';
import type { VerificationTables } from '../modules/verification/tables.ts';
import type { JobTables } from '../modules/jobs/tables.ts';
import type { PrivacyTables } from '../modules/privacy/tables.ts';
import type { PensionTables } from '../modules/pension/tables.ts';
import type { EmployerTables } from '../modules/employer/tables.ts';
import type { KioskTables } from '../modules/kiosks/tables.ts';
import type { IncapacityTables } from '../modules/incapacity/tables.ts';
import type { RegistrationTables } from '../modules/registration/tables.ts';
import type { InsuredTables } from '../modules/insured/tables.ts';
import type { HealthTables } from '../modules/health/tables.ts';
import type { Generated } from 'kysely';

/** Server-wide key/value facts such as which demo seed version was applied. */
export interface AppMetaTable {
  key: string;
  value: string;
  updated_at: Generated<Date>;
}

/**
 * The whole database as Kysely sees it. Each module declares its own tables in `tables.ts`;
 * a new module adds its interface here and its migration to `migrations/index.ts`.
 */
export interface Database
  extends AccountTables,
    AuditTables,
    IdentityTables,
    MailTables,
    BiometricStoreTables,
    ReaderTables,
    EnrollmentTables,
    AttendanceTables,
    VerificationTables,
    JobTables,
    PrivacyTables,
    PensionTables,
    EmployerTables,
    KioskTables,
    IncapacityTables,
    RegistrationTables,
    InsuredTables,
    HealthTables {
  app_meta: AppMetaTable;
}
