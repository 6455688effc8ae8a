import { Type, type Static } from 'typebox';
import { ATTENDANCE_READ_PURPOSES, purposeOf } from '../identity/schema.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateField = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: `${description} (AAAA-MM-DD)` });
const Clock = (description: string) => Type.String({ pattern: '^\\d{2}:\\d{2}$', description: `${description} (HH:MM)` });
const Uuid = (description: string) => Type.String({ format: 'uuid', description });

export const Incident = Type.Union([Type.Literal('retardo'), Type.Literal('falta'), Type.Literal('omision_entrada'), Type.Literal('omision_salida')]);
const Method = Type.Union([Type.Literal('huella'), Type.Literal('rostro')]);
const Effect = Type.Union([Type.Literal('cancelar'), Type.Literal('convertir_retardo')], {
  description: 'cancelar: la incidencia no cuenta · convertir_retardo: una falta cuenta como retardo',
});
const DayKind = Type.Union([
  Type.Literal('laboral'),
  Type.Literal('descanso_semanal'),
  Type.Literal('descanso_obligatorio'),
  Type.Literal('inhabil_institucional'),
  Type.Literal('sin_jornada'),
]);
const CalendarKind = Type.Union([Type.Literal('descanso_obligatorio'), Type.Literal('inhabil_institucional')]);

export const QuincenaParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 10, description: 'Quincena AAAA-Qnn, por ejemplo 2026-Q21' }) });
export const EmployeeQuincenaParams = Type.Object({ personId: Uuid('Persona trabajadora'), id: QuincenaParams.properties.id });
export const PurposeQuery = Type.Object({ purpose: purposeOf(ATTENDANCE_READ_PURPOSES) }, { additionalProperties: false });

const Reading = Type.Object({
  punchId: Type.String(),
  at: Type.String(),
  date: Type.String(),
  time: Type.String(),
  method: Method,
  stationId: Type.String(),
});

const JustificationResponse = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  date: Type.String(),
  incident: Incident,
  effect: Effect,
  reason: Type.String(),
  status: Type.Union([Type.Literal('pendiente'), Type.Literal('aprobada'), Type.Literal('rechazada')]),
  requestedAt: Type.String(),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  decisionComment: Nullable(Type.String()),
  history: Type.Array(
    Type.Object({
      event: Type.Union([Type.Literal('solicitada'), Type.Literal('aprobada'), Type.Literal('rechazada')]),
      actor: Type.String(),
      comment: Nullable(Type.String()),
      at: Type.String(),
    }),
  ),
  attachments: Type.Array(Type.Object({ id: Type.String(), fileName: Type.String(), mediaType: Type.String(), sizeBytes: Type.Integer() })),
});
export { JustificationResponse };

export const QuincenaResponse = Type.Object({
  quincena: Type.Object({ id: Type.String(), label: Type.String(), start: Type.String(), end: Type.String() }),
  person: Type.Object({
    id: Type.String(),
    givenNames: Type.String(),
    fullName: Type.String(),
    curp: Type.String(),
    matricula: Nullable(Type.String()),
    ooad: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  }),
  timeZone: Type.String(),
  generatedAt: Type.String(),
  folio: Type.String({ description: 'Folio del reporte emitido (se registra en la bitácora de auditoría al exportar)' }),
  days: Type.Array(
    Type.Object({
      date: Type.String(),
      weekday: Type.Integer(),
      kind: DayKind,
      nonWorkingReason: Nullable(Type.String()),
      shift: Nullable(Type.Object({ id: Type.String(), name: Type.String(), start: Type.String(), end: Type.String() })),
      pending: Type.Boolean({ description: 'Día en curso: su ventana de registro está abierta' }),
      upcoming: Type.Boolean({ description: 'Día por venir: su ventana de registro aún no comienza' }),
      checkIn: Nullable(Reading),
      checkOut: Nullable(Reading),
      readings: Type.Integer(),
      minutesLate: Nullable(Type.Integer()),
      incidents: Type.Array(
        Type.Object({
          type: Incident,
          original: Incident,
          justified: Type.Boolean(),
          justificationId: Nullable(Type.String()),
          pendingJustificationId: Nullable(Type.String()),
        }),
      ),
    }),
  ),
  totals: Type.Object({
    scheduledDays: Type.Integer(),
    attendedDays: Type.Integer(),
    pendingDays: Type.Integer(),
    upcomingDays: Type.Integer(),
    restDaysWorked: Type.Integer(),
    incidents: Type.Object({ retardo: Type.Integer(), falta: Type.Integer(), omision_entrada: Type.Integer(), omision_salida: Type.Integer() }),
    justifiedIncidents: Type.Integer(),
  }),
  justifications: Type.Array(JustificationResponse),
});

export const CheckBody = Type.Object(
  {
    idempotencyKey: Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$', description: 'Generada por el quiosco para cada lectura (por ejemplo un UUID)' }),
    personId: Uuid('Persona identificada por la verificación biométrica'),
    stationId: Uuid('Estación (quiosco) que hizo la lectura'),
    method: Method,
    verificationId: Uuid('verificationId que el servidor emitió al verificar a la persona en esta estación (un solo uso, 2 min)'),
    capturedAt: Type.String({ minLength: 16, maxLength: 40, description: 'Hora de la lectura en el quiosco, ISO 8601 con zona horaria' }),
    signature: Type.String({ minLength: 1, maxLength: 200, description: 'Firma Ed25519 del quiosco (base64) sobre el JSON canónico (RFC 8785) de los demás campos' }),
  },
  { additionalProperties: false },
);
export type CheckBody = Static<typeof CheckBody>;

