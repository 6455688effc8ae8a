import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../config.ts';
import { createTestDatabase, type TestDatabase } from '../../db/test-database.ts';
import { AuditService } from '../audit/service.ts';
import { parseBiometricConfig, type BiometricConfig } from './biometric-config.ts';
import { runKeyRotation } from './rotate-command.ts';
import { BiometricStore } from './service.ts';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');
const configWith = (keks: string, active?: string): BiometricConfig =>
  parseBiometricConfig({ BIOMETRIC_KEKS: keks, ...(active ? { BIOMETRIC_ACTIVE_KEK: active } : {}) }, { nodeEnv: 'test', demo: false });

describe('biometric store: envelope encryption at rest and key rotation', () => {
  let test: TestDatabase;
  const records = new Map<string, Buffer>();
  const access = { actor: 'system' as const, subject: 'biometric_blobs', purpose: 'prueba de rotación de claves' };

  beforeAll(async () => {
    test = await createTestDatabase();
    const store = new BiometricStore(configWith(`k1:${k1}`), new AuditService());
    await test.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 5; i++) {
        const plain = Buffer.from(`plantilla-${i}-`.repeat(20));
        records.set(await store.put(trx, i === 4 ? 'face_template' : 'fingerprint_template', plain), plain);
      }
    });
  });
  afterAll(() => test?.destroy());

  const read = (config: BiometricConfig) =>
    test.db.transaction().execute((trx) => new BiometricStore(config, new AuditService()).read(trx, [...records.keys()], access));
  const rows = () => test.db.selectFrom('biometric_blobs').selectAll().orderBy('id').execute();

  it('stores only ciphertext, bound to its row', async () => {
    for (const row of await rows()) {
      const plain = records.get(row.id)!;
      expect(row.kek_id).toBe('k1');
      expect(Buffer.from(row.ciphertext).includes(plain.subarray(0, 12))).toBe(false);
      expect(Buffer.from(row.wrapped_key)).toHaveLength(12 + 16 + 32);
    }
    // Copying one row's ciphertext into another row does not decrypt (the row id is associated data).
    const [a, b] = await rows();
    await test.db.updateTable('biometric_blobs').set({ ciphertext: a.ciphertext, wrapped_key: a.wrapped_key }).where('id', '=', b.id).execute();
    await expect(read(configWith(`k1:${k1}`))).rejects.toMatchObject({ code: 'BIOMETRIC_INTEGRITY_ERROR' });
    await test.db.updateTable('biometric_blobs').set({ ciphertext: b.ciphertext, wrapped_key: b.wrapped_key }).where('id', '=', b.id).execute();
    const plain = await read(configWith(`k1:${k1}`));
    expect([...plain].every(([id, bytes]) => bytes.equals(records.get(id)!))).toBe(true);
  });

  it('re-wraps every data key under the new KEK; the old KEK can then be removed', async () => {
    const before = await rows();
    const lines: string[] = [];
    expect(await runKeyRotation(test.db, configWith(`k1:${k1},k2:${k2}`, 'k2'), [], (l) => lines.push(l))).toBe(0);
    expect(lines.join('\n')).toContain('re-envuelta: 5');
    const after = await rows();
    expect(after.map((r) => r.kek_id)).toEqual(Array(5).fill('k2'));
    after.forEach((row, i) => {
      expect(Buffer.from(row.ciphertext).equals(Buffer.from(before[i].ciphertext))).toBe(true); // same data key, same ciphertext
      expect(Buffer.from(row.wrapped_key).equals(Buffer.from(before[i].wrapped_key))).toBe(false);
    });
    const onlyNew = await read(configWith(`k2:${k2}`));
    expect([...onlyNew].every(([id, bytes]) => bytes.equals(records.get(id)!))).toBe(true);
    await expect(read(configWith(`k1:${k1}`))).rejects.toMatchObject({ code: 'BIOMETRIC_KEY_MISSING' });
    // A second run has nothing left to do.
    expect((await new BiometricStore(configWith(`k1:${k1},k2:${k2}`, 'k2'), new AuditService()).rotate(test.db)).rewrapped).toBe(0);
  });

  it('re-encrypts every record with a new data key on request', async () => {
    const before = await rows();
    const k3 = randomBytes(32).toString('base64');
    expect(await runKeyRotation(test.db, configWith(`k2:${k2},k3:${k3}`, 'k3'), ['--reencrypt'], () => {})).toBe(0);
    const after = await rows();
    after.forEach((row, i) => {
      expect(row.kek_id).toBe('k3');
      expect(Buffer.from(row.ciphertext).equals(Buffer.from(before[i].ciphertext))).toBe(false);
    });
    const plain = await read(configWith(`k3:${k3}`));
    expect([...plain].every(([id, bytes]) => bytes.equals(records.get(id)!))).toBe(true);
    const audit = await test.db.selectFrom('audit_log').select('action').where('subject', '=', 'biometric_blobs').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['biometrics.keys.rewrapped', 'biometrics.keys.reencrypted', 'biometrics.data.read']));
  });

  it('refuses a malformed key list and uses the demo key only in demo/test mode', () => {
    expect(() => configWith('k1:short')).toThrow(/BIOMETRIC_KEKS/);
    expect(() => configWith(`k1:${k1}`, 'k9')).toThrow(/BIOMETRIC_ACTIVE_KEK/);
    expect(() => parseBiometricConfig({}, { nodeEnv: 'production', demo: false })).toThrow(/BIOMETRIC_KEKS/);
    expect(testConfig().biometrics).toMatchObject({ demoKek: true, activeKekId: 'demo' });
  });
});
