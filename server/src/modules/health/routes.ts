import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireAuth, requireRole } from '../../http/session.ts';
import { AppError } from '../../shared/app-error.ts';
import type { InsuredService } from '../insured/service.ts';
import { actorOrKiosk, requireRoleOrKiosk } from '../../http/kiosk-session.ts';
import { ProbeFields } from '../verification/schema.ts';
import { Appointment, Clinic, Day, Id, KioskCheckInResponse, MedicoDayResponse, MyClinicResponse, Nullable, ReceptionResponse, SlotsResponse, StationClinicResponse } from './schema.ts';
import type { ClinicKiosk } from './clinic-kiosk.ts';
import type { HealthService } from './service.ts';

/** `/api/care`: clinics, consultorios and slots (admin); the asegurado's appointments; the physician's day. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ health: HealthService; insured: InsuredService; clinicKiosk: ClinicKiosk }> = async (app, { health, insured, clinicKiosk }) => {
  const tags = ['citas médicas'];
  const ADMIN = requireRole('admin');
  const INSURED = requireRole('asegurado');
  const actorOf = (request: Parameters<typeof requireAuth>[0]) => `account:${requireAuth(request).accountId}` as const;
  const personOf = async (request: Parameters<typeof requireAuth>[0]) => (await insured.insuredOfAccount(requireAuth(request).accountId)).personId;

  app.get('/clinics', { preHandler: requireRole('admin', 'supervisor', 'operador', 'medico'), schema: { tags, summary: 'Unidades médicas', response: { 200: Type.Array(Clinic) } } }, async () => health.listClinics());

  app.post(
    '/clinics',
    {
      preHandler: ADMIN,
      schema: {
        tags,
        summary: 'Alta de una Unidad de Medicina Familiar',
        body: Type.Object(
          {
            code: Type.String({ minLength: 2, maxLength: 30 }),
            name: Type.String({ minLength: 2, maxLength: 120 }),
            ooadCode: Type.String({ minLength: 1, maxLength: 4 }),
            address: Type.String({ minLength: 2, maxLength: 300 }),
            latitude: Type.Optional(Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()])),
            longitude: Type.Optional(Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()])),
            enrollmentPoint: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: Clinic },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return health.createClinic(request.body, actorOf(request));
    },
  );

  app.post(
    '/clinics/:id/consultorios',
    {
      preHandler: ADMIN,
      schema: {
        tags,
        summary: 'Consultorio y turno de una unidad (con su médico, opcional)',
        params: Type.Object({ id: Id }),
        body: Type.Object({ number: Type.String({ minLength: 1, maxLength: 10 }), shift: Type.Union([Type.Literal('matutino'), Type.Literal('vespertino')]), physicianAccountId: Type.Optional(Type.Union([Id, Type.Null()])) }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.String(), clinicId: Type.String(), number: Type.String(), shift: Type.String(), physicianAccountId: Nullable(Type.String()) }) },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return health.addConsultorio(request.params.id, request.body, actorOf(request));
    },
  );

  app.post(
    '/consultorios/:id/slots',
    {
      preHandler: ADMIN,
      schema: {
        tags,
        summary: 'Abre horarios de consulta de un día (hora local de la Ciudad de México)',
        params: Type.Object({ id: Id }),
        body: Type.Object({ day: Day, from: Type.String({ pattern: '^\\d{2}:\\d{2}$' }), to: Type.String({ pattern: '^\\d{2}:\\d{2}$' }), minutes: Type.Integer({ minimum: 5, maximum: 120 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ created: Type.Integer() }) },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return health.openSlots(request.params.id, request.body, actorOf(request));
    },
  );

  app.put(
    '/stations/:id/clinic',
    { preHandler: ADMIN, schema: { tags, summary: 'Ubica una estación (quiosco, recepción) en una unidad', params: Type.Object({ id: Id }), body: Type.Object({ clinicId: Id }, { additionalProperties: false }), response: { 204: Type.Null() } } },
    async (request, reply) => {
      await health.assignStation(request.params.id, request.body.clinicId, actorOf(request));
      reply.code(204);
      return null;
    },
  );

  app.get(
    '/me/clinic',
    {
      preHandler: INSURED,
      schema: {
        tags,
        summary: 'Mi UMF, la ruta de urgencias y el módulo de enrolamiento más cercano',
        response: { 200: MyClinicResponse },
      },
    },
    async (request) => health.myClinic(await personOf(request)),
  );

  app.get(
    '/me/slots',
    {
      preHandler: INSURED,
      schema: {
        tags,
        summary: 'Horarios libres en mi UMF para un día, con lo que dice la restricción',
        querystring: Type.Object({ day: Day }),
        response: {
          200: SlotsResponse,
        },
      },
    },
    async (request) => health.freeSlots(await personOf(request), request.query.day),
  );

  app.get('/me/appointments', { preHandler: INSURED, schema: { tags, summary: 'Mis citas', response: { 200: Type.Array(Appointment) } } }, async (request) => health.appointmentsOf(await personOf(request), actorOf(request)));

  app.post(
    '/me/appointments',
    { preHandler: INSURED, schema: { tags, summary: 'Agenda una consulta ordinaria en mi UMF (409 si el horario se ocupó; 403 con NSS suspendido)', body: Type.Object({ slotId: Id }, { additionalProperties: false }), response: { 201: Appointment } } },
    async (request, reply) => {
      const booked = await health.book(await personOf(request), request.body.slotId, actorOf(request));
      reply.code(201);
      return booked;
    },
  );

  app.post(
    '/me/appointments/:id/cancel',
    { preHandler: INSURED, schema: { tags, summary: 'Cancela una cita agendada', params: Type.Object({ id: Id }), response: { 204: Type.Null() } } },
    async (request, reply) => {
      await health.cancel(await personOf(request), request.params.id, actorOf(request));
      reply.code(204);
      return null;
    },
  );

  app.post(
    '/me/appointments/:id/reschedule',
    { preHandler: INSURED, schema: { tags, summary: 'Cambia una cita a otro horario (todo o nada)', params: Type.Object({ id: Id }), body: Type.Object({ slotId: Id }, { additionalProperties: false }), response: { 200: Appointment } } },
    async (request) => health.reschedule(await personOf(request), request.params.id, request.body.slotId, actorOf(request)),
  );

  app.get(
    '/medico/today',
    {
      preHandler: requireRole('medico'),
      schema: { tags, summary: 'Mis pacientes de hoy (los que ya llegaron primero)', response: { 200: MedicoDayResponse } },
    },
    async (request) => health.physicianDay(requireAuth(request).accountId),
  );

  app.post(
    '/urgencias',
    {
      preHandler: requireRole('operador', 'supervisor', 'medico'),
      schema: { tags, summary: 'Registra una llegada a urgencias por NSS: nunca se condiciona al registro biométrico', body: Type.Object({ nss: Type.String({ pattern: '^\\d{11}$' }), clinicId: Id }, { additionalProperties: false }), response: { 201: Appointment } },
    },
    async (request, reply) => {
      const personId = await insured.personByNss(request.body.nss);
      if (!personId) throw new AppError('INSURED_NOT_FOUND', 'No hay un asegurado con ese NSS; atiéndalo y regularice su afiliación en ventanilla.', 404);
      reply.code(201);
      return health.registerEmergency(personId, request.body.clinicId, actorOf(request));
    },
  );

  // ── clinic kiosk and reception ──────────────────────────────────────────────────────────
  const { purpose: _purpose, ...probe } = ProbeFields;
  app.post(
    '/kiosk/check-in',
    {
      preHandler: requireRoleOrKiosk('operador', 'supervisor'),
      bodyLimit: 16 * 1_048_576,
      schema: {
        tags,
        summary: 'Quiosco de clínica: huella o rostro → identificación (1:N en la población de la UMF, o 1:1 con el NSS) → llegada y turno; sin coincidencia: ventanilla con NSS',
        body: Type.Object({ stationId: Id, nss: Type.Optional(Type.Union([Type.String({ pattern: '^\\d{11}$' }), Type.Null()])), ...probe }, { additionalProperties: false }),
        response: {
          200: KioskCheckInResponse,
        },
      },
    },
    async (request) => clinicKiosk.identifyAndCheckIn(request.body, actorOrKiosk(request, request.body.stationId)),
  );

  app.get(
    '/stations/:id/clinic',
    { preHandler: requireRoleOrKiosk('operador', 'supervisor', 'admin'), schema: { tags, summary: 'La unidad donde está una estación', params: Type.Object({ id: Id }), response: { 200: StationClinicResponse } } },
    async (request) => {
      const clinicId = await health.clinicOfStation(request.params.id);
      return { clinic: clinicId ? await health.clinic(clinicId) : null };
    },
  );

  app.get(
    '/clinics/:id/reception',
    {
      preHandler: requireRole('operador', 'supervisor', 'medico'),
      schema: {
        tags,
        summary: 'Recepción: pacientes de hoy y el resumen del último en llegar (o de uno elegido), sin expediente en papel (auditado)',
        params: Type.Object({ id: Id }),
        querystring: Type.Object({ personId: Type.Optional(Id) }),
        response: {
          200: ReceptionResponse,
        },
      },
    },
    async (request) => clinicKiosk.reception(request.params.id, actorOf(request), request.query.personId ?? null),
  );
};
