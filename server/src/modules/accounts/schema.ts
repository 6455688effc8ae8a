import { Type, type Static } from 'typebox';
import { CurpField } from '../identity/schema.ts';
import { ROLES } from './roles.ts';

/** Lengths only; the policy (password-policy.ts) explains itself in Spanish. */
const Password = Type.String({ minLength: 1, maxLength: 256, description: 'Contraseña' });
const Matricula = Type.String({ pattern: '^\\s*\\d{4,12}\\s*$', description: 'Matrícula IMSS (solo dígitos)' });
const OoadCode = Type.String({ minLength: 1, maxLength: 4, description: 'Clave de la OOAD, p. ej. "35"' });
const RoleSchema = Type.Union([
  Type.Literal('empleado'),
  Type.Literal('pensionado'),
  Type.Literal('patron'),
  Type.Literal('asegurado'),
  Type.Literal('operador'),
  Type.Literal('supervisor'),
  Type.Literal('admin'),
  Type.Literal('medico'),
  Type.Literal('privacidad'),
]);
// Fails to compile if ROLES and the schema drift apart.
const _sameRoles: [Static<typeof RoleSchema>, (typeof ROLES)[number]] extends [(typeof ROLES)[number], Static<typeof RoleSchema>]
  ? true
  : never = true;

export const EmployeeLoginBody = Type.Object(
  { matricula: Matricula, ooadCode: OoadCode, password: Password },
  { additionalProperties: false },
);
export const CurpLoginBody = Type.Object({ curp: CurpField, password: Password }, { additionalProperties: false });

export const SessionInfoResponse = Type.Object({
  accountId: Type.String(),
  role: RoleSchema,
  displayName: Type.String(),
  matricula: Type.Union([Type.String(), Type.Null()]),
  ooad: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
  expiresAt: Type.Optional(Type.String()),
});

export const RecoveryRequestBody = Type.Object({ curp: CurpField }, { additionalProperties: false });
export const RecoveryConfirmBody = Type.Object(
  {
    curp: CurpField,
    code: Type.String({ pattern: '^\\s*\\d{8}\\s*$', description: 'Código de 8 dígitos recibido por correo' }),
    newPassword: Password,
  },
  { additionalProperties: false },
);

export const CreateAccountBody = Type.Object(
  {
    curp: CurpField,
    role: RoleSchema,
    matricula: Type.Optional(Matricula),
    ooadCode: Type.Optional(OoadCode),
    password: Password,
  },
  { additionalProperties: false },
);
export type CreateAccountBody = Static<typeof CreateAccountBody>;

export const MessageResponse = Type.Object({ message: Type.String() });
export const CreatedAccountResponse = Type.Object({ accountId: Type.String(), role: RoleSchema });

export const AccountParams = Type.Object({ accountId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
export const AdminActionBody = Type.Object(
  { reason: Type.String({ minLength: 5, maxLength: 300, description: 'Motivo (queda en la bitácora)' }) },
  { additionalProperties: false },
);
export const AdminActionResponse = Type.Object({ sessionsEnded: Type.Integer() });
export const ManagedAccountResponse = Type.Object({
  accountId: Type.String(),
  role: RoleSchema,
  matricula: Type.Union([Type.String(), Type.Null()]),
  ooadCode: Type.Union([Type.String(), Type.Null()]),
  disabledAt: Type.Union([Type.String(), Type.Null()]),
  liveSessions: Type.Integer(),
});
// ── the admin portal's view (issue 20): the same accounts with the person's name and CURP ───
export const AccountSummaryResponse = Type.Object({
  accountId: Type.String(),
  personId: Type.String(),
  curp: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  matricula: Type.Union([Type.String(), Type.Null()]),
  ooad: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
  disabled: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  activeSessions: Type.Integer(),
  createdAt: Type.String(),
});
export const ResetPasswordBody = Type.Object({ newPassword: Password }, { additionalProperties: false });
export const SessionsEndedResponse = Type.Object({ sessionsEnded: Type.Integer() });
