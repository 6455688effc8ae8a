import { Type } from 'typebox';
import { Uuid } from '../readers/schema.ts';

const Problem = Type.Object({ code: Type.String(), message: Type.String() });
const Status = Type.Union([Type.Literal('sin_registro'), Type.Literal('pendiente'), Type.Literal('registrado'), Type.Literal('rechazado')]);

export const CaptureResponse = Type.Object({
  modality: Type.Union([Type.Literal('huella'), Type.Literal('rostro')]),
  position: Type.Integer(),
  status: Type.Union([Type.Literal('capturada'), Type.Literal('no_disponible')]),
  reason: Type.Union([Type.String(), Type.Null()]),
  quality: Type.Object({ score: Type.Union([Type.Number(), Type.Null()]), problems: Type.Array(Problem) }),
  attempts: Type.Integer(),
});

export const SessionResponse = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  curp: Type.String(),
  stationId: Type.String(),
  fingerReaderId: Type.Union([Type.String(), Type.Null()]),
  faceReaderId: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('abierta'), Type.Literal('completada'), Type.Literal('cancelada'), Type.Literal('expirada')]),
  captures: Type.Array(CaptureResponse),
});

export const CandidateResponse = Type.Object({
  personId: Type.String(),
  curp: Type.Union([Type.String(), Type.Null()]),
  status: Status,
  score: Type.Number({ description: 'Puntaje fusionado y normalizado: 1 = umbral de duplicado' }),
  fingerScore: Type.Union([Type.Number(), Type.Null()]),
  faceScore: Type.Union([Type.Number(), Type.Null()]),
});

/** enrollment/service.ts DecisionPoint: the operating point a 1:N decision was made at. */
export const OperatingPointResponse = Type.Object(
  {
    purpose: Type.Union([Type.Literal('identificacion'), Type.Literal('deduplicacion')]),
    targetFpir: Type.Number({ description: 'Tasa objetivo de identificaciones falsas (FPIR) por búsqueda' }),
    gallerySubjects: Type.Integer({ description: 'Personas con huellas en la galería al buscar' }),
    probeFingers: Type.Integer({ description: 'Dedos buscados (ya contados en el puntaje fusionado)' }),
    fingerThreshold: Type.Number({
      description:
        'Puntaje fusionado de huellas exigido en esta búsqueda: máx(umbral 1:1, puntaje del candidato k + fingerCohortGap) si hubo k candidatos; si no, fingerGalleryThreshold',
    }),
    fingerFloor: Type.Number({ description: 'Umbral 1:1, mínimo del umbral 1:N' }),
    // Optional: decisions recorded before the cohort rule lack them.
    fingerGalleryThreshold: Type.Optional(Type.Number({ description: 'Umbral por tamaño de galería: máx(umbral 1:1, 10·log10(N/FPIR)), usado con menos de k candidatos' })),
    fingerCohortRank: Type.Optional(Type.Integer({ description: 'k de la regla de cohorte: el primer candidato se compara con el k-ésimo' })),
    fingerCohortGap: Type.Optional(Type.Number({ description: 'Ventaja sobre el candidato k cuya probabilidad para un impostor es la FPIR objetivo' })),
    subjectFmr: Type.Number({ description: 'Tasa de falsa coincidencia por persona que da la FPIR objetivo' }),
    faceThreshold: Type.Number({ description: 'Coseno de rostro exigido: el de la cola de impostores del modelo a FMR = FPIR/N (N rostros en la galería), nunca menor que faceFloor; en decisiones anteriores, el umbral 1:1' }),
    // Optional: decisions recorded before the face threshold followed the gallery lack them.
    probeFace: Type.Optional(Type.Boolean({ description: 'La búsqueda incluyó rostro' })),
    faceGallerySubjects: Type.Optional(Type.Integer({ description: 'Rostros del modelo de la muestra en la galería al buscar' })),
    faceFloor: Type.Optional(Type.Number({ description: 'Umbral 1:1 de rostro, mínimo del umbral 1:N' })),
    faceFmr: Type.Optional(Type.Number({ description: 'Tasa de falsa coincidencia de una comparación de rostro en faceThreshold' })),
    faceFpir: Type.Optional(Type.Number({ description: 'FPIR que faceThreshold significa con faceGallerySubjects rostros' })),
  },
  { description: 'Punto de operación de la decisión 1:N' },
);

export const EnrollmentResponse = Type.Object({
  enrollmentId: Type.String(),
  personId: Type.String(),
  version: Type.Integer(),
  status: Status,
  candidates: Type.Array(CandidateResponse),
  operatingPoint: Type.Union([OperatingPointResponse, Type.Null()]),
});

const Decision = Type.Union([Type.Literal('misma_persona'), Type.Literal('fraude'), Type.Literal('personas_distintas')]);

export const AdjudicationResponse = Type.Object({
  ...EnrollmentResponse.properties,
  review: Type.Object({
    stage: Type.Union([Type.Literal('primera_decision'), Type.Literal('confirmada')], { description: 'primera_decision: falta la confirmación de un segundo supervisor' }),
    decision: Decision,
    samePersonId: Type.Union([Type.String(), Type.Null()]),
    firstBy: Type.String({ description: 'Cuenta del supervisor que tomó la primera decisión' }),
    secondBy: Type.Union([Type.String(), Type.Null()], { description: 'Cuenta del segundo supervisor que la confirmó' }),
  }),
});

