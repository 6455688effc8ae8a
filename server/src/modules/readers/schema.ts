import { Type } from 'typebox';

export const Uuid = (description: string) => Type.String({ format: 'uuid', description });

/** The capture fields every driver understands a part of (see drivers.ts). */
export const CaptureFields = {
    image: Type.Optional(Type.String({ minLength: 1, description: 'Imagen en base64 (lector "archivo"): PNG, BMP, TIFF, JPEG o WSQ (FBI)' })),
    dpi: Type.Optional(Type.Integer({ minimum: 100, maximum: 2000, description: 'Resolución de la imagen si el archivo no la indica' })),
    template: Type.Optional(Type.String({ minLength: 1, description: 'Plantilla ISO/IEC 19794-2, ANSI/INCITS 378 o compacta, en base64' })),
    frame: Type.Optional(Type.String({ minLength: 1, description: 'Cuadro JPEG/PNG de la cámara web, en base64' })),
    simulate: Type.Optional(
      Type.Object(
        {
          identity: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Quién pone el dedo (por omisión, la persona de la captura)' })),
          impression: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
          condition: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('sin_dedo'), Type.Literal('sin_respuesta')])),
        },
        { additionalProperties: false },
      ),
    ),
};

export const CaptureBody = Type.Object(CaptureFields, { additionalProperties: false });

const Driver = Type.Union([Type.Literal('archivo'), Type.Literal('camara_web'), Type.Literal('simulado')]);
const Modality = Type.Union([Type.Literal('huella'), Type.Literal('rostro')]);

export const ReaderResponse = Type.Object({
  id: Type.String(),
  stationId: Type.String(),
  name: Type.String(),
  driver: Driver,
  modality: Modality,
  connected: Type.Boolean(),
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
});

export const StationResponse = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  ooadCode: Type.Union([Type.String(), Type.Null()]),
  readers: Type.Array(ReaderResponse),
});

export const CreateStationBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$' }),
    name: Type.String({ minLength: 1, maxLength: 120 }),
    ooadCode: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 10 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const CreateReaderBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 120 }), driver: Driver, modality: Modality },
  { additionalProperties: false },
);

export const ReaderStatusBody = Type.Object({ connected: Type.Boolean() }, { additionalProperties: false });
