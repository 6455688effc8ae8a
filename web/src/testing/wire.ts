import type { Justification, QuincenaAttendance } from '../api/attendance.ts';
import type { SessionInfo } from '../api/auth.ts';
import type { Incapacidad } from '../api/incapacidades.ts';
import type { StaffPensionerRow } from '../api/pension.ts';
import type { RetentionCategory, RetentionSettingsView } from '../api/privacy.ts';

/**
 * What each route the web's tests fake answers, by "METHOD /path/:param": the server's own types
 * (through src/api, which imports them type-only from the server's schemas). A fake answer that
 * drifts from the server's schema is a type error in the test, not a test that passes on a shape
 * the server no longer sends. Add a route here when a test fakes it.
 */
export interface WireResponses {
  'GET /api/session': SessionInfo;
  'GET /api/attendance/quincenas/:id': QuincenaAttendance;
  'POST /api/attendance/justifications': Justification;
  'GET /api/privacy/retention/settings': RetentionSettingsView;
  'PUT /api/privacy/retention/:category': RetentionCategory;
  'GET /api/incapacidades/patron': Incapacidad[];
  'GET /api/pension/staff/pensioners': StaffPensionerRow[];
}

export type WireRoute = keyof WireResponses;

export interface FakeRequest {
  method: string;
  url: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

/** A handler answers the route's type, or a Response of its own (an error with the server's code). */
export type FakeRoutes = { [R in WireRoute]?: (request: FakeRequest) => WireResponses[R] | Response | Promise<WireResponses[R] | Response> };

export const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** The error body of every API response (server/src/http/error-handler.ts). */
export const apiError = (status: number, code: string, message: string, details?: Record<string, unknown>) => json(status, { error: { code, message, ...(details ? { details } : {}) } });

/** Finds the handler whose "METHOD /path/:param" matches, with the params it names. */
export function matchRoute(routes: FakeRoutes, method: string, url: string): { handler: (request: FakeRequest) => unknown; params: Record<string, string> } | null {
  const [path] = url.split('?');
  for (const [route, handler] of Object.entries(routes) as Array<[string, ((request: FakeRequest) => unknown) | undefined]>) {
    if (!handler) continue;
    const [routeMethod, pattern] = route.split(' ');
    if (routeMethod !== method) continue;
    const names: string[] = [];
    const regex = new RegExp(`^${pattern.replace(/:([a-zA-Z]+)/g, (_, name: string) => (names.push(name), '([^/]+)'))}$`);
    const found = regex.exec(path);
    if (found) return { handler, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(found[i + 1])])) };
  }
  return null;
}
