import { CURP_STATES } from '@siap/mx-identity';
import { AppError } from '../../shared/app-error.ts';
import type { PopulationRegistry, RegistryRecord, RegistryStatus } from './population-registry.ts';

/**
 * PopulationRegistry over HTTP, for deployments that reach RENAPO (or a gateway in front of it).
 * The wire format is ours, documented in RENAPO-CONTRACT.md: a gateway adapts RENAPO's own web
 * service to it. Every answer is checked field by field, because an identity is created from it.
 */
export interface HttpPopulationRegistryOptions {
  /** e.g. https://renapo-gateway.internal/v1 (no trailing slash needed). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`; never copied into errors or logs. */
  apiKey?: string;
  /** Whole-request budget (connect, headers and body). Default 5000 ms. */
  timeoutMs?: number;
}

/** A record is a few hundred bytes; anything far larger is not an answer to our question. */
const MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 5_000;

/**
 * RENAPO's own `statusCurp` codes (ConsultaPorCurp web service) are accepted besides the contract's
 * 'vigente'/'baja': A… (alta) and RC… (registro de cambio) mean the CURP is in force; B… (baja por
 * defunción, duplicidad, documento apócrifo, cambio…) means it was cancelled.
 */
const RENAPO_ACTIVE_CODES = new Set(['AN', 'AH', 'RCC', 'RCN']);
const RENAPO_CANCELLED_CODES = new Set(['BAP', 'BD', 'BDA', 'BDM', 'BSU', 'BCC', 'BCN']);

const unavailable = (reason: string, details: Record<string, unknown> = {}): AppError =>
  new AppError(
    'RENAPO_UNAVAILABLE',
    'El servicio de RENAPO no está disponible en este momento. Intente de nuevo más tarde.',
    503,
    { reason, ...details },
  );

const badResponse = (reason: string, details: Record<string, unknown> = {}): AppError =>
  new AppError(
    'RENAPO_BAD_RESPONSE',
    'RENAPO respondió con datos que no se pudieron interpretar. Intente de nuevo más tarde.',
    502,
    { reason, ...details },
  );

export class HttpPopulationRegistry implements PopulationRegistry {
  private readonly baseUrl: string;
  private readonly apiKey: string | undefined;
  private readonly timeoutMs: number;

  constructor(options: HttpPopulationRegistryOptions) {
    const url = new URL(options.baseUrl); // throws on a malformed URL: a configuration error
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error('HttpPopulationRegistry: baseUrl must be http(s)');
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    // A key with control characters or spaces would make fetch throw an error that quotes the header.
    if (options.apiKey !== undefined && !/^[\x21-\x7e]+$/.test(options.apiKey)) {
      throw new Error('HttpPopulationRegistry: apiKey must be printable ASCII without spaces');
    }
    this.apiKey = options.apiKey;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(this.timeoutMs) || this.timeoutMs <= 0) {
      throw new Error('HttpPopulationRegistry: timeoutMs must be a positive number');
    }
  }

  /**
   * Resolves null when RENAPO has no such CURP, and without asking when the text cannot be a CURP
   * (18 letters and digits) — nothing could match it.
   * @throws AppError RENAPO_UNAVAILABLE (503) or RENAPO_BAD_RESPONSE (502).
   */
  async lookup(curp: string): Promise<RegistryRecord | null> {
    const wanted = String(curp ?? '').trim().toUpperCase();
    if (!/^[A-Z0-9]{18}$/.test(wanted)) return null;

    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    const signal = AbortSignal.timeout(this.timeoutMs);

    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/curp/${encodeURIComponent(wanted)}`, {
        method: 'GET',
        headers,
        signal,
        redirect: 'error', // a redirect could carry the bearer key to another host
      });
    } catch (error) {
      throw unavailable(describeFetchFailure(error, signal));
    }

    if (response.status === 404) {
      await response.body?.cancel().catch(() => undefined);
      return null;
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      // 5xx: RENAPO is down; 401/403: our key was refused; 408/429: it is shedding load. In every
      // case nothing the user can fix, so the identity flow should retry later.
      if (response.status >= 500 || [401, 403, 408, 429].includes(response.status)) {
        throw unavailable('upstream_status', { upstreamStatus: response.status });
      }
      throw badResponse('unexpected_status', { upstreamStatus: response.status });
    }

    let text: string;
    try {
      text = await readCapped(response, MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw unavailable(describeFetchFailure(error, signal));
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw badResponse('invalid_json');
    }
    return parseRecord(body, wanted);
  }
}

function describeFetchFailure(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'timeout';
  // undici wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }).
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code.toLowerCase() : 'network_error';
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw badResponse('body_too_large');
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw badResponse('body_too_large');
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}

const isIsoDate = (s: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() + 1 === Number(m[2]) && d.getUTCDate() === Number(m[3]);
};

function parseStatus(value: unknown): RegistryStatus | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  if (v === 'vigente' || v === 'baja') return v;
  const code = v.toUpperCase();
  if (RENAPO_ACTIVE_CODES.has(code)) return 'vigente';
  if (RENAPO_CANCELLED_CODES.has(code)) return 'baja';
  return null;
}

/** Checks the contract field by field; names the first field that does not conform. */
function parseRecord(body: unknown, wanted: string): RegistryRecord {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badResponse('not_an_object');
  }
  const b = body as Record<string, unknown>;
  const field = (name: string): never => {
    throw badResponse('invalid_field', { field: name });
  };
  const text = (name: string): string => {
    const v = b[name];
    if (typeof v !== 'string' || v.trim() === '' || v.length > 200) field(name);
    return (v as string).trim();
  };

  const curp = text('curp').toUpperCase();
  if (curp !== wanted) throw badResponse('curp_mismatch');
  const givenNames = text('nombres');
  const firstSurname = text('primerApellido');
  const rawSecond = b.segundoApellido;
  let secondSurname: string | null = null;
  if (rawSecond !== undefined && rawSecond !== null) {
    if (typeof rawSecond !== 'string' || rawSecond.length > 200) field('segundoApellido');
    secondSurname = (rawSecond as string).trim() || null;
  }
  const birthDate = text('fechaNacimiento');
  if (!isIsoDate(birthDate)) field('fechaNacimiento');
  const sex = text('sexo');
  if (sex !== 'H' && sex !== 'M' && sex !== 'X') field('sexo');
  const birthState = text('claveEntidadNacimiento').toUpperCase();
  if (!Object.prototype.hasOwnProperty.call(CURP_STATES, birthState)) field('claveEntidadNacimiento');
  const status = parseStatus(b.estatusCurp);
  if (!status) field('estatusCurp');

  return {
    curp,
    givenNames,
    firstSurname,
    secondSurname,
    birthDate,
    sex: sex as RegistryRecord['sex'],
    birthState,
    status: status as RegistryStatus,
  };
}