export const CheckResponse = Type.Object({
  replayed: Type.Boolean({ description: 'true: la clave ya se había recibido; es el registro original' }),
  kind: Type.Optional(Type.Union([Type.Literal('entrada'), Type.Literal('salida'), Type.Literal('repetida')], { description: 'Qué es la lectura en su día según las reglas' })),
  name: Type.Optional(Type.String({ description: 'Nombre de la persona registrada, para que el quiosco la salude' })),
  record: Type.Object({
    id: Type.String(),
    idempotencyKey: Type.String(),
    personId: Type.String(),
    stationId: Type.String(),
    method: Method,
    verificationScore: Type.Number(),
    capturedAt: Type.String(),
    receivedAt: Type.String(),
    offline: Type.Boolean({ description: 'true: el servidor cotejó después una captura que el quiosco guardó sin conexión' }),
  }),
});

const IdempotencyKey = Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$', description: 'Generada por el quiosco para cada lectura (por ejemplo un UUID)' });

export const OfflineCheckBody = Type.Object(
  {
    capture: Type.Object(
      {
        idempotencyKey: IdempotencyKey,
        stationId: Uuid('Estación (quiosco) que hizo la captura'),
        matricula: Type.Optional(Type.String({ pattern: '^\\d{4,12}$', description: 'Matrícula que la persona indicó' })),
        ooadCode: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 4 }), Type.Null()])),
        curp: Type.Optional(Type.String({ minLength: 18, maxLength: 18, description: 'Solo capturas guardadas por el quiosco anterior, por CURP' })),
        fingerReaderId: Uuid('Lector de huella con el que se capturó'),
        position: Type.Integer({ minimum: 0, maximum: 10 }),
        capturedAt: Type.String({ minLength: 16, maxLength: 40, description: 'Hora de la captura en el quiosco, ISO 8601 con zona horaria' }),
        sample: Type.Object(
          {
            image: Type.Optional(Type.String({ minLength: 1 })),
            template: Type.Optional(Type.String({ minLength: 1 })),
            dpi: Type.Optional(Type.Integer({ minimum: 100, maximum: 2000 })),
            simulate: Type.Optional(
              Type.Object({ identity: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), impression: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })) }, { additionalProperties: false }),
            ),
          },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
    signature: Type.String({ minLength: 1, maxLength: 200, description: 'Firma Ed25519 del quiosco (base64) sobre el JSON canónico (RFC 8785) de la captura con kind = captura_sin_conexion' }),
  },
  { additionalProperties: false },
);
export type OfflineCheckBody = Static<typeof OfflineCheckBody>;

export const JustificationBody = Type.Object(
  {
    date: DateField('Día de la incidencia'),
    incident: Incident,
    effect: Type.Optional(Effect),
    reason: Type.String({ minLength: 5, maxLength: 1000, description: 'Motivo (por ejemplo, cita médica con comprobante)' }),
    attachment: Type.Optional(
      Type.Object(
        {
          fileName: Type.String({ minLength: 1, maxLength: 255 }),
          content: Type.String({ minLength: 1, maxLength: 3_000_000, description: 'PDF o JPEG en base64 (máximo 2 MB); se guarda cifrado' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const DecisionBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('aprobada'), Type.Literal('rechazada')]),
    comment: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ id: Uuid('Identificador') });

const ShiftFields = {
  name: Type.String({ minLength: 1, maxLength: 80 }),
  start: Clock('Hora de entrada'),
  end: Clock('Hora de salida; si es menor que la de entrada, la jornada termina al día siguiente'),
  weekdays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7, description: 'Días laborables, 1 = lunes … 7 = domingo' }),
  toleranceMinutes: Type.Integer({ minimum: 0, maximum: 60, description: 'Minutos de tolerancia para la entrada' }),
  faltaAfterMinutes: Type.Integer({ minimum: 1, maximum: 720, description: 'Después de estos minutos de retraso la entrada cuenta como falta' }),
};
export const ShiftBody = Type.Object(ShiftFields, { additionalProperties: false });
export const ShiftResponse = Type.Object({ id: Type.String(), ...ShiftFields });

export const AssignmentBody = Type.Object(
  { personId: Uuid('Persona trabajadora'), shiftId: Uuid('Jornada'), validFrom: DateField('Desde') },
  { additionalProperties: false },
);
export const AssignmentResponse = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  shift: ShiftResponse,
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
});

export const CalendarParams = Type.Object({ date: DateField('Día') });
export const CalendarYearParams = Type.Object({ year: Type.Integer({ minimum: 1900, maximum: 2200 }) });
export const CalendarBody = Type.Object(
  { kind: CalendarKind, description: Type.String({ minLength: 3, maxLength: 200, description: 'Por ejemplo «Jornada electoral (LFT art. 74 fr. IX)»' }) },
  { additionalProperties: false },
);
export const CalendarResponse = Type.Array(
  Type.Object({ date: Type.String(), kind: CalendarKind, name: Type.String(), source: Type.Union([Type.Literal('ley'), Type.Literal('institucion')]) }),
);

export const StationParams = Type.Object({ stationId: Uuid('Estación') });
export const KioskKeyBody = Type.Object(
  { publicKey: Type.String({ minLength: 40, maxLength: 200, description: 'Llave pública Ed25519, SPKI DER en base64' }) },
  { additionalProperties: false },
);
