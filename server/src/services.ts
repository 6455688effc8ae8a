import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { AccountsService } from './modules/accounts/service.ts';
import { PasswordHasher } from './modules/accounts/passwords.ts';
import { AuditSealer } from './modules/audit/sealer.ts';
import { AuditService } from './modules/audit/service.ts';
import { EmbeddedPopulationRegistry } from './modules/identity/embedded-registry.ts';
import type { PopulationRegistry } from './modules/identity/population-registry.ts';
import { HttpPopulationRegistry } from './modules/identity/renapo-http-client.ts';
import { IdentityService } from './modules/identity/service.ts';
import { MailService } from './modules/mail/service.ts';
import { systemClock, type Clock } from './shared/clock.ts';
import { BiometricStore } from './modules/biometric-store/service.ts';
import { BiometricGallery } from './modules/enrollment/gallery.ts';
import { EnrollmentService, type ConsentGate } from './modules/enrollment/service.ts';
import { FaceProcessor } from './modules/readers/face.ts';
import { FingerprintProcessor } from './modules/readers/fingerprint-pool.ts';
import { ReadersService } from './modules/readers/service.ts';
import { VerificationService } from './modules/verification/service.ts';
import { AttendanceService } from './modules/attendance/service.ts';
import { ReportsService } from './modules/reports/service.ts';
import { JobQueue } from './modules/jobs/service.ts';
import { PrivacyService } from './modules/privacy/service.ts';
import { PrivacyRightsService } from './modules/privacy/rights-service.ts';
import { PensionService } from './modules/pension/service.ts';
import { EmployerService } from './modules/employer/service.ts';
import { EfirmaService } from './modules/employer/efirma/service.ts';
import { AppError } from './shared/app-error.ts';
import { readFile } from 'node:fs/promises';
import { KiosksService } from './modules/kiosks/service.ts';
import { SystemService } from './modules/system/service.ts';
import { IncapacityService } from './modules/incapacity/service.ts';
import { loadSigningMaterial } from './modules/incapacity/signing-keys.ts';
import { InsuredService } from './modules/insured/service.ts';
import { HealthService } from './modules/health/service.ts';
import { ClinicKiosk } from './modules/health/clinic-kiosk.ts';

