import type { Static } from 'typebox';
import type { AccountSummaryResponse, CreateAccountBody, CreatedAccountResponse, SessionsEndedResponse } from '../../../server/src/modules/accounts/schema.ts';
import type { AssignmentBody, AssignmentResponse, CalendarBody, CalendarResponse, ShiftBody, ShiftResponse } from '../../../server/src/modules/attendance/schema.ts';
import type { KioskDeviceResponse } from '../../../server/src/modules/kiosks/schema.ts';
import type { CreateReaderBody, CreateStationBody, ReaderResponse, StationResponse } from '../../../server/src/modules/readers/schema.ts';
import type { SystemInfoResponse } from '../../../server/src/modules/system/schema.ts';
import type { PersonReadPurpose, PersonResponse } from '../../../server/src/modules/identity/schema.ts';
import type { ApiClient } from './client.ts';

/**
 * The admin portal's endpoints. Their types come from the server's own TypeBox schemas
 * (type-only imports: nothing of the server is bundled), so a changed response breaks this build.
 */
export type AccountSummary = Static<typeof AccountSummaryResponse>;
export type NewAccount = Static<typeof CreateAccountBody>;
export type KioskDevice = Static<typeof KioskDeviceResponse>;
export type AdminStation = Static<typeof StationResponse>;
export type AdminReader = Static<typeof ReaderResponse>;
export type NewStation = Static<typeof CreateStationBody>;
export type NewReader = Static<typeof CreateReaderBody>;
export type Shift = Static<typeof ShiftResponse>;
export type NewShift = Static<typeof ShiftBody>;
export type Assignment = Static<typeof AssignmentResponse>;
export type NewAssignment = Static<typeof AssignmentBody>;
export type CalendarDay = Static<typeof CalendarResponse>[number];
export type NewCalendarDay = Static<typeof CalendarBody>;
export type SystemInfo = Static<typeof SystemInfoResponse>;
type SessionsEnded = Static<typeof SessionsEndedResponse>;

const id = encodeURIComponent;
/** The identity lookup of a shift assignment; typed by the server's closed list of purposes. */
const SHIFT_ASSIGNMENT_PURPOSE: PersonReadPurpose = 'asignación de jornada laboral';

export function adminApi(client: ApiClient) {
  return {
    accounts: () => client.get<AccountSummary[]>('/api/accounts/overview'),
    createAccount: (input: NewAccount) => client.post<Static<typeof CreatedAccountResponse>>('/api/accounts', input),
    setDisabled: (accountId: string, disabled: boolean, reason: string) => client.post<SessionsEnded>(`/api/accounts/${id(accountId)}/${disabled ? 'disable' : 'enable'}`, { reason }),
    revokeSessions: (accountId: string, reason: string) => client.post<SessionsEnded>(`/api/accounts/${id(accountId)}/sessions/revoke`, { reason }),
    resetPassword: (accountId: string, newPassword: string) => client.post<SessionsEnded>(`/api/accounts/${id(accountId)}/password`, { newPassword }),

    stations: () => client.get<AdminStation[]>('/api/biometrics/stations'),
    createStation: (input: NewStation) => client.post<AdminStation>('/api/biometrics/stations', input),
    addReader: (stationId: string, input: NewReader) => client.post<AdminReader>(`/api/biometrics/stations/${id(stationId)}/readers`, input),

    kiosks: () => client.get<KioskDevice[]>('/api/kiosk/devices'),
    approveKiosk: (code: string, stationId: string) => client.post<KioskDevice>('/api/kiosk/pairings/approve', { code, stationId }),
    revokeKiosk: (deviceId: string) => client.post<KioskDevice>(`/api/kiosk/devices/${id(deviceId)}/revoke`),

    shifts: () => client.get<Shift[]>('/api/attendance/shifts'),
    createShift: (input: NewShift) => client.post<Shift>('/api/attendance/shifts', input),
    assign: (input: NewAssignment) => client.post<Assignment>('/api/attendance/assignments', input),
    personIdByCurp: (curp: string) =>
      client.get<Static<typeof PersonResponse>>(`/api/identities/${id(curp.trim().toUpperCase())}?purpose=${id(SHIFT_ASSIGNMENT_PURPOSE)}`),

    calendar: (year: number) => client.get<CalendarDay[]>(`/api/attendance/calendar/${year}`),
    setCalendarDay: (date: string, input: NewCalendarDay) => client.put<null>(`/api/attendance/calendar/${id(date)}`, input),

    system: () => client.get<SystemInfo>('/api/system'),
  };
}

export type AdminApi = ReturnType<typeof adminApi>;
