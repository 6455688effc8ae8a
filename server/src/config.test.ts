import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

/** Outside demo mode the biometric store (another module) needs its key-encryption keys. */
const BIOMETRIC_KEKS = `k1:${Buffer.alloc(32, 7).toString('base64')}`;

describe('config', () => {
  it('defaults to PGlite in .data/pglite, 127.0.0.1:3000, demo mode and production-grade argon2', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 3000,
      databaseUrl: null,
      dataDir: '.data/pglite',
      renapoUrl: null,
      smtpUrl: null,
      cookieSecure: 'auto',
      demo: true,
      sessionSecretGenerated: true,
    });
    expect(config.argon2.memoryCost).toBeGreaterThanOrEqual(19_456);
  });

  it('uses cheap hashing and an in-memory database only under NODE_ENV=test', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(config.dataDir).toBeNull();
    expect(config.argon2.memoryCost).toBeLessThan(19_456);
    expect(config.logLevel).toBe('silent');
  });

  it('reads the documented variables', () => {
    const config = loadConfig({
      PORT: '3456',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u@h/db',
      RENAPO_URL: 'https://renapo.example/v1',
      SMTP_URL: 'smtp://mail.example:25',
      SESSION_SECRET: 's'.repeat(40),
      COOKIE_SECURE: 'true',
      DEMO: 'false',
      BIOMETRIC_KEKS,
    });
    expect(config).toMatchObject({
      port: 3456,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u@h/db',
      renapoUrl: 'https://renapo.example/v1',
      smtpUrl: 'smtp://mail.example:25',
      sessionSecret: 's'.repeat(40),
      cookieSecure: true,
      demo: false,
    });
  });

  it('refuses to run production without a strong SESSION_SECRET, and rejects bad values in Spanish', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', BIOMETRIC_KEKS })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow('Configuración inválida: PORT debe ser un entero entre 0 y 65535.');
    expect(() => loadConfig({ COOKIE_SECURE: 'quizá' })).toThrow(/COOKIE_SECURE/);
    const production = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), BIOMETRIC_KEKS });
    expect(production.demo).toBe(false);
  });
});
