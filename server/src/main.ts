import { registerWebApp } from '@siap/web/serve.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { describeDemoLogins, seedDemo } from './modules/demo/seed.ts';
import { MailDispatcher, smtpTransport } from './modules/mail/dispatcher.ts';
import { AuditAnchors } from './modules/audit/anchors.ts';
import { describeEmployerDemo, seedEmployerDemo } from './modules/employer/demo-seed.ts';
import { describeSignatureDemo, seedSignatureDemo } from './modules/incapacity/demo-seed.ts';
import { describeInsuredDemo, seedInsuredDemo } from './modules/insured/demo-seed.ts';

/**
 * `npm start`: read the environment, open and migrate the database, build the app, seed the demo
 * (DEMO mode, empty database only), start the mail dispatcher (SMTP_URL), listen.
 */
async function main(): Promise<void> {
  // Everything this process creates (PGlite's files, the audit anchors) is the owner's alone.
  process.umask(0o077);
  const config = loadConfig();
  const db = openDatabase({ ...config, durable: config.pgliteDurable });
  await migrateToLatest(db);
  // The web app (web/dist, built by the root `prestart`) is served from the same origin, so the
  // session cookie and the CSRF token need no CORS.
  const app = await buildApp({ config, db, plugins: [(instance) => registerWebApp(instance)] });
  const log = app.log;

  if (config.sessionSecretGenerated) {
    log.warn('SESSION_SECRET no está definido: se generó uno aleatorio; las sesiones no sobreviven a un reinicio.');
  }

  let banner = '';
  if (config.demo) {
    if (config.renapoUrl) {
      log.warn('Modo demostración con RENAPO_URL: no se crean personas de demostración (no existen en RENAPO).');
    } else {
      const seeded = await seedDemo(db, app.services);
      log.info(seeded.created ? 'datos de demostración creados' : 'datos de demostración ya presentes');
      banner = describeDemoLogins(seeded.logins);
      const employerDemo = await seedEmployerDemo(db, app.services, config.employer);
      // After the employer demo: its enrolled worker is the demo asegurado with biometrics.
      await seedInsuredDemo(db, app.services);
      banner += `\n${describeInsuredDemo()}`;
      if (employerDemo) banner += `\n${describeEmployerDemo(employerDemo)}`;
      const signatureDemo = await seedSignatureDemo(db, app.services);
      if (signatureDemo) banner += `\n${describeSignatureDemo(signatureDemo)}`;
    }
  }

  const dispatcher = config.smtpUrl
    ? new MailDispatcher(db, smtpTransport(config.smtpUrl), {
        from: config.mailFrom,
        onError: (error, id) => log.warn({ err: error, messageId: id }, 'envío de correo fallido'),
      })
    : null;
  if (dispatcher) dispatcher.start(config.mailPollMs);
  else log.info('SMTP_URL no configurado: los correos quedan en la bandeja de salida (mail_outbox).');

  // Signed checkpoints of the audit chain, outside the database (modules/audit/anchors.ts).
  const anchors = config.audit.anchorFile ? new AuditAnchors(config.audit.anchorFile, config.audit, config.audit.anchorEvery) : null;
  const anchorNow = (force: boolean) =>
    anchors?.checkpoint(db, new Date(), force).catch((error: unknown) => log.warn({ err: error }, 'no se pudo anclar la bitácora'));
  const anchorTimer = anchors ? setInterval(() => void anchorNow(false), 30_000) : null;
  anchorTimer?.unref();
  // Mail that carried a one-time code keeps its body only until the code expires (issue 19 item 10).
  const eraseTimer = setInterval(() => {
    app.services.mail.eraseExpiredSecrets(db, new Date()).catch((error: unknown) => log.warn({ err: error }, 'no se pudo depurar la bandeja de salida'));
  }, 60_000);
  eraseTimer.unref();
  if (config.audit.demoKey && config.nodeEnv !== 'test') {
    log.warn('AUDIT_HMAC_KEY no está definido: la bitácora se encadena con la clave pública de demostración (no prueba nada).');
  }
  // Deadlines and reminders (modules/jobs): queues defined by the services, worked from here.
  await app.services.jobs.start();
  // Audit entries are chained after commit: promptly in-process, and by this job after a crash.
  await app.services.auditSealer.schedule(app.services.jobs);
  await app.services.pension.scheduleDaily();
  await app.services.privacyRights.scheduleDaily();
  await app.services.insured.scheduleDaily();

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const lines = [``, `SIAP Biométrico escuchando en ${url}`, `  Aplicación web: ${url}/`, `  API: ${url}/api/health · documentación: ${url}/docs`];
  if (config.demo) lines.push(`  Bandeja de correo de demostración: ${url}/demo/outbox`);
  if (banner) lines.push(banner);
  console.log(lines.join('\n') + '\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'deteniendo');
    await dispatcher?.stop();
    if (anchorTimer) clearInterval(anchorTimer);
    clearInterval(eraseTimer);
    await app.services.jobs.stop();
    await app.close();
    // Chain what the last requests wrote before the final anchor (the job would do it at next start).
    await app.services.audit.sealAll(db).catch((error: unknown) => log.warn({ err: error }, 'no se pudo sellar la bitácora'));
    await anchorNow(true);
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`No se pudo iniciar SIAP Biométrico: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.cause) console.error(error.cause);
  process.exit(1);
});
