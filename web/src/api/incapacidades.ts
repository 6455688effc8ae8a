import type { IssueBody } from '../../../server/src/modules/incapacity/schema.ts';
import type { ApiClient } from './client.ts';

/** Wire types of /api/incapacidades (server/src/modules/incapacity/service.ts). */
export type Ramo = IssueInput['ramo'];
export type Tipo = IssueInput['tipo'];

export interface Incapacidad {
  folio: string;
  ramo: Ramo;
  tipo: Tipo;
  startDate: string;
  days: number;
  endDate: string;
  diagnosisCode: string;
  maternity: { prenatalDays: number; postnatalDays: number; weeksTransferred: number; probableBirthDate: string } | null;
  subsidy: {
    eligible: boolean;
    rate: number;
    sbc: string | null;
    dailyAmount: string;
    paidDays: number;
    firstPaidDate: string | null;
    total: string;
    weeksContributed: number;
    historySource: 'patron' | 'demostracion';
    checks: Array<{ rule: string; source: string; met: boolean; detail: string }>;
    reason: string | null;
  };
  patient: { curp: string; nss: string | null; name: string };
  employer: { name: string; registro: string } | null;
  documentSha256: string;
  issuedAt: string;
  signature: { folio: string; modality: 'rostro' | 'huella'; timestampedAt: string } | null;
}

/** POST /api/incapacidades (server/src/modules/incapacity/schema.ts IssueBody). */
export type IssueInput = IssueBody;

export interface SignatureResult {
  folio: string;
  signatureFolio: string;
  documentSha256: string;
  timestampedAt: string;
  verifyPath: string;
}

export const RAMO_LABELS: Record<Ramo, string> = { enfermedad_general: 'Enfermedad general', riesgo_trabajo: 'Riesgo de trabajo', maternidad: 'Maternidad' };
export const TIPO_LABELS: Record<Tipo, string> = { inicial: 'Inicial', subsecuente: 'Subsecuente', recaida: 'Recaída' };
export const EVIDENCE_FILES = ['document.pdf', 'evidence.json', 'evidence.p7s', 'evidence.tsr', 'institution-ca.pem', 'tsa-ca.pem'] as const;

export function incapacidadesApi(client: ApiClient) {
  const base = '/api/incapacidades';
  return {
    issue: (input: IssueInput) => client.post<Incapacidad>(base, input),
    issued: () => client.get<Incapacidad[]>(`${base}/expedidas`),
    mine: () => client.get<Incapacidad[]>(`${base}/mias`),
    forEmployer: () => client.get<Incapacidad[]>(`${base}/patron`),
    challenge: (folio: string) => client.post<{ id: string; steps: string[]; expiresAt: string }>(`${base}/${folio}/firma/reto`),
    get: (folio: string) => client.get<Incapacidad>(`${base}/${folio}`),
    signWithFinger: (folio: string, body: { stationId: string; fingerReaderId: string; fingers: Array<{ position: number; simulate?: Record<string, never>; image?: string }>; documentSha256: string }) =>
      client.post<SignatureResult>(`${base}/${folio}/firma/huella`, body),
    signWithFace: (folio: string, body: { challengeId: string; frames: string[]; face: string; documentSha256: string }) => client.post<SignatureResult>(`${base}/${folio}/firma/rostro`, body),
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
