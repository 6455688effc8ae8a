import { registerAjvFormats, TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { registerApiDocs } from './http/api-docs.ts';
import { registerCsrf } from './http/csrf.ts';
import { registerErrorHandling } from './http/error-handler.ts';
import { registerInputHygiene } from './http/input-hygiene.ts';
import { loggerOptions } from './http/logger.ts';
import { registerSecurity } from './http/security.ts';
import { registerSessions } from './http/session.ts';
import { accountsRoutes } from './modules/accounts/routes.ts';
import { demoRoutes } from './modules/demo/routes.ts';
import { identityRoutes } from './modules/identity/routes.ts';
import { enrollmentRoutes } from './modules/enrollment/routes.ts';
import { readersRoutes } from './modules/readers/routes.ts';
import { verificationRoutes } from './modules/verification/routes.ts';
import { attendanceRoutes } from './modules/attendance/routes.ts';
import { reportsRoutes } from './modules/reports/routes.ts';
import { privacyRoutes } from './modules/privacy/routes.ts';
import { pensionRoutes } from './modules/pension/routes.ts';
import { pensionPublicPage } from './modules/pension/public-page.ts';
import { insuredRoutes } from './modules/insured/routes.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { employerRoutes } from './modules/employer/routes.ts';
import { efirmaRoutes } from './modules/employer/efirma/routes.ts';
import { kiosksRoutes } from './modules/kiosks/routes.ts';
import { systemRoutes } from './modules/system/routes.ts';
import { incapacityRoutes } from './modules/incapacity/routes.ts';
import { registerKioskSessions } from './http/kiosk-session.ts';
import type { PopulationRegistry } from './modules/identity/population-registry.ts';
import { createServices, type Services } from './services.ts';
import { startCaptureSessionSweep } from './modules/enrollment/sweep.ts';
import type { Clock } from './shared/clock.ts';

export interface AppDeps {
  config: Config;
  /** A migrated database (main.ts and createTestDatabase() both migrate before building). */
  db: Db;
  clock?: Clock;
  registry?: PopulationRegistry;
  /**
   * Registered last, before the app is sealed: lets the composition root (main.ts) add what the
   * API itself does not depend on, such as serving the built web app.
   */
  plugins?: Array<(app: FastifyInstance) => Promise<void>>;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

registerAjvFormats();

/**
 * The whole HTTP application, without listening: main.ts listens, tests call `app.inject`.
 * Order matters: error handling first, then security (headers, cookies, rate limit), the API
 * document (it must see every route), sessions,
 * CSRF, and last the modules, each an encapsulated plugin under its prefix.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db } = deps;
  const services = createServices(deps);

  const app = Fastify({
    logger: loggerOptions(config),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // Slow clients are cut off (issue 19 item 5): the whole request within requestTimeout, the
    // headers within headersTimeout; Node checks both every second instead of every 30 s.
    requestTimeout: config.requestTimeoutMs,
    http: {
      headersTimeout: Math.min(config.headersTimeoutMs, config.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(1_000, config.headersTimeoutMs),
    },
    // While shutting down, answer 503 instead of starting work the closing database cannot finish.
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.decorate('services', services);

  registerErrorHandling(app);
  registerInputHygiene(app);
  await registerSecurity(app, config);
  // Before any route, so that the document sees every route (the CSRF route included).
  await registerApiDocs(app);
  registerSessions(app, { resolve: (token) => services.accounts.resolveSession(token), cookieSecure: config.cookieSecure });
  registerKioskSessions(app, (token) => services.kiosks.resolve(token));
  await registerCsrf(app, config.cookieSecure);


  app.get(
    '/api/health',
    {
      schema: {
        tags: ['sistema'],
        summary: 'Estado del servicio y de la base de datos',
        response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.Literal('ok') }) },
      },
    },
    async () => {
      await db.selectFrom('app_meta').select('key').limit(1).execute();
      return { status: 'ok' as const, database: 'ok' as const };
    },
  );

  await app.register(accountsRoutes, { prefix: '/api', accounts: services.accounts, identity: services.identity, config, db });
  await app.register(identityRoutes, { prefix: '/api', identity: services.identity });
  await app.register(readersRoutes, { prefix: '/api/biometrics', readers: services.readers });
  await app.register(enrollmentRoutes, { prefix: '/api/biometrics', enrollment: services.enrollment });
  await app.register(verificationRoutes, { prefix: '/api/biometrics', verification: services.verification, staff: services.accounts });
  await app.register(attendanceRoutes, { prefix: '/api/attendance', attendance: services.attendance });
  await app.register(reportsRoutes, { prefix: '/api/reports', reports: services.reports });
  await app.register(privacyRoutes, { prefix: '/api/privacy', privacy: services.privacy, rights: services.privacyRights });
  await app.register(pensionRoutes, { prefix: '/api/pension', pension: services.pension, config });
  await app.register(pensionPublicPage, { pension: services.pension });
  await app.register(employerRoutes, { prefix: '/api', employer: services.employer, publicBaseUrl: config.employer.publicBaseUrl });
  await app.register(efirmaRoutes, { prefix: '/api', efirma: services.efirma, config });
  await app.register(kiosksRoutes, { prefix: '/api/kiosk', kiosks: services.kiosks, config });
  await app.register(insuredRoutes, { prefix: '/api/insured', insured: services.insured });
  await app.register(healthRoutes, { prefix: '/api/care', health: services.health, insured: services.insured, clinicKiosk: services.clinicKiosk });
  await app.register(systemRoutes, { prefix: '/api/system', system: services.system, institution: config.institution });
  await app.register(incapacityRoutes, { incapacity: services.incapacity, publicBaseUrl: config.employer.publicBaseUrl });
  // Worker threads (gallery shards, face engine) start on first use and stop with the app.
  app.addHook('onClose', async () => {
    await Promise.all([services.gallery.close(), services.faces.close(), services.fingers.close(), services.auditSealer.stop()]);
  });
  // A listening server loads the 1:N gallery from the database at start; `inject`-only test apps never listen.
  app.addHook('onListen', async () => {
    services.gallery.ready().catch((error: unknown) => app.log.error({ err: error }, 'no se pudo cargar la galería biométrica'));
  });
  // Issue 19 item 16: abandoned capture sessions expire (every 5 min; a job queue can take this over).
  let stopSweep: (() => void) | null = null;
  app.addHook('onListen', async () => {
    stopSweep = startCaptureSessionSweep(services.enrollment, { everyMs: 5 * 60_000, clock: deps.clock ?? (() => new Date()), log: app.log });
  });
  app.addHook('onClose', async () => stopSweep?.());
  if (config.biometrics.demoKek && config.nodeEnv !== 'test') {
    app.log.warn('BIOMETRIC_KEKS no está definido: los datos biométricos se cifran con la clave fija de demostración (solo para pruebas).');
  }
  if (config.demo) await app.register(demoRoutes, { prefix: '/demo', db, mail: services.mail, audit: services.audit });
  for (const plugin of deps.plugins ?? []) await plugin(app);

  await app.ready();
  return app;
}
