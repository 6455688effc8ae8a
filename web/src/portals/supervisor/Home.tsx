import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { reportsApi } from '../../api/reports.ts';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { AdjudicationPanel } from './AdjudicationPanel.tsx';
import { GhostReportPanel } from './GhostReportPanel.tsx';
import { InsuredPanel } from './InsuredPanel.tsx';
import { JustificationsPanel } from './JustificationsPanel.tsx';
import { PensionersPanel } from './PensionersPanel.tsx';

const VIEWS = [
  { id: 'justificaciones', label: 'Justificaciones' },
  { id: 'adjudicacion', label: 'Adjudicación biométrica' },
  { id: 'fantasmas', label: 'Empleados fantasma' },
  { id: 'pensionados', label: 'Pensionados en riesgo' },
  { id: 'asegurados', label: 'Asegurados sin biometría' },
] as const;
type View = (typeof VIEWS)[number]['id'];

/** The supervisor's work: justifications to decide, possible duplicates to adjudicate, the ghost-employee report. */
export function SupervisorHome() {
  const { client, state } = useSession();
  const [params] = useSearchParams();
  const view: View = VIEWS.find((v) => v.id === params.get('vista'))?.id ?? 'justificaciones';
  const api = useMemo(() => reportsApi(client), [client]);
  // Names for the justification cards; without them (not loaded yet, or failed) the cards still work (they show an id).
  const staff = useQuery({ queryKey: ['reports', 'staff'], queryFn: () => api.staff() }).data ?? [];
  useDocumentTitle(`Supervisor · ${VIEWS.find((v) => v.id === view)?.label}`);

  const nameOf = (personId: string) => {
    const member = staff.find((s) => s.personId === personId);
    return member ? `${member.name}${member.matricula ? ` (matrícula ${member.matricula})` : ''}` : null;
  };
  const name = state.status === 'authenticated' ? state.session.displayName : '';

  return (
    <Box>
      <Typography variant="h1" gutterBottom>
        Hola, {name || 'Supervisor'}
      </Typography>
      <Tabs value={view} aria-label="Secciones del supervisor" sx={{ mb: 3, borderBottom: 1, borderColor: 'divider' }} variant="scrollable" allowScrollButtonsMobile>
        {VIEWS.map((v) => (
          <Tab key={v.id} value={v.id} label={v.label} component={RouterLink} to={`?vista=${v.id}`} />
        ))}
      </Tabs>
      {view === 'justificaciones' && <JustificationsPanel nameOf={nameOf} />}
      {view === 'adjudicacion' && <AdjudicationPanel />}
      {view === 'fantasmas' && <GhostReportPanel />}
      {view === 'pensionados' && <PensionersPanel />}
      {view === 'asegurados' && <InsuredPanel />}
    </Box>
  );
}
