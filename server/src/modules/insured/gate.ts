import type { RestrictionState } from './tables.ts';

export type ConsultationKind = 'ordinaria' | 'urgencias';

export interface GateDecision {
  allowed: boolean;
  /** Shown with the booking when allowed (restringido). */
  warning: string | null;
  /** Why not, when refused (nss_suspendido). */
  code: string | null;
  message: string | null;
}

/**
 * THE rule of which consultations a restriction allows (issue 15, item 3), in one place; the
 * appointment service and the portal both ask it:
 * - urgencias: never gated, whatever the state;
 * - restringido: may book, with a visible warning and the deadline;
 * - nss_suspendido: no ordinary consultation.
 */
export function consultationGate(state: RestrictionState, kind: ConsultationKind, deadline: string | null): GateDecision {
  if (kind === 'urgencias') return { allowed: true, warning: null, code: null, message: null };
  if (state === 'restringido') {
    return {
      allowed: true,
      warning: `Trámite restringido por falta de biometría: registre sus huellas y rostro${deadline ? ` a más tardar el ${deadline}` : ''} o su NSS será suspendido.`,
      code: null,
      message: null,
    };
  }
  if (state === 'nss_suspendido') {
    return {
      allowed: false,
      warning: null,
      code: 'NSS_SUSPENDED',
      message: 'Su NSS está suspendido por falta de registro biométrico: no puede agendar consulta ordinaria. Acuda a registrar sus huellas y rostro; la atención de urgencias no se le niega.',
    };
  }
  return { allowed: true, warning: null, code: null, message: null };
}
