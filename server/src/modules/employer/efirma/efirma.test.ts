import { createServer, type Server } from 'node:http';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import { makeDemoPerson } from '@siap/mx-identity';
import type * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestUser, type TestApp } from '../../../testing/test-app.ts';
import { createEmployerFor } from '../testing.ts';
import { CHALLENGE_TTL_MS } from './service.ts';
import { createCa, createCrl, generateRsaKeys, issueCertificate, OID_CURP, OID_RFC, RSA_SHA256, type KeyPairFiles } from './pki.ts';

const DAY = 86_400_000;

/**
 * e.firma login over HTTP with certificates made here: a SAT-like CA in the trusted folder, a
 * second CA that is not trusted, and a fake CRL responder on a local port (the certificates'
 * distribution point).
 */
describe('e.firma login', () => {
  let t: TestApp;
  let crlServer: Server;
  let crlBytes: Uint8Array = new Uint8Array();
  const owner = makeDemoPerson(401);
  const stranger = makeDemoPerson(402);
  let ca: { cert: x509.X509Certificate; keys: KeyPairFiles };
  let rogue: { cert: x509.X509Certificate; keys: KeyPairFiles };
  let patronKeys: KeyPairFiles;
  let good: x509.X509Certificate;
  let crlUrl: string;

  const issue = async (opts: { rfc?: string; curp?: string; from?: number; to?: number; by?: typeof ca; keys?: KeyPairFiles } = {}) =>
    issueCertificate({
      ca: (opts.by ?? ca).cert,
      caKey: (opts.by ?? ca).keys.keys.privateKey,
      publicKey: (opts.keys ?? patronKeys).keys.publicKey,
      subject: [{ CN: [`${owner.givenNames} ${owner.firstSurname}`] }, { [OID_RFC]: [opts.rfc ?? owner.rfc] }, { [OID_CURP]: [opts.curp ?? owner.curp] }],
      notBefore: new Date(Date.now() + (opts.from ?? -DAY)),
      notAfter: new Date(Date.now() + (opts.to ?? 365 * DAY)),
      crlUrl,
    });

  const attempt = async (cert: x509.X509Certificate, keys: KeyPairFiles = patronKeys, options: { rfc?: string; reuse?: { challengeId: string; message: string } } = {}) => {
    const client = t.client();
    const challenge: { challengeId: string; message: string } = options.reuse ?? (await client.post('/api/auth/efirma/challenge')).json();
    const signature = await webcrypto.subtle.sign(RSA_SHA256, keys.keys.privateKey, new TextEncoder().encode(challenge.message));
    const response = await client.post('/api/auth/efirma/login', {
      challengeId: challenge.challengeId,
      rfc: options.rfc ?? owner.rfc,
      certificate: Buffer.from(cert.rawData).toString('base64'),
      signature: Buffer.from(signature).toString('base64'),
    });
    return { response, client, challenge };
  };

  beforeAll(async () => {
    crlServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pkix-crl' });
      res.end(Buffer.from(crlBytes));
    });
    await new Promise<void>((resolve) => crlServer.listen(0, '127.0.0.1', resolve));
    const address = crlServer.address();
    crlUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/ac-demo.crl`;

    const dir = await mkdtemp(join(tmpdir(), 'efirma-'));
    const trusted = join(dir, 'ca');
    await mkdir(trusted);
    const caKeys = await generateRsaKeys();
    ca = { keys: caKeys, cert: await createCa('CN=AC DE PRUEBA DEL SAT, O=Servicio de Administracion Tributaria, C=MX', caKeys.keys, new Date(Date.now() - 30 * DAY)) };
    const rogueKeys = await generateRsaKeys();
    rogue = { keys: rogueKeys, cert: await createCa('CN=AC DE PRUEBA DEL SAT, O=Servicio de Administracion Tributaria, C=MX', rogueKeys.keys, new Date(Date.now() - 30 * DAY)) };
    await writeFile(join(trusted, 'ac-prueba.cer'), Buffer.from(ca.cert.rawData));
    await writeFile(join(trusted, 'LEAME.txt'), 'no es un certificado');
    patronKeys = await generateRsaKeys();
    good = await issue();

    t = await createTestApp();
    t.config.employer.efirmaTrustedCaDir = trusted;
    t.config.employer.efirmaCrlDir = null;
    await createTestUser(t, { seed: 401, role: 'patron' });
    await createEmployerFor(t, 401);
    crlBytes = new Uint8Array((await createCrl(ca.cert, ca.keys.keys.privateKey, [], new Date(Date.now() - DAY))).rawData);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => crlServer?.close(resolve));
  });

  it('logs the patrón in with a valid certificate and a signature over a fresh challenge', async () => {
    const { response, client } = await attempt(good);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ role: 'patron' });
    expect((await client.get('/api/employer')).json()).toMatchObject({ rfc: owner.rfc });
  });

  it('refuses a signature over a challenge already used', async () => {
    const first = await attempt(good);
    expect(first.response.statusCode).toBe(200);
    const replay = await attempt(good, patronKeys, { reuse: first.challenge });
    expect(replay.response.statusCode).toBe(401);
    expect(replay.response.json().error.code).toBe('EFIRMA_CHALLENGE_INVALID');
  });

  it('refuses a signature over a challenge older than its five minutes, and opens no session', async () => {
    const client = t.client();
    const challenge: { challengeId: string; message: string } = (await client.post('/api/auth/efirma/challenge')).json();
    t.clock.advance(CHALLENGE_TTL_MS + 1_000);
    try {
      const late = await attempt(good, patronKeys, { reuse: challenge });
      expect(late.response.statusCode).toBe(401);
      expect(late.response.json().error.code).toBe('EFIRMA_CHALLENGE_INVALID');
      expect((await late.client.get('/api/session')).statusCode).toBe(401);
    } finally {
      t.clock.advance(-(CHALLENGE_TTL_MS + 1_000));
    }
  });

  it('refuses a key that is not the certificate’s, an expired, a not-trusted and a revoked certificate, each with its message', async () => {
    const otherKeys = await generateRsaKeys();
    const cases: Array<[string, Promise<Awaited<ReturnType<typeof attempt>>>]> = [
      ['EFIRMA_SIGNATURE_INVALID', attempt(good, otherKeys)],
      ['EFIRMA_EXPIRED', issue({ from: -400 * DAY, to: -DAY }).then((c) => attempt(c))],
      ['EFIRMA_NOT_YET_VALID', issue({ from: DAY, to: 365 * DAY }).then((c) => attempt(c))],
      // A persona física's certificate carries its CURP: another person's is refused.
      ['EFIRMA_CURP_MISMATCH', issue({ curp: stranger.curp }).then((c) => attempt(c))],
      ['EFIRMA_UNTRUSTED', issue({ by: rogue }).then((c) => attempt(c))],
      ['EFIRMA_RFC_MISMATCH', attempt(good, patronKeys, { rfc: stranger.rfc })],
      ['EFIRMA_NO_EMPLOYER', issue({ rfc: stranger.rfc }).then((c) => attempt(c, patronKeys, { rfc: stranger.rfc }))],
    ];
    for (const [code, pending] of cases) {
      const { response, client } = await pending;
      expect(response.json().error?.code, code).toBe(code);
      expect(response.json().error.message.length).toBeGreaterThan(20);
      expect((await client.get('/api/session')).statusCode).toBe(401);
    }

    const revoked = await issue();
    crlBytes = new Uint8Array((await createCrl(ca.cert, ca.keys.keys.privateKey, [revoked], new Date(Date.now() - DAY))).rawData);
    expect((await attempt(revoked)).response.json().error.code).toBe('EFIRMA_REVOKED');
    expect((await attempt(good)).response.statusCode).toBe(200);

    // A CRL signed by someone else is no answer: revocation status unknown, login refused.
    crlBytes = new Uint8Array((await createCrl(rogue.cert, rogue.keys.keys.privateKey, [], new Date(Date.now() - DAY))).rawData);
    expect((await attempt(good)).response.json().error.code).toBe('EFIRMA_REVOCATION_UNKNOWN');
  }, 60_000);
});
