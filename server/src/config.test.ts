import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

/** Outside demo mode the biometric store (another module) needs its key-encryption keys. */
const BIOMETRIC_KEKS = `k1:${Buffer.alloc(32, 7).toString('base64')}`;
/** Random-looking secrets, as `openssl rand -base64 32` makes them. */
const SESSION_SECRET = 'q3VvT9yN1fXb2LkR8sPw0ZcHmA4uJe6G7tDiYoQxBnE=';
const AUDIT_HMAC_KEY = 'Wm5c8rT1kQpZ3vYh7LxN2bGdF0sJaUe9iOyRtKwM4Hc=';
const PRODUCTION = { NODE_ENV: 'production', BIOMETRIC_KEKS, SESSION_SECRET, AUDIT_HMAC_KEY };

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
      SESSION_SECRET,
      COOKIE_SECURE: 'true',
      DEMO: 'false',
      BIOMETRIC_KEKS,
      AUDIT_HMAC_KEY,
    });
    expect(config).toMatchObject({
      port: 3456,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u@h/db',
      renapoUrl: 'https://renapo.example/v1',
      smtpUrl: 'smtp://mail.example:25',
      sessionSecret: SESSION_SECRET,
      cookieSecure: true,
      demo: false,
    });
  });

  it('refuses to run production without a strong SESSION_SECRET, and rejects bad values in Spanish', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', BIOMETRIC_KEKS })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow('Configuración inválida: PORT debe ser un entero entre 0 y 65535.');
    expect(() => loadConfig({ COOKIE_SECURE: 'quizá' })).toThrow(/COOKIE_SECURE/);
    const production = loadConfig(PRODUCTION);
    expect(production.demo).toBe(false);
  });

  // Issue 19 item 8: trust only the proxies named, never every X-Forwarded-For.
  it('takes TRUST_PROXY as a list of proxy addresses and refuses a blanket true', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY debe listar/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example' })).toThrow(/no es una dirección IP/);
  });

  // Issue 19 item 12: no safe production start.
  it('refuses DEMO=true in production, and outside demo mode a weak secret, the demo KEK or no audit key', () => {
    expect(() => loadConfig({ ...PRODUCTION, DEMO: 'true' })).toThrow(/DEMO no puede ser true con NODE_ENV=production/);
    const outsideDemo = { DEMO: 'false', BIOMETRIC_KEKS, SESSION_SECRET, AUDIT_HMAC_KEY };
    expect(loadConfig(outsideDemo).demo).toBe(false);
    expect(() => loadConfig({ ...outsideDemo, SESSION_SECRET: 's'.repeat(40) })).toThrow(/SESSION_SECRET es demasiado predecible/);
    expect(() => loadConfig({ ...outsideDemo, SESSION_SECRET: 'corto-pero-aleatorio-9Qx' })).toThrow(/al menos 32 caracteres/);
    expect(() => loadConfig({ ...PRODUCTION, SESSION_SECRET: 'abcdefghabcdefghabcdefghabcdefgh' })).toThrow(/predecible/);
    const demoKek = `demo:${Buffer.from('U0lBUC1kZW1vLUtFSy1zb2xvLXBhcmEtcHJ1ZWJhcyE=', 'base64').toString('base64')}`;
    expect(() => loadConfig({ ...PRODUCTION, BIOMETRIC_KEKS: demoKek })).toThrow(/BIOMETRIC_KEKS no puede usar la clave fija de demostración/);
    expect(() => loadConfig({ ...PRODUCTION, AUDIT_HMAC_KEY: undefined })).toThrow(/AUDIT_HMAC_KEY es obligatorio/);
    expect(() => loadConfig({ ...PRODUCTION, SESSION_SECRET: undefined })).toThrow(/SESSION_SECRET/);
  });

  // Issue 19 item 15: durable embedded database unless explicitly traded away.
  it('keeps PGlite durable by default', () => {
    expect(loadConfig({}).pgliteDurable).toBe(true);
    expect(loadConfig({ PGLITE_DURABLE: 'false' }).pgliteDurable).toBe(false);
  });
});