export const OpenSessionBody = Type.Object(
  { curp: Type.String({ minLength: 1, maxLength: 40 }), stationId: Uuid('Estación de captura') },
  { additionalProperties: false },
);

export const SelectReaderBody = Type.Object({ readerId: Uuid('Lector seleccionado') }, { additionalProperties: false });

export const SessionParams = Type.Object({ sessionId: Uuid('Sesión de captura') });
/** The position is checked by the service, so a bad one answers FINGER_POSITION_INVALID, not a generic validation error. */
export const FingerParams = Type.Object({ sessionId: Uuid('Sesión de captura'), position: Type.String({ maxLength: 20, description: 'Código ISO del dedo, 1–10' }) });

export const UnavailableBody = Type.Object(
  { reason: Type.Union([Type.Literal('amputacion'), Type.Literal('lesion'), Type.Literal('vendaje'), Type.Literal('malformacion'), Type.Literal('otro')]) },
  { additionalProperties: false },
);

export const AdjudicationBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('misma_persona'), Type.Literal('fraude'), Type.Literal('personas_distintas')]),
    samePersonId: Type.Optional(Type.Union([Uuid('El candidato que es la misma persona'), Type.Null()])),
    notes: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const PendingResponse = Type.Array(
  Type.Object({
    enrollmentId: Type.String(),
    personId: Type.String(),
    curp: Type.String(),
    version: Type.Integer(),
    createdAt: Type.String(),
    candidates: Type.Array(CandidateResponse),
    review: Type.Union([
      Type.Object({ decision: Decision, samePersonId: Type.Union([Type.String(), Type.Null()]), firstBy: Type.String(), firstAt: Type.String(), byYou: Type.Boolean() }),
      Type.Null(),
    ]),
    mayDecide: Type.Boolean({ description: 'Falso si quien consulta enroló o capturó en este enrolamiento, o ya tomó la primera decisión' }),
    operatingPoint: Type.Union([OperatingPointResponse, Type.Null()]),
  }),
);

export const StatusResponse = Type.Object({
  personId: Type.String(),
  curp: Type.String(),
  status: Status,
  mergedIntoPersonId: Type.Union([Type.String(), Type.Null()]),
  enrollments: Type.Array(
    Type.Object({
      id: Type.String(),
      version: Type.Integer(),
      outcome: Type.String(),
      current: Type.Boolean(),
      createdAt: Type.String(),
      supersededAt: Type.Union([Type.String(), Type.Null()]),
      fingers: Type.Array(Type.Integer()),
      face: Type.Boolean(),
      unavailableFingers: Type.Array(Type.Object({ position: Type.Integer(), reason: Type.String() })),
      candidates: Type.Array(Type.Object({ personId: Type.String(), score: Type.Number() })),
      adjudication: Type.Union([
        Type.Object({ decision: Type.String(), samePersonId: Type.Union([Type.String(), Type.Null()]), decidedAt: Type.String() }),
        Type.Null(),
      ]),
    }),
  ),
});

const Minutia = Type.Object({ x: Type.Number(), y: Type.Number(), direction: Type.Number(), type: Type.Union([Type.Literal('ending'), Type.Literal('bifurcation')]) });
const PrintView = Type.Object({
  image: Type.Union([Type.String({ description: 'PNG como data URL (decodificado del WSQ guardado)' }), Type.Null()]),
  width: Type.Integer(),
  height: Type.Integer(),
  minutiae: Type.Array(Minutia, { description: 'Minucias a 500 ppp, en los píxeles de la imagen' }),
});
const PersonEvidence = Type.Object({
  personId: Type.String(),
  curp: Type.Union([Type.String(), Type.Null()]),
  enrollmentId: Type.Union([Type.String(), Type.Null()]),
  face: Type.Union([Type.String({ description: 'Fotografía del rostro (JPEG) como data URL' }), Type.Null()]),
});

export const EvidenceQuery = Type.Object({ candidate: Uuid('Candidato con el que se compara') });

export const EvidenceResponse = Type.Object({
  enrollmentId: Type.String(),
  enrollee: PersonEvidence,
  candidate: PersonEvidence,
  fingers: Type.Array(
    Type.Object({
      position: Type.Integer(),
      score: Type.Number(),
      threshold: Type.Number(),
      enrollee: PrintView,
      candidate: PrintView,
      pairs: Type.Array(Type.Tuple([Type.Integer(), Type.Integer()]), { description: 'Minucias emparejadas: [índice en enrollee, índice en candidate]' }),
    }),
  ),
});

export const DecidedQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) });

export const DecidedResponse = Type.Array(
  Type.Object({
    id: Type.String(),
    enrollmentId: Type.String(),
    version: Type.Integer(),
    curp: Type.String(),
    decision: Type.Union([Type.Literal('misma_persona'), Type.Literal('fraude'), Type.Literal('personas_distintas')]),
    sameAsCurp: Type.Union([Type.String(), Type.Null()]),
    notes: Type.Union([Type.String(), Type.Null()]),
    decidedAt: Type.String(),
    supervisor: Type.Object({ name: Type.String(), matricula: Type.Union([Type.String(), Type.Null()]) }, { description: 'Quien propuso la decisión' }),
    confirmedBy: Type.Union(
      [Type.Object({ name: Type.String(), matricula: Type.Union([Type.String(), Type.Null()]), notes: Type.Union([Type.String(), Type.Null()]) }), Type.Null()],
      { description: 'Segundo supervisor que confirmó (null en decisiones anteriores a los cuatro ojos)' },
    ),
  }),
);
