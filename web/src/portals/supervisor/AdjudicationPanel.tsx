import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import {
  adjudicationApi,
  DECISION_LABELS,
  describeOperatingPoint,
  fullName,
  STATUS_LABELS,
  type AdjudicationDecision,
  type AdjudicationEvidence,
  type Candidate,
  type PendingEnrollment,
  type PersonSummary,
} from '../../api/adjudication.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useSession } from '../../session/SessionProvider.tsx';
import { DecidedList } from './DecidedList.tsx';
import { EvidenceView } from './EvidenceView.tsx';
import { instant } from '../../format/date-time.ts';

type People = Record<string, PersonSummary | null>;

const score = (value: number | null) => (value === null ? 'sin dato' : value.toFixed(2));

function PersonFacts({ curp, people }: { curp: string | null; people: People }) {
  const person = curp ? people[curp] : null;
  return (
    <>
      <Typography sx={{ fontWeight: 500 }}>{person ? fullName(person) : curp ? 'Nombre no disponible' : 'Persona sin CURP registrada'}</Typography>
      <Typography variant="body2" sx={{ fontFamily: 'monospace' }}>
        {curp ?? '—'}
      </Typography>
      {person && (
        <Typography variant="body2" color="text.secondary">
          Nacimiento {person.birthDate} · sexo {person.sex}
        </Typography>
      )}
    </>
  );
}

function CandidateCard({ candidate, people, busy, onSame }: { candidate: Candidate; people: People; busy: boolean | 'hidden'; onSame: () => void }) {
  return (
    <Card variant="outlined" sx={{ borderColor: 'secondary.main' }} data-testid={`candidate-${candidate.personId}`}>
      <CardContent>
        <Typography variant="overline" color="text.secondary">
          Registro existente que coincide
        </Typography>
        <PersonFacts curp={candidate.curp} people={people} />
        <Chip size="small" variant="outlined" label={`Estado: ${STATUS_LABELS[candidate.status]}`} sx={{ mt: 1 }} />
        <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 12, rowGap: 4, margin: '12px 0' }}>
          <Typography component="dt" variant="body2" color="text.secondary">
            Puntaje combinado
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0, fontWeight: 500 }}>
            {score(candidate.score)} {candidate.score >= 1 ? '(supera el umbral de 1.00)' : '(bajo el umbral de 1.00)'}
          </Typography>
          <Typography component="dt" variant="body2" color="text.secondary">
            Huellas
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0 }}>
            {score(candidate.fingerScore)}
          </Typography>
          <Typography component="dt" variant="body2" color="text.secondary">
            Rostro
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0 }}>
            {score(candidate.faceScore)}
          </Typography>
        </dl>
        {busy !== 'hidden' && (
          <Button variant="outlined" size="small" disabled={busy} onClick={onSame}>
            {DECISION_LABELS.misma_persona}
          </Button>
        )}
      </CardContent>
    </Card>
  );
}

