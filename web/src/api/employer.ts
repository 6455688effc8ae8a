import type { Static } from 'typebox';
import type {
  ContributionsResponse,
  EmployerResponse,
  MovementBody,
  MovementResponse,
  VigenciaResponse,
  WorkerResponse,
} from '../../../server/src/modules/employer/schema.ts';
import type { EfirmaChallengeResponse, EfirmaLoginBody } from '../../../server/src/modules/employer/efirma/schema.ts';
import type { SessionInfo } from './auth.ts';
import type { ApiClient } from './client.ts';

/**
 * The patrón portal's endpoints (server/src/modules/employer/routes.ts and efirma/routes.ts).
 * Types come from the server's TypeBox schemas (type-only imports: nothing of the server is bundled).
 */
export type Employer = Static<typeof EmployerResponse>;
export type Registro = Employer['registros'][number];
export type Worker = Static<typeof WorkerResponse>;
export type Movement = Static<typeof MovementResponse>;
export type NewMovement = Static<typeof MovementBody>;
export type Contributions = Static<typeof ContributionsResponse>;
export type Vigencia = Static<typeof VigenciaResponse>;
export type BajaCause = NonNullable<NewMovement['bajaCause']>;

/** The e.firma login's challenge and answer (server/src/modules/employer/efirma/schema.ts). */
export type EfirmaChallenge = EfirmaChallengeResponse;
export type EfirmaLogin = EfirmaLoginBody;

const seg = encodeURIComponent;

/** Downloads go through the same origin and cookie; these are their addresses (links, not fetches). */
export const employerDownloads = {
  workersCsv: (registro: string) => `/api/employer/registros/${seg(registro)}/workers.csv`,
  contributionsCsv: (registro: string, month: string) => `/api/employer/registros/${seg(registro)}/contributions.csv?month=${seg(month)}`,
  constancia: (curp: string) => `/api/employer/workers/${seg(curp)}/constancia`,
};

export function efirmaApi(client: ApiClient) {
  return {
    challenge: () => client.post<EfirmaChallenge>('/api/auth/efirma/challenge'),
    login: (input: EfirmaLogin) => client.post<SessionInfo>('/api/auth/efirma/login', input),
  };
}

export function employerApi(client: ApiClient) {
  return {
    employer: () => client.get<Employer>('/api/employer'),
    workers: (registro: string) => client.get<Worker[]>(`/api/employer/registros/${seg(registro)}/workers`),
    history: (registro: string, curp: string) => client.get<Movement[]>(`/api/employer/registros/${seg(registro)}/workers/${seg(curp)}/movements`),
    registerMovement: (registro: string, movement: NewMovement) => client.post<Movement>(`/api/employer/registros/${seg(registro)}/movements`, movement),
    contributions: (registro: string, month: string) => client.get<Contributions>(`/api/employer/registros/${seg(registro)}/contributions?month=${seg(month)}`),
    vigencia: (curp: string) => client.get<Vigencia>(`/api/employer/workers/${seg(curp)}/vigencia`),
  };
}

export type EmployerApi = ReturnType<typeof employerApi>;
