import { Type, type Static, type TProperties } from 'typebox';

/**
 * Wire schemas of the self-registration steps every program shares (registration/routes.ts, under
 * /api/pension and /api/insured). The web imports their Static types (type-only).
 */
const Curp = Type.String({ minLength: 18, maxLength: 18, description: 'CURP' });

/** What every program asks to start a self-registration (cotejado con RENAPO). */
const CommonStartFields = {
  curp: Curp,
  givenNames: Type.String({ minLength: 1, maxLength: 80 }),
  firstSurname: Type.String({ minLength: 1, maxLength: 80 }),
  secondSurname: Type.Optional(Type.Union([Type.String({ maxLength: 80 }), Type.Null()])),
  email: Type.String({ format: 'email', maxLength: 200 }),
  ooadCode: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 4 }), Type.Null()])),
};

/** POST /registration/start: the common fields and the program's own. */
export function startBody<Extra extends TProperties>(extra: Extra) {
  return Type.Object({ ...CommonStartFields, ...extra }, { additionalProperties: false });
}
/** The start body of a program that asks nothing beyond the common fields (pensionados). */
export type CommonStartBody = Static<ReturnType<typeof startBody<Record<never, never>>>>;
export const StartResponse = Type.Object({ email: Type.String() });
export type StartResponse = Static<typeof StartResponse>;

export const ConfirmBody = Type.Object({ curp: Curp, code: Type.String({ pattern: '^\\s*\\d{6}\\s*$' }) }, { additionalProperties: false });
export const ConfirmResponse = Type.Object({ token: Type.String() });
export type ConfirmResponse = Static<typeof ConfirmResponse>;

export const PasswordBody = Type.Object({ curp: Curp, token: Type.String({ minLength: 20, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export const PasswordResponse = Type.Object({ curp: Type.String() });
export type PasswordResponse = Static<typeof PasswordResponse>;