function EnrollmentCase({
  item,
  people,
  onDecide,
  api,
}: {
  item: PendingEnrollment;
  people: People;
  onDecide: (decision: AdjudicationDecision, samePersonId: string | null, notes: string) => Promise<void>;
  api: AdjudicationApi;
}) {
  const { review } = item;
  const sameAsCurp = review?.samePersonId ? (item.candidates.find((c) => c.personId === review.samePersonId)?.curp ?? null) : null;
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const decide = async (decision: AdjudicationDecision, samePersonId: string | null = null) => {
    setBusy(true);
    setError(null);
    try {
      await onDecide(decision, samePersonId, notes.trim());
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return (
    <Card variant="outlined" component="li" sx={{ listStyle: 'none' }} data-testid={`adjudication-${item.enrollmentId}`}>
      <CardContent>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          Enrolamiento versión {item.version} del {instant(item.createdAt)} · las huellas o el rostro coinciden con {item.candidates.length}{' '}
          {item.candidates.length === 1 ? 'registro' : 'registros'}
        </Typography>
        {item.operatingPoint && (
          <Typography variant="body2" color="text.secondary" gutterBottom data-testid="operating-point">
            {describeOperatingPoint(item.operatingPoint)}
          </Typography>
        )}
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: 'repeat(auto-fit, minmax(260px, 1fr))' }, alignItems: 'stretch' }}>
          <Card variant="outlined" sx={{ borderColor: 'primary.main' }}>
            <CardContent>
              <Typography variant="overline" color="text.secondary">
                Persona que se enroló
              </Typography>
              <PersonFacts curp={item.curp} people={people} />
              <Chip size="small" variant="outlined" label="Estado: Pendiente" sx={{ mt: 1 }} />
            </CardContent>
          </Card>
          {item.candidates.map((c) => (
            <CandidateCard key={c.personId} candidate={c} people={people} busy={item.mayDecide ? busy : 'hidden'} onSame={() => void decide('misma_persona', c.personId)} />
          ))}
        </Box>
        <Alert severity={review ? 'warning' : 'info'} sx={{ mt: 2 }} data-testid="adjudication-stage">
          {review
            ? `Paso 2 de 2: ${review.byYou ? 'usted registró' : 'otro supervisor registró'} la primera decisión («${DECISION_LABELS[review.decision]}${sameAsCurp ? `, CURP ${sameAsCurp}` : ''}») el ${instant(review.firstAt)}. Surte efecto cuando un segundo supervisor, distinto, tome la misma decisión.`
            : 'Paso 1 de 2: la decisión requiere a dos supervisores distintos; la primera queda registrada y espera la confirmación de un segundo supervisor.'}
          {!item.mayDecide && !review?.byYou && ' Usted participó en este enrolamiento (lo realizó o capturó en él), por lo que no puede decidirlo.'}
        </Alert>
        {item.candidates.map((c) => (
          <Box component="section" key={c.personId} sx={{ mt: 3 }} aria-label={`Comparación con ${c.curp ?? 'el registro existente'}`}>
            <Typography variant="h3" gutterBottom>
              Rostros y huellas: {item.curp} (izquierda) y {c.curp ?? 'registro existente'} (derecha)
            </Typography>
            <CandidateEvidence api={api} enrollmentId={item.enrollmentId} candidatePersonId={c.personId} leftLabel={`Se enroló: ${item.curp}`} rightLabel={`Registro existente: ${c.curp ?? '—'}`} />
          </Box>
        ))}
        <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
          «Misma persona» une este registro con el candidato; «Fraude» lo rechaza y lo deja en la lista de vigilancia; «Personas distintas» lo registra.
        </Typography>
        {item.mayDecide && (
        <Box sx={{ mt: 2, display: 'flex', gap: 1.5, flexWrap: 'wrap', alignItems: 'flex-start' }}>
          <TextField size="small" label="Notas de la decisión" value={notes} onChange={(e) => setNotes(e.target.value)} sx={{ flex: '1 1 280px' }} slotProps={{ htmlInput: { maxLength: 2000 } }} />
          <Button variant="contained" color="secondary" disabled={busy} onClick={() => void decide('fraude')}>
            {DECISION_LABELS.fraude}
          </Button>
          <Button variant="contained" disabled={busy} onClick={() => void decide('personas_distintas')}>
            {DECISION_LABELS.personas_distintas}
          </Button>
        </Box>
        )}
        {error ? (
          <Box sx={{ mt: 2 }}>
            <ErrorAlert error={error} />
          </Box>
        ) : null}
      </CardContent>
    </Card>
  );
}

type AdjudicationApi = ReturnType<typeof adjudicationApi>;

/** Loads once per (enrollment, candidate): each load is an audited read of both people's biometrics. */
function CandidateEvidence(props: { api: AdjudicationApi; enrollmentId: string; candidatePersonId: string; leftLabel: string; rightLabel: string }) {
  const { api, enrollmentId, candidatePersonId, leftLabel, rightLabel } = props;
  const load = (): Promise<AdjudicationEvidence> => api.evidence(enrollmentId, candidatePersonId);
  return <EvidenceView queryKey={['adjudication', 'evidence', enrollmentId, candidatePersonId]} load={load} leftLabel={leftLabel} rightLabel={rightLabel} />;
}

