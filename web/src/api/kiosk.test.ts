// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { verifyReadingSignature } from '../../../server/src/modules/attendance/kiosk-signature.ts';
import { ApiError } from './client.ts';
import { canonicalReading, enqueueCheck, localIsoTime, readQueue, signText, syncQueue, toBase64, type KioskKey, type QueuedCheck } from './kiosk.ts';

const STATION = '6f1c2b1e-5a41-4a3e-9d51-0c3f0f4b9a11';

async function newKey(): Promise<KioskKey> {
  const keyPair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  return { keyPair, publicKeySpki: toBase64(await crypto.subtle.exportKey('spki', keyPair.publicKey)) };
}

function entry(i: number) {
  return { idempotencyKey: `clave-${i}-0000`, stationId: STATION, curp: 'GURR660907HNETZC28', position: 2, capturedAt: `2026-11-25T04:2${i}:00.000-06:00`, capture: { simulate: { identity: 'GURR660907HNETZC28' } } };
}

describe('kiosk signature', () => {
  it('a reading signed in the browser verifies with the server’s check (same canonical JSON, same key format)', async () => {
    const key = await newKey();
    const reading = {
      idempotencyKey: 'a1b2c3d4-e5f6',
      personId: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed',
      stationId: STATION,
      method: 'huella' as const,
      verificationScore: 1.2345678,
      capturedAt: localIsoTime(new Date('2026-11-25T10:20:00Z')),
    };
    const signature = await signText(key.keyPair.privateKey, canonicalReading(reading));
    expect(verifyReadingSignature(key.publicKeySpki, reading, signature)).toBe(true);
    expect(verifyReadingSignature(key.publicKeySpki, { ...reading, capturedAt: localIsoTime(new Date('2026-11-25T10:21:00Z')) }, signature)).toBe(false);
  });

  it('writes local time with its offset', () => {
    expect(localIsoTime(new Date('2026-11-25T10:20:05.007Z'))).toMatch(/^2026-11-25T\d{2}:20:05\.007[+-]\d{2}:\d{2}$/);
  });
});

describe('offline queue', () => {
  beforeEach(() => localStorage.clear());

  it('keeps readings while the server is unreachable and sends each once when it answers', async () => {
    const key = await newKey();
    for (const i of [1, 2, 3]) await enqueueCheck(key, entry(i));
    expect(readQueue(STATION)).toHaveLength(3);

    const down = await syncQueue(STATION, key, () => Promise.reject(new ApiError('NETWORK_ERROR', 'sin red', 0)));
    expect(down).toEqual({ sent: 0, rejected: [], offline: true });
    expect(readQueue(STATION)).toHaveLength(3);

    const sent: string[] = [];
    const up = await syncQueue(STATION, key, async (e: QueuedCheck) => void sent.push(e.idempotencyKey));
    expect(up.sent).toBe(3);
    expect(sent).toEqual(['clave-1-0000', 'clave-2-0000', 'clave-3-0000']);
    expect(readQueue(STATION)).toEqual([]);
    expect((await syncQueue(STATION, key, async () => sent.push('again'))).sent).toBe(0);
  });

  it('drops a reading the server refuses for good, and one altered in storage, saying why', async () => {
    const key = await newKey();
    await enqueueCheck(key, entry(1));
    await enqueueCheck(key, entry(2));
    const stored = readQueue(STATION);
    stored[1] = { ...stored[1], capturedAt: '2026-11-25T03:00:00.000-06:00' };
    localStorage.setItem(`siap.kiosco.${STATION}.pendientes`, JSON.stringify(stored));

    const outcome = await syncQueue(STATION, key, () => Promise.reject(new ApiError('CAPTURED_AT_TOO_OLD', 'Demasiado antiguo', 422)));
    expect(outcome.sent).toBe(0);
    expect(outcome.rejected.map((r) => r.message)).toEqual(['Demasiado antiguo', 'El registro guardado fue alterado; se descartó.']);
    expect(readQueue(STATION)).toEqual([]);
  });
});
