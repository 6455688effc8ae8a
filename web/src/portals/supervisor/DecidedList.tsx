import Alert from '@mui/material/Alert';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { DECISION_LABELS, type DecidedAdjudication } from '../../api/adjudication.ts';
import { instant } from '../../format/date-time.ts';

/** Past adjudications, newest first: when, about whom, what was decided, by whom and why. */
export function DecidedList({ decided }: { decided: DecidedAdjudication[] }) {
  return (
    <section aria-labelledby="decisiones-anteriores">
      <Typography variant="h2" id="decisiones-anteriores" gutterBottom sx={{ mt: 4 }}>
        Decisiones anteriores
      </Typography>
      {decided.length === 0 ? (
        <Alert severity="info">Todavía no hay decisiones de adjudicación.</Alert>
      ) : (
        <Table size="small" aria-labelledby="decisiones-anteriores">
          <TableHead>
            <TableRow>
              <TableCell>Fecha</TableCell>
              <TableCell>CURP enrolada</TableCell>
              <TableCell>Decisión</TableCell>
              <TableCell>Decidió</TableCell>
              <TableCell>Motivo</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {decided.map((d) => (
              <TableRow key={d.id}>
                <TableCell>{instant(d.decidedAt)}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace' }}>{d.curp}</TableCell>
                <TableCell>
                  {DECISION_LABELS[d.decision]}
                  {d.sameAsCurp ? ` (con ${d.sameAsCurp})` : ''}
                </TableCell>
                <TableCell>
                  {d.confirmedBy ? 'Propuso: ' : ''}
                  {d.supervisor.name}
                  {d.supervisor.matricula ? `, matrícula ${d.supervisor.matricula}` : ''}
                  {d.confirmedBy && (
                    <>
                      <br />
                      Confirmó: {d.confirmedBy.name}
                      {d.confirmedBy.matricula ? `, matrícula ${d.confirmedBy.matricula}` : ''}
                    </>
                  )}
                </TableCell>
                <TableCell>
                  {d.notes ?? 'Sin motivo escrito'}
                  {d.confirmedBy?.notes && d.confirmedBy.notes !== d.notes && (
                    <>
                      <br />
                      Confirmación: {d.confirmedBy.notes}
                    </>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
