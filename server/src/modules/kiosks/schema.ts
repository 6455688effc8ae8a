import { Type } from 'typebox';

const Uuid = (description: string) => Type.String({ format: 'uuid', description });

export const PairingRequestBody = Type.Object(
  { publicKey: Type.String({ minLength: 40, maxLength: 200, description: 'Llave pública Ed25519 del quiosco (SPKI DER en base64)' }) },
  { additionalProperties: false },
);
export const ApproveBody = Type.Object(
  {
    code: Type.String({ minLength: 8, maxLength: 12, description: 'Código que muestra el quiosco, p. ej. "K7QM-4XZP"' }),
    stationId: Uuid('Estación a la que queda vinculado'),
  },
  { additionalProperties: false },
);
export const DeviceParams = Type.Object({ id: Uuid('Quiosco') });

export const KioskDeviceResponse = Type.Object({
  id: Type.String(),
  code: Type.String(),
  status: Type.Union([Type.Literal('pendiente'), Type.Literal('vinculado'), Type.Literal('revocado')]),
  station: Type.Union([Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }), Type.Null()]),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  approvedAt: Type.Union([Type.String(), Type.Null()]),
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
});

export const FaceEnrolledBody = Type.Object(
  {
    matricula: Type.String({ pattern: '^\\s*\\d{4,12}\\s*$', description: 'Matrícula IMSS (solo dígitos)' }),
    ooadCode: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 4 }), Type.Null()])),
    stationId: Uuid('Estación del quiosco'),
  },
  { additionalProperties: false },
);
export const FaceEnrolledResponse = Type.Object({ face: Type.Boolean({ description: 'true: tiene rostro registrado; el quiosco ofrece «Usar rostro»' }) });