const PENDING_KEY = ['adjudication', 'pending'] as const;
const DECIDED_KEY = ['adjudication', 'decided'] as const;

/** Enrollments whose biometrics matched another identity, each beside its candidates, to adjudicate. */
export function AdjudicationPanel() {
  const { client } = useSession();
  const api = useMemo(() => adjudicationApi(client), [client]);
  const queryClient = useQueryClient();
  const pending = useQuery({ queryKey: PENDING_KEY, queryFn: () => api.pending() });
  const queue = pending.data;
  const error = pending.error;
  const curps = [...new Set((queue ?? []).flatMap((p) => [p.curp, ...p.candidates.map((c) => c.curp)]).filter((c): c is string => c !== null))];
  // One audited identity read per CURP, kept while the CURP stays in the queue (a decided case leaves the others' names
  // in place, unread again); a failed one leaves the name out, not the case.
  const names = useQueries({ queries: curps.map((curp) => ({ queryKey: ['adjudication', 'person', curp], queryFn: () => api.person(curp).then((p) => p ?? null, () => null) })) });
  const people: People = Object.fromEntries(names.flatMap((n, i) => (n.data === undefined ? [] : [[curps[i], n.data] as const])));
  const [done, setDone] = useState<string | null>(null);
  // The past decisions are their own section: failing to load them leaves the queue usable.
  const decidedQuery = useQuery({ queryKey: DECIDED_KEY, queryFn: () => api.decided() });
  const decided = decidedQuery.data;
  const decidedError = decidedQuery.error;
  const setQueue = (update: (list: PendingEnrollment[] | undefined) => PendingEnrollment[]) => queryClient.setQueryData<PendingEnrollment[]>(PENDING_KEY, update);

  const decide = async (item: PendingEnrollment, decision: AdjudicationDecision, samePersonId: string | null, notes: string) => {
    const result = await api.decide(item.enrollmentId, { decision, samePersonId, notes: notes || null });
    if (result.review.stage === 'primera_decision') {
      // Four eyes: the case stays in the list, now waiting for another supervisor.
      setQueue((list) => (list ?? []).map((p) => (p.enrollmentId === item.enrollmentId ? { ...p, mayDecide: false, review: { decision, samePersonId: result.review.samePersonId, firstBy: result.review.firstBy, firstAt: new Date().toISOString(), byYou: true } } : p)));
      setDone(`Primera decisión registrada para la CURP ${item.curp}: ${DECISION_LABELS[decision].toLowerCase()}. Falta la confirmación de otro supervisor.`);
      return;
    }
    setQueue((list) => (list ?? []).filter((p) => p.enrollmentId !== item.enrollmentId));
    setDone(`Decisión confirmada por dos supervisores para la CURP ${item.curp}: ${DECISION_LABELS[decision].toLowerCase()}.`);
    void queryClient.invalidateQueries({ queryKey: DECIDED_KEY });
  };

  if (error) return <ErrorAlert error={error} />;
  if (!queue) {
    return (
      <Box role="status" sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
        <CircularProgress size={24} aria-label="Cargando" /> <Typography>Cargando la cola de adjudicación…</Typography>
      </Box>
    );
  }
  return (
    <Box>
      <Typography variant="h2" gutterBottom>
        Posibles duplicados por resolver ({queue.length})
      </Typography>
      {done && (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => setDone(null)}>
          {done}
        </Alert>
      )}
      {queue.length === 0 ? (
        <Alert severity="info">No hay enrolamientos pendientes de adjudicación.</Alert>
      ) : (
        <Box component="ul" sx={{ p: 0, m: 0, display: 'grid', gap: 3 }} aria-label="Enrolamientos pendientes">
          {queue.map((item) => (
            <EnrollmentCase
              key={item.enrollmentId}
              item={item}
              people={people}
              onDecide={(d, same, notes) => decide(item, d, same, notes)}
              api={api}
            />
          ))}
        </Box>
      )}
      {decided && <DecidedList decided={decided} />}
      {decidedError ? <ErrorAlert error={decidedError} /> : null}
    </Box>
  );
}
