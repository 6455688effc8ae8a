import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_biometrics.ts';
import * as m0003 from './0003_attendance.ts';
import * as m0004 from './0004_security_flows.ts';
import * as m0005 from './0005_security_http.ts';
import * as m0006 from './0006_admin.ts';
import * as m0007 from './0007_captured_images.ts';
import * as m0008 from './0008_employer.ts';
import * as m0009 from './0009_pension.ts';
import * as m0010 from './0010_roles.ts';
import * as m0011 from './0011_insured.ts';
import * as m0012 from './0012_signature.ts';
import * as m0013 from './0013_privacy_rights.ts';
import * as m0014 from './0014_audit_sealing.ts';
import * as m0015 from './0015_retention_settings.ts';

/**
 * The one migration history, in order. Listed statically (not read from the folder) so it works
 * the same under tsx, Vitest and any bundler. Never edit a migration that has shipped: add one.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_biometrics': m0002,
  '0003_attendance': m0003,
  '0004_security_flows': m0004,
  '0005_security_http': m0005,
  '0006_admin': m0006,
  '0007_captured_images': m0007,
  '0008_employer': m0008,
  '0009_pension': m0009,
  '0010_roles': m0010,
  '0011_insured': m0011,
  '0012_signature': m0012,
  '0013_privacy_rights': m0013,
  '0014_audit_sealing': m0014,
  '0015_retention_settings': m0015,
};
