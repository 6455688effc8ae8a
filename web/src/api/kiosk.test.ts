// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { verifyOfflineCaptureSignature, verifyReadingSignature } from '../../../server/src/modules/attendance/kiosk-signature.ts';
import { ApiClient, ApiError } from './client.ts';
import {
  canonicalOfflineCapture,
  canonicalReading,
  claimedBy,
  enqueueCheck,
  isUnreachable,
  KioskError,
  kioskApi,
  kioskProblem,
  localIsoTime,
  normalizeMatricula,
  readQueue,
  signText,
  syncQueue,
  toBase64,
  type KioskKey,
  type QueuedCheck,
} from './kiosk.ts';

const STATION = '6f1c2b1e-5a41-4a3e-9d51-0c3f0f4b9a11';

async function newKey(): Promise<KioskKey> {
  const keyPair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  return { keyPair, publicKeySpki: toBase64(await crypto.subtle.exportKey('spki', keyPair.publicKey)) };
}

function entry(i: number) {
  return { idempotencyKey: `clave-${i}-0000`, stationId: STATION, matricula: '10000001', ooadCode: '35', position: 2, capturedAt: `2026-11-25T04:2${i}:00.000-06:00`, capture: { simulate: {} } };
}

describe('kiosk signature', () => {
  it('a reading signed in the browser verifies with the server’s check (same canonical JSON, same key format)', async () => {
    const key = await newKey();
    const reading = {
      idempotencyKey: 'a1b2c3d4-e5f6',
      personId: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed',
      stationId: STATION,
      method: 'huella' as const,
      verificationId: '0d7f9a3c-2b1e-4c5d-8e6f-7a8b9c0d1e2f',
      capturedAt: localIsoTime(new Date('2026-11-25T10:20:00Z')),
    };
    const signature = await signText(key.keyPair.privateKey, canonicalReading(reading));
    expect(verifyReadingSignature(key.publicKeySpki, reading, signature)).toBe(true);
    expect(verifyReadingSignature(key.publicKeySpki, { ...reading, capturedAt: localIsoTime(new Date('2026-11-25T10:21:00Z')) }, signature)).toBe(false);
  });

  it('an offline capture signed in the browser verifies with the server’s check, and only as a capture', async () => {
    const key = await newKey();
    const capture = {
      idempotencyKey: 'e5f6a1b2-c3d4',
      stationId: STATION,
      matricula: '10000001',
      ooadCode: null,
      fingerReaderId: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed',
      position: 2,
      capturedAt: localIsoTime(new Date('2026-11-25T10:20:00Z')),
      sample: { simulate: { identity: 'ÑANDÚ' } },
    };
    const signature = await signText(key.keyPair.privateKey, canonicalOfflineCapture(capture));
    expect(verifyOfflineCaptureSignature(key.publicKeySpki, capture, signature)).toBe(true);
    expect(verifyOfflineCaptureSignature(key.publicKeySpki, { ...capture, position: 3 }, signature)).toBe(false);
    expect(verifyReadingSignature(key.publicKeySpki, { idempotencyKey: capture.idempotencyKey, personId: 'x', stationId: STATION, method: 'huella', verificationId: 'x', capturedAt: capture.capturedAt }, signature)).toBe(false);
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

describe('offline queue keyed on the matrícula', () => {
  beforeEach(() => localStorage.clear());

  it('signs the matrícula and the OOAD: a reading moved to another person in storage is discarded', async () => {
    const key = await newKey();
    await enqueueCheck(key, entry(1));
    const stored = readQueue(STATION);
    expect(stored[0]).toMatchObject({ matricula: '10000001', ooadCode: '35' });
    expect(claimedBy(stored[0])).toBe('matrícula 10000001, OOAD 35');
    localStorage.setItem(`siap.kiosco.${STATION}.pendientes`, JSON.stringify([{ ...stored[0], matricula: '10000002' }]));

    const sent: QueuedCheck[] = [];
    const outcome = await syncQueue(STATION, key, async (e: QueuedCheck) => void sent.push(e));
    expect(sent).toEqual([]);
    expect(outcome.rejected.map((r) => r.message)).toEqual(['El registro guardado fue alterado; se descartó.']);
  });

  it('still sends a reading queued by the CURP-keyed kiosk (same signed text as before)', async () => {
    const key = await newKey();
    const old = { idempotencyKey: 'clave-antigua', stationId: STATION, curp: 'GURR660907HNETZC28', position: 2, capturedAt: '2026-11-25T04:20:00.000-06:00', capture: { simulate: { identity: 'GURR660907HNETZC28' } } };
    // Exactly what the previous kiosk signed: these six fields in this order.
    const signature = await signText(key.keyPair.privateKey, JSON.stringify(old));
    localStorage.setItem(`siap.kiosco.${STATION}.pendientes`, JSON.stringify([{ ...old, signature }]));

    const sent: QueuedCheck[] = [];
    const outcome = await syncQueue(STATION, key, async (e: QueuedCheck) => void sent.push(e));
    expect(outcome).toEqual({ sent: 1, rejected: [], offline: false });
    expect(claimedBy(sent[0])).toBe('CURP GURR660907HNETZC28');
  });
});

describe('kiosk errors', () => {
  it('gives every failure a stable code and a Spanish message, the page’s and the server’s alike', () => {
    expect(kioskProblem(new KioskError('FINGER_NO_MATCH'))).toEqual({ code: 'FINGER_NO_MATCH', message: expect.stringContaining('La huella no coincide con la matrícula') });
    expect(kioskProblem(new ApiError('MATRICULA_UNKNOWN', 'No hay personal registrado con la matrícula 1234.', 404))).toEqual({ code: 'MATRICULA_UNKNOWN', message: 'No hay personal registrado con la matrícula 1234.' });
    expect(kioskProblem(new Error('algo'))).toEqual({ code: 'KIOSK_ERROR', message: 'algo' });
  });

  it('accepts a matrícula of 4–12 digits (spaces trimmed) and refuses anything else', () => {
    expect(normalizeMatricula(' 10000001 ')).toBe('10000001');
    for (const bad of ['abc', '123', '1234567890123', '1000 0001']) {
      expect(() => normalizeMatricula(bad)).toThrow(expect.objectContaining({ code: 'MATRICULA_INVALID' }));
    }
  });

  it('queues only when the server did not answer: a reader that timed out (504) is reported, not queued', () => {
    expect(isUnreachable(new ApiError('NETWORK_ERROR', 'sin red', 0))).toBe(true);
    expect(isUnreachable(new ApiError('SERVER_ERROR', 'proxy', 502))).toBe(true);
    expect(isUnreachable(new ApiError('READER_TIMEOUT', 'El lector no respondió', 504))).toBe(false);
    expect(isUnreachable(new ApiError('READER_NOT_CONNECTED', 'Lector desconectado', 409))).toBe(false);
    expect(isUnreachable(new ApiError('MATRICULA_UNKNOWN', 'No existe', 404))).toBe(false);
  });
});

describe('kiosk API', () => {
  it('verifies 1:1 by matrícula with the attendance purpose', async () => {
    const calls: Array<{ url: string; body: unknown }> = [];
    const client = new ApiClient({
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input);
        if (url === '/api/session/csrf') return new Response(JSON.stringify({ token: 't' }), { status: 200 });
        calls.push({ url, body: JSON.parse(String(init?.body)) });
        return new Response(JSON.stringify({ personId: 'p', decision: 'coincide', score: 1.4, ooadCode: '35', name: 'Ana' }), { status: 200 });
      }) as typeof fetch,
    });
    const result = await kioskApi(client).verifyByMatricula({ matricula: '10000001', ooadCode: '35', stationId: STATION, fingerReaderId: 'r', fingers: [{ position: 2, simulate: {} }] });
    expect(result.name).toBe('Ana');
    expect(calls).toEqual([
      { url: '/api/biometrics/verify/matricula', body: { purpose: 'asistencia', matricula: '10000001', ooadCode: '35', stationId: STATION, fingerReaderId: 'r', fingers: [{ position: 2, simulate: {} }] } },
    ]);
  });
});
