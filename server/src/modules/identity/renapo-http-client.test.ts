import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/app-error.ts';
import { HttpPopulationRegistry } from './renapo-http-client.ts';

/** A fake RENAPO gateway on 127.0.0.1: each test installs the handler it needs. */
let server: Server;
let baseUrl: string;
let handler: (req: IncomingMessage, res: ServerResponse) => void;
let seen: IncomingMessage[];

const API_KEY = 'sk-test-Sup3rSecret-9f8e7d';
const CURP = 'HEGG560427MVZRRL04';
const RECORD = {
  curp: CURP,
  nombres: 'GLORIA',
  primerApellido: 'HERNANDEZ',
  segundoApellido: 'GARCIA',
  fechaNacimiento: '1956-04-27',
  sexo: 'M',
  claveEntidadNacimiento: 'VZ',
  estatusCurp: 'vigente',
};

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  handler = (_req, res) => json(res, 200, RECORD);
});

/** `apiKey: null` configures no key at all. */
const registry = (timeoutMs = 2_000, apiKey: string | null = API_KEY): HttpPopulationRegistry =>
  new HttpPopulationRegistry({ baseUrl, apiKey: apiKey ?? undefined, timeoutMs });

/** Runs the lookup expecting an AppError; also checks the key appears nowhere in it. */
async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => { throw new Error('expected the lookup to fail'); },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const e = error as AppError;
  const everything = [e.message, e.stack ?? '', JSON.stringify(e), JSON.stringify(e.details ?? {})].join('\n');
  expect(everything).not.toContain(API_KEY);
  return e;
}

