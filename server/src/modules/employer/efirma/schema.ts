import { Type, type Static } from 'typebox';

/** Wire schemas of the e.firma login; the web imports their Static types (type-only). */

/** A single-use challenge; `message` is the exact text the browser signs (RSASSA-PKCS1-v1_5, SHA-256). */
export const EfirmaChallengeResponse = Type.Object({ challengeId: Type.String(), message: Type.String(), expiresAt: Type.String() });
export type EfirmaChallengeResponse = Static<typeof EfirmaChallengeResponse>;

/** `certificate`: the .cer as it was selected (DER), base64; `signature`: the challenge's message signed, base64. */
export const EfirmaLoginBody = Type.Object(
  {
    challengeId: Type.String({ maxLength: 64 }),
    rfc: Type.String({ minLength: 12, maxLength: 13 }),
    certificate: Type.String({ maxLength: 20_000 }),
    signature: Type.String({ maxLength: 2_000 }),
  },
  { additionalProperties: false },
);
export type EfirmaLoginBody = Static<typeof EfirmaLoginBody>;
