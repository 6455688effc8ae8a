import { Type } from 'typebox';

/** How the web app presents the institution: header name and logo, privacy notice, help line. */
export interface Institution {
  name: string;
  /** An image URL for the header's logo slot (same origin or data:, per the CSP); null = the app's mark. */
  logoUrl: string | null;
  privacyNoticeUrl: string;
  /** Shown in the footer; the demo uses IMSS's public line. */
  helpLine: string | null;
}

export const InstitutionResponse = Type.Object({
  name: Type.String(),
  logoUrl: Type.Union([Type.String(), Type.Null()]),
  privacyNoticeUrl: Type.String(),
  helpLine: Type.Union([Type.String(), Type.Null()]),
});

/** INSTITUTION_NAME, INSTITUTION_LOGO_URL, INSTITUTION_PRIVACY_URL, INSTITUTION_HELP_LINE. */
export function parseInstitution(env: Record<string, string | undefined>, demo: boolean): Institution {
  return {
    name: env.INSTITUTION_NAME?.trim() || 'Instituto Mexicano del Seguro Social',
    logoUrl: env.INSTITUTION_LOGO_URL?.trim() || null,
    privacyNoticeUrl: env.INSTITUTION_PRIVACY_URL?.trim() || '/aviso-de-privacidad',
    helpLine: env.INSTITUTION_HELP_LINE?.trim() || (demo ? '800 623 2323' : null),
  };
}