describe('HttpPopulationRegistry', () => {
  it('finds a record: GET {baseUrl}/curp/{CURP} with the bearer key, mapped to RegistryRecord', async () => {
    const record = await registry().lookup(' hegg560427mvzrrl04 ');
    expect(record).toEqual({
      curp: CURP,
      givenNames: 'GLORIA',
      firstSurname: 'HERNANDEZ',
      secondSurname: 'GARCIA',
      birthDate: '1956-04-27',
      sex: 'M',
      birthState: 'VZ',
      status: 'vigente',
    });
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('GET');
    expect(seen[0].url).toBe(`/v1/curp/${CURP}`);
    expect(seen[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(seen[0].headers.accept).toBe('application/json');
  });

  it('sends no Authorization header without a key', async () => {
    await registry(2_000, null).lookup(CURP);
    expect(seen[0].headers.authorization).toBeUndefined();
  });

  it('maps a missing second surname to null and RENAPO’s own status codes', async () => {
    handler = (_req, res) => json(res, 200, { ...RECORD, segundoApellido: null, estatusCurp: 'BD' });
    expect(await registry().lookup(CURP)).toMatchObject({ secondSurname: null, status: 'baja' });
    handler = (_req, res) => json(res, 200, { ...RECORD, segundoApellido: undefined, estatusCurp: 'AN' });
    expect(await registry().lookup(CURP)).toMatchObject({ secondSurname: null, status: 'vigente' });
  });

  it('returns null on 404', async () => {
    handler = (_req, res) => json(res, 404, { error: 'CURP no encontrada' });
    expect(await registry().lookup(CURP)).toBeNull();
  });

  it('returns null without asking when the text cannot be a CURP', async () => {
    expect(await registry().lookup('../../admin')).toBeNull();
    expect(await registry().lookup('')).toBeNull();
    expect(seen).toHaveLength(0);
  });

  it('rejects malformed bodies as RENAPO_BAD_RESPONSE (502), naming the field', async () => {
    const cases: [unknown, string][] = [
      ['{"curp": "HEGG', 'invalid_json'],
      ['', 'invalid_json'],
      [[RECORD], 'not_an_object'],
      ['null', 'not_an_object'],
      [{ ...RECORD, curp: 'GODE561231MDFMZM01' }, 'curp_mismatch'],
      [{ ...RECORD, nombres: '' }, 'nombres'],
      [{ ...RECORD, primerApellido: 42 }, 'primerApellido'],
      [{ ...RECORD, segundoApellido: ['GARCIA'] }, 'segundoApellido'],
      [{ ...RECORD, fechaNacimiento: '1956-02-30' }, 'fechaNacimiento'],
      [{ ...RECORD, fechaNacimiento: '27/04/1956' }, 'fechaNacimiento'],
      [{ ...RECORD, sexo: 'F' }, 'sexo'],
      [{ ...RECORD, claveEntidadNacimiento: 'VER' }, 'claveEntidadNacimiento'],
      [{ ...RECORD, estatusCurp: 'activa' }, 'estatusCurp'],
      [{ ...RECORD, estatusCurp: undefined }, 'estatusCurp'],
    ];
    for (const [body, expected] of cases) {
      handler = (_req, res) => json(res, 200, body);
      const e = await failure(registry().lookup(CURP));
      expect(e.code).toBe('RENAPO_BAD_RESPONSE');
      expect(e.httpStatus).toBe(502);
      expect([e.details?.reason, e.details?.field]).toContain(expected);
    }
  });

  it('rejects an oversized body', async () => {
    handler = (_req, res) => json(res, 200, { ...RECORD, padding: 'x'.repeat(100_000) });
    const e = await failure(registry().lookup(CURP));
    expect(e.code).toBe('RENAPO_BAD_RESPONSE');
    expect(e.details?.reason).toBe('body_too_large');
  });

  it('maps 500 and a refused key to RENAPO_UNAVAILABLE (503), in Spanish', async () => {
    for (const status of [500, 503, 401]) {
      handler = (_req, res) => json(res, status, { error: 'boom' });
      const e = await failure(registry().lookup(CURP));
      expect(e.code).toBe('RENAPO_UNAVAILABLE');
      expect(e.httpStatus).toBe(503);
      expect(e.details?.upstreamStatus).toBe(status);
      expect(e.message).toMatch(/RENAPO no está disponible/);
    }
  });

  it('maps other unexpected statuses to RENAPO_BAD_RESPONSE', async () => {
    handler = (_req, res) => json(res, 418, {});
    expect((await failure(registry().lookup(CURP))).code).toBe('RENAPO_BAD_RESPONSE');
  });

  it('times out when the gateway does not answer', async () => {
    handler = () => { /* never answers */ };
    const started = Date.now();
    const e = await failure(registry(150).lookup(CURP));
    expect(e.code).toBe('RENAPO_UNAVAILABLE');
    expect(e.details?.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('times out when the body stalls after the headers', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"curp":');
    };
    const e = await failure(registry(150).lookup(CURP));
    expect(e.code).toBe('RENAPO_UNAVAILABLE');
    expect(e.details?.reason).toBe('timeout');
  });

  it('reports a refused connection as RENAPO_UNAVAILABLE', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const e = await failure(
      new HttpPopulationRegistry({ baseUrl: `http://127.0.0.1:${port}`, apiKey: API_KEY, timeoutMs: 2_000 }).lookup(CURP),
    );
    expect(e.code).toBe('RENAPO_UNAVAILABLE');
    expect(e.details?.reason).toBe('econnrefused');
  });

  it('does not follow redirects (which could carry the key elsewhere)', async () => {
    handler = (_req, res) => {
      res.writeHead(302, { location: `${baseUrl}elsewhere` });
      res.end();
    };
    await failure(registry().lookup(CURP));
    expect(seen).toHaveLength(1);
  });

  it('refuses bad configuration without echoing the key', () => {
    expect(() => new HttpPopulationRegistry({ baseUrl: 'ftp://x', timeoutMs: 1 })).toThrow(/http/);
    let thrown: unknown;
    try {
      new HttpPopulationRegistry({ baseUrl, apiKey: 'bad key\n', timeoutMs: 1 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toMatch(/apiKey/);
    expect((thrown as Error).message).not.toContain('bad key');
    expect(() => new HttpPopulationRegistry({ baseUrl, timeoutMs: 0 })).toThrow(/timeoutMs/);
  });
});
