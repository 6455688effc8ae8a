import { Type, type Static } from 'typebox';
import { State } from '../insured/schema.ts';

/**
 * Wire schemas of /api/care. The web imports their Static types (type-only), so a changed response
 * fails the web's typecheck where it is read.
 */
export const Id = Type.String({ format: 'uuid' });
export const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'AAAA-MM-DD' });
export const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
export const Clinic = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), ooadCode: Type.String(), address: Type.String(), enrollmentPoint: Type.Boolean() });
export const Appointment = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'ordinaria · urgencias' }),
  status: Type.String({ description: 'agendada · en_espera · atendida · cancelada' }),
  day: Type.String(),
  startsAt: Nullable(Type.String()),
  consultorio: Nullable(Type.String()),
  shift: Nullable(Type.String()),
  warning: Nullable(Type.String()),
  turn: Type.Union([Type.Integer(), Type.Null()]),
});
export const Patient = Type.Object({
  appointmentId: Type.String(),
  personId: Type.String(),
  name: Type.String(),
  nss: Nullable(Type.String()),
  kind: Type.String(),
  status: Type.String(),
  turn: Type.Union([Type.Integer(), Type.Null()]),
  startsAt: Nullable(Type.String()),
  consultorio: Nullable(Type.String()),
  checkedInAt: Nullable(Type.String()),
});
export type ClinicView = Static<typeof Clinic>;
export type AppointmentView = Static<typeof Appointment>;
export type PatientRow = Static<typeof Patient>;
/** GET /stations/:id/clinic */
export const StationClinicResponse = Type.Object({ clinic: Type.Union([Clinic, Type.Null()]) });
export type StationClinicResponse = Static<typeof StationClinicResponse>;
/** GET /me/clinic */
export const MyClinicResponse = Type.Object({ clinic: Type.Union([Clinic, Type.Null()]), urgencias: Type.Object({ message: Type.String(), where: Type.String() }), nearestEnrollmentPoint: Type.Union([Clinic, Type.Null()]) });
export type MyClinicResponse = Static<typeof MyClinicResponse>;
/** GET /me/slots */
export const SlotsResponse = Type.Object({
  gate: Type.Object({ allowed: Type.Boolean(), warning: Nullable(Type.String()), message: Nullable(Type.String()) }),
  slots: Type.Array(Type.Object({ id: Type.String(), startsAt: Type.String(), minutes: Type.Integer(), consultorio: Type.String(), shift: Type.String() })),
});
export type SlotsResponse = Static<typeof SlotsResponse>;
/** GET /medico/today */
export const MedicoDayResponse = Type.Object({ clinic: Type.Union([Clinic, Type.Null()]), day: Type.String(), patients: Type.Array(Patient) });
export type MedicoDayResponse = Static<typeof MedicoDayResponse>;
/** POST /kiosk/check-in */
export const KioskCheckInResponse = Type.Object({
  found: Type.Boolean(),
  message: Type.String(),
  greeting: Nullable(Type.String()),
  turn: Type.Union([Type.Integer(), Type.Null()]),
  appointment: Type.Union([Type.Object({ startsAt: Nullable(Type.String()), consultorio: Nullable(Type.String()) }), Type.Null()]),
});
export type KioskCheckInResponse = Static<typeof KioskCheckInResponse>;
/** GET /clinics/:id/reception */
export const ReceptionResponse = Type.Object({
  clinic: Clinic,
  day: Type.String(),
  summary: Type.Union([
    Type.Object({
      personId: Type.String(),
      name: Type.String(),
      curp: Type.String(),
      nss: Nullable(Type.String()),
      birthDate: Type.String(),
      sex: Type.String(),
      vigente: Type.Union([Type.Boolean(), Type.Null()]),
      rightsReason: Nullable(Type.String()),
      restriction: Type.Union([State, Type.Null()]),
      appointment: Type.Union([Patient, Type.Null()]),
    }),
    Type.Null(),
  ]),
  patients: Type.Array(Patient),
});
export type ReceptionResponse = Static<typeof ReceptionResponse>;
