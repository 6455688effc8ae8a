import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { AccountsService } from './modules/accounts/service.ts';
import { PasswordHasher } from './modules/accounts/passwords.ts';
import { AuditService } from './modules/audit/service.ts';
import { EmbeddedPopulationRegistry } from './modules/identity/embedded-registry.ts';
import type { PopulationRegistry } from './modules/identity/population-registry.ts';
import { HttpPopulationRegistry } from './modules/identity/renapo-http-client.ts';
import { IdentityService } from './modules/identity/service.ts';
import { MailService } from './modules/mail/service.ts';
import { systemClock, type Clock } from './shared/clock.ts';
import { BiometricStore } from './modules/biometric-store/service.ts';
import { BiometricGallery } from './modules/enrollment/gallery.ts';
import { EnrollmentService } from './modules/enrollment/service.ts';
import { FaceProcessor } from './modules/readers/face.ts';
import { ReadersService } from './modules/readers/service.ts';
import { VerificationService } from './modules/verification/service.ts';
import { AttendanceService } from './modules/attendance/service.ts';
import { ReportsService } from './modules/reports/service.ts';
import { KiosksService } from './modules/kiosks/service.ts';
import { SystemService } from './modules/system/service.ts';

/** Every module's service, built once per app. A new module adds its service here. */
export interface Services {
  audit: AuditService;
  mail: MailService;
  identity: IdentityService;
  accounts: AccountsService;
  passwords: PasswordHasher;
  biometricStore: BiometricStore;
  readers: ReadersService;
  faces: FaceProcessor;
  gallery: BiometricGallery;
  enrollment: EnrollmentService;
  verification: VerificationService;
  attendance: AttendanceService;
  reports: ReportsService;
  kiosks: KiosksService;
  system: SystemService;
}

export interface ServiceDeps {
  config: Config;
  db: Db;
  clock?: Clock;
  /** Overrides the registry chosen by config (tests use it to simulate RENAPO answers). */
  registry?: PopulationRegistry;
}

export function createServices({ config, db, clock = systemClock, registry }: ServiceDeps): Services {
  const audit = new AuditService(clock, config.audit);
  const mail = new MailService();
  const passwords = new PasswordHasher(config.argon2);
  const source = registry ?? chooseRegistry(config, db);
  const identity = new IdentityService(db, source, config.renapoUrl && !registry ? 'renapo' : 'embedded', audit, clock);
  const accounts = new AccountsService({ db, config, clock, audit, identity, mail, passwords });
  const biometrics = createBiometricServices({ config, db, clock, audit, identity });
  const attendance = new AttendanceService({ db, audit, identity, readers: biometrics.readers, clock });
  const reports = new ReportsService({ db, audit, clock, timeZone: attendance.timeZone });
  const kiosks = new KiosksService({ db, audit, readers: biometrics.readers, attendance, accounts, enrollment: biometrics.enrollment, clock });
  const system = new SystemService({ db, config, gallery: biometrics.gallery });
  return { audit, mail, identity, accounts, passwords, ...biometrics, attendance, reports, kiosks, system };
}

/** Issue 6: readers, encrypted store, gallery, enrollment and verification, wired once. */
function createBiometricServices({ config, db, clock, audit, identity }: { config: Config; db: Db; clock: Clock; audit: AuditService; identity: IdentityService }) {
  const settings = config.biometrics;
  const biometricStore = new BiometricStore(settings, audit, clock);
  const readers = new ReadersService(db, audit, { timeoutMs: settings.readerTimeoutMs, allowSimulated: config.nodeEnv !== 'production' }, clock);
  const faces = new FaceProcessor(settings.faceWorkers);
  // The gallery loads (lazily, on first use) through the enrollment service built right after it.
  const gallery: BiometricGallery = new BiometricGallery(() => enrollment.loadGallerySubjects(), settings.galleryShards, settings.galleryNats);
  const enrollment: EnrollmentService = new EnrollmentService({ db, audit, store: biometricStore, identity, readers, faces, gallery, config: settings, clock, crashPoint: settings.testCrashPoint });
  const verification = new VerificationService({ db, audit, identity, enrollment, readers, faces, config: settings });
  return { biometricStore, readers, faces, gallery, enrollment, verification };
}

/** RENAPO_URL set → the HTTP client; otherwise the embedded `population_registry` table. */
function chooseRegistry(config: Config, db: Db): PopulationRegistry {
  if (config.renapoUrl) return new HttpPopulationRegistry({ baseUrl: config.renapoUrl, apiKey: config.renapoApiKey ?? undefined });
  return new EmbeddedPopulationRegistry(db);
}
