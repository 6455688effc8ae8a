import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { privacyApi, type Notice } from '../api/privacy.ts';
import { useDocumentTitle } from '../components/useDocumentTitle.ts';
import { useSession } from '../session/SessionProvider.tsx';
import { useInstitution } from './useInstitution.ts';

/**
 * `/aviso-de-privacidad`: the simplified and the integral notice (LGPDPPSO arts. 26–28), read from
 * the files the institution edits (server/privacy/*.md, via /api/privacy/notice), with their version.
 */
export function PrivacyNoticePage() {
  const institution = useInstitution();
  const { client } = useSession();
  const api = useMemo(() => privacyApi(client), [client]);
  const simpleNotice = useQuery({ queryKey: ['privacy', 'notice', 'simplificado'], queryFn: () => api.notice('simplificado') });
  const integralNotice = useQuery({ queryKey: ['privacy', 'notice', 'integral'], queryFn: () => api.notice('integral') });
  const simple = simpleNotice.data;
  const integral = integralNotice.data;
  const failed = simpleNotice.isError || integralNotice.isError;
  useDocumentTitle('Aviso de privacidad');
  return (
    <Paper variant="outlined" sx={{ p: { xs: 2.5, sm: 4 } }}>
      <Typography variant="h1" gutterBottom>
        Aviso de privacidad simplificado
      </Typography>
      {failed && <Typography color="error">No se pudo cargar el aviso de privacidad. Intente más tarde.</Typography>}
      {simple && <NoticeText notice={simple} />}
      <Typography variant="h2" gutterBottom sx={{ mt: 4 }}>
        Aviso de privacidad integral
      </Typography>
      {integral && <NoticeText notice={integral} />}
      {institution.helpLine && <Typography sx={{ mb: 2 }}>Informes: {institution.helpLine}.</Typography>}
    </Paper>
  );
}

/** The notice's Markdown as plain paragraphs (headings and emphasis marks dropped), and its version. */
function NoticeText({ notice }: { notice: Notice }) {
  const paragraphs = notice.text
    .split(/\n{2,}/)
    .map((p) => p.replace(/^#+\s*/gm, '').replace(/[*`]/g, '').trim())
    .filter((p) => p && !/^aviso de privacidad/i.test(p));
  return (
    <>
      {paragraphs.map((p) => (
        <Typography key={p.slice(0, 60)} sx={{ mb: 2, whiteSpace: 'pre-line' }}>
          {p}
        </Typography>
      ))}
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        Versión {notice.version}
      </Typography>
    </>
  );
}