/** Every module's service, built once per app. A new module adds its service here. */
export interface Services {
  audit: AuditService;
  /** Chains audit entries after their transactions commit (modules/audit/README.md). */
  auditSealer: AuditSealer;
  mail: MailService;
  identity: IdentityService;
  accounts: AccountsService;
  passwords: PasswordHasher;
  biometricStore: BiometricStore;
  readers: ReadersService;
  faces: FaceProcessor;
  fingers: FingerprintProcessor;
  gallery: BiometricGallery;
  enrollment: EnrollmentService;
  verification: VerificationService;
  attendance: AttendanceService;
  reports: ReportsService;
  jobs: JobQueue;
  privacy: PrivacyService;
  privacyRights: PrivacyRightsService;
  pension: PensionService;
  employer: EmployerService;
  efirma: EfirmaService;
  kiosks: KiosksService;
  system: SystemService;
  incapacity: IncapacityService;
  insured: InsuredService;
  health: HealthService;
  clinicKiosk: ClinicKiosk;
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
  const privacy = new PrivacyService({ db, audit, identity, clock, noticePath: config.privacyNoticePath });
  const biometrics = createBiometricServices({ config, db, clock, audit, identity, consent: privacy });
  const attendance = new AttendanceService({ db, audit, identity, readers: biometrics.readers, verification: biometrics.verification, staff: accounts, clock, store: biometrics.biometricStore });
  const reports = new ReportsService({ db, audit, clock, timeZone: attendance.timeZone });
  const jobs = new JobQueue(db);
  const auditSealer = new AuditSealer(db, audit).attach();
  auditSealer.defineJob(jobs);
  const pension = new PensionService({ db, config, clock, audit, identity, accounts, mail, privacy, jobs, readers: biometrics.readers, enrollment: biometrics.enrollment, verification: biometrics.verification });
  const employer = new EmployerService({
    db,
    audit,
    identity,
    enrollment: biometrics.enrollment,
    readers: biometrics.readers,
    clock,
    signing: async () => {
      const { signingP12, signingPassword } = config.employer;
      if (!signingP12 || signingPassword === null) throw new AppError('SIGNING_UNAVAILABLE', 'No está configurada la llave de firma de constancias (CONSTANCIA_SIGNING_P12).', 503);
      return { p12: await readFile(signingP12), password: signingPassword };
    },
  });
  const efirma = new EfirmaService({
    db,
    audit,
    accounts,
    identity,
    clock,
    trust: () => {
      const dir = config.employer.efirmaTrustedCaDir;
      if (!dir) throw new AppError('EFIRMA_TRUST_UNAVAILABLE', 'No están configuradas las autoridades certificadoras de confianza (EFIRMA_TRUSTED_CA_DIR).', 503);
      return { trustedCaDir: dir, crlDir: config.employer.efirmaCrlDir };
    },
  });
  const kiosks = new KiosksService({ db, audit, readers: biometrics.readers, attendance, accounts, enrollment: biometrics.enrollment, clock });
  const system = new SystemService({ db, config, gallery: biometrics.gallery });
  const insured = new InsuredService({ db, config, clock, audit, identity, accounts, mail, jobs, enrollment: biometrics.enrollment, employer });
  // Registrado ends a restriction at once, inside the enrollment's own transaction (issue 15).
  biometrics.enrollment.onRegistered((trx, personId, actor) => insured.restore(trx, personId, actor));
  const health = new HealthService({ db, clock, audit, identity, insured });
  insured.clinicByCode = (code) => health.clinicIdByCode(code);
  const clinicKiosk = new ClinicKiosk({ db, audit, identity, insured, verification: biometrics.verification, employer, health });
  const incapacity = new IncapacityService({
    db,
    audit,
    identity,
    employer,
    verification: biometrics.verification,
    readers: biometrics.readers,
    clock,
    signing: () => loadSigningMaterial(config.signature),
    tsa: { attempts: config.signature.tsaAttempts, retryMs: config.signature.tsaRetryMs },
  });
  const privacyRights = new PrivacyRightsService({ db, audit, privacy, identity, accounts, enrollment: biometrics.enrollment, attendance, pension, incapacity, jobs, mail, clock, policyPath: config.privacyPolicyPath });
  return { audit, auditSealer, mail, identity, accounts, passwords, ...biometrics, attendance, reports, jobs, privacy, privacyRights, pension, employer, efirma, kiosks, system, incapacity, insured, health, clinicKiosk };
}

/** Issue 6: readers, encrypted store, gallery, enrollment and verification, wired once. */
function createBiometricServices({ config, db, clock, audit, identity, consent }: { config: Config; db: Db; clock: Clock; audit: AuditService; identity: IdentityService; consent: ConsentGate }) {
  const settings = config.biometrics;
  const biometricStore = new BiometricStore(settings, audit, clock);
  const readers = new ReadersService(db, audit, { timeoutMs: settings.readerTimeoutMs, allowSimulated: config.nodeEnv !== 'production' }, clock);
  const limits = { queueMax: settings.workQueueMax, deadlineMs: settings.workDeadlineMs };
  const faces = new FaceProcessor(settings.faceWorkers, limits);
  const fingers = new FingerprintProcessor({ workers: settings.extractionWorkers, ...limits });
  // The gallery loads (lazily, on first use) through the enrollment service built right after it.
  const pack = settings.galleryPackDir ? { directory: settings.galleryPackDir, key: () => biometricStore.galleryPackKey() } : null;
  const gallery: BiometricGallery = new BiometricGallery(() => enrollment.loadGallerySubjects(), settings.galleryShards, settings.galleryNats, pack, settings.galleryEnrolledCylinders);
  const enrollment: EnrollmentService = new EnrollmentService({ db, audit, store: biometricStore, identity, readers, faces, fingers, gallery, config: settings, consent, clock, crashPoint: settings.testCrashPoint });
  const verification = new VerificationService({ db, audit, identity, enrollment, consent, readers, faces, fingers, config: settings, challengeSecret: config.sessionSecret, clock });
  return { biometricStore, readers, faces, fingers, gallery, enrollment, verification };
}

/** RENAPO_URL set → the HTTP client; otherwise the embedded `population_registry` table. */
function chooseRegistry(config: Config, db: Db): PopulationRegistry {
  if (config.renapoUrl) return new HttpPopulationRegistry({ baseUrl: config.renapoUrl, apiKey: config.renapoApiKey ?? undefined });
  return new EmbeddedPopulationRegistry(db);
}
