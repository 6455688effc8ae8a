import type { FaceSignBody, FingerSignBody, IncapacidadView, IssueBody, SignatureResult } from '../../../server/src/modules/incapacity/schema.ts';
import type { ChallengeResponse } from '../../../server/src/modules/verification/schema.ts';
import type { ApiClient } from './client.ts';

/**
 * Wire types of /api/incapacidades: the Static types of incapacity/schema.ts (type-only imports),
 * the schemas the server serializes its replies with.
 */
export type { IncapacidadView as Incapacidad, SignatureResult } from '../../../server/src/modules/incapacity/schema.ts';
/** POST /api/incapacidades. */
export type IssueInput = IssueBody;
export type Ramo = IssueInput['ramo'];
export type Tipo = IssueInput['tipo'];

export const RAMO_LABELS: Record<Ramo, string> = { enfermedad_general: 'Enfermedad general', riesgo_trabajo: 'Riesgo de trabajo', maternidad: 'Maternidad' };
export const TIPO_LABELS: Record<Tipo, string> = { inicial: 'Inicial', subsecuente: 'Subsecuente', recaida: 'Recaída' };
export const EVIDENCE_FILES = ['document.pdf', 'evidence.json', 'evidence.p7s', 'evidence.tsr', 'institution-ca.pem', 'tsa-ca.pem'] as const;

export function incapacidadesApi(client: ApiClient) {
  const base = '/api/incapacidades';
  return {
    issue: (input: IssueInput) => client.post<IncapacidadView>(base, input),
    issued: () => client.get<IncapacidadView[]>(`${base}/expedidas`),
    mine: () => client.get<IncapacidadView[]>(`${base}/mias`),
    forEmployer: () => client.get<IncapacidadView[]>(`${base}/patron`),
    challenge: (folio: string) => client.post<ChallengeResponse>(`${base}/${folio}/firma/reto`),
    get: (folio: string) => client.get<IncapacidadView>(`${base}/${folio}`),
    signWithFinger: (folio: string, body: FingerSignBody) =>
      client.post<SignatureResult>(`${base}/${folio}/firma/huella`, body),
    signWithFace: (folio: string, body: FaceSignBody) => client.post<SignatureResult>(`${base}/${folio}/firma/rostro`, body),
    documentUrl: (folio: string) => `${base}/${folio}/documento.pdf`,
    signedUrl: (folio: string) => `${base}/${folio}/firmado.pdf`,
    evidenceUrl: (folio: string, file: string) => `${base}/${folio}/evidencia/${file}`,
  };
}

/** SHA-256 (hex) of bytes, in the browser: the hash of the document the person actually reviewed. */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
