import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

/** Whatever a client sends, the answer is a 4xx with a code and a message — never a 500. */
describe('bad input never reaches a 500', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const ROUTES = ['/api/auth/employee-login', '/api/auth/curp-login', '/api/auth/recovery/request', '/api/auth/recovery/confirm'];

  it('answers arbitrary JSON bodies with 4xx and the error shape', async () => {
    const field = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant(null), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }));
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record(
        { curp: field, password: field, matricula: field, ooadCode: field, code: field, newPassword: field },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), body, async (url, payload) => {
        const response = await t.app.inject({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(payload) ?? 'null',
        });
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode >= 400) {
          const { error } = response.json() as { error: { code: string; message: string } };
          expect(error.code).toMatch(/^[A-Z_]+$/);
          expect(error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('answers prototype-poisoning JSON and raw garbage with 400', async () => {
    for (const payload of ['{"__proto__": {"admin": true}, "curp": "x", "password": "y"}', '\u0000\u0001', '[1,2', '"curp"']) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/auth/curp-login',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(response.statusCode, payload).toBe(400);
      expect(response.json().error.code).toMatch(/^(MALFORMED_JSON|VALIDATION_ERROR|BAD_REQUEST)$/);
    }
  });
});
