import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { RAMO_LABELS, TIPO_LABELS, type Incapacidad } from '../../api/incapacidades.ts';

/** One certificado as the three portals show it: terms, subsidy (with its legal sources), signature state. */
export function IncapacidadSummary({ item, showPatient = false }: { item: Incapacidad; showPatient?: boolean }) {
  const s = item.subsidy;
  return (
    <Stack spacing={0.5}>
      <Stack direction="row" spacing={1} sx={{ alignItems: "center" }}>
        <Typography variant="subtitle1" component="h3">
          {RAMO_LABELS[item.ramo]} · {TIPO_LABELS[item.tipo]} · folio {item.folio}
        </Typography>
        {item.signature ? <Chip color="success" size="small" label="Firmada" /> : <Chip color="warning" size="small" label="Pendiente de firma" />}
      </Stack>
      {showPatient && (
        <Typography variant="body2">
          {item.patient.name} · CURP {item.patient.curp} · NSS {item.patient.nss ?? '—'}
        </Typography>
      )}
      <Typography variant="body2">
        {item.days} días, del {item.startDate} al {item.endDate} · diagnóstico {item.diagnosisCode}
        {item.maternity && ` · prenatal ${item.maternity.prenatalDays} días, posnatal ${item.maternity.postnatalDays} días, fecha probable de parto ${item.maternity.probableBirthDate}`}
      </Typography>
      <Typography variant="body2">
        {s.eligible
          ? `Subsidio: ${s.rate} % de ${s.sbc} = ${s.dailyAmount} diarios por ${s.paidDays} días (total ${s.total}).`
          : `Sin subsidio del Instituto: ${s.reason ?? ''}`}
        {s.historySource === 'demostracion' && ' (historial de cotización de demostración)'}
      </Typography>
      <Typography variant="caption" color="text.secondary">
        {s.checks.map((c) => `${c.met ? '✔' : '✘'} ${c.rule} (${c.source})`).join(' · ')}
      </Typography>
      {item.signature && (
        <Typography variant="body2">
          Firmada con {item.signature.modality === 'rostro' ? 'rostro' : 'huella'} · sello de tiempo {item.signature.timestampedAt} ·{' '}
          <a href={`/firmas/${item.signature.folio}`}>verificación pública {item.signature.folio}</a>
        </Typography>
      )}
    </Stack>
  );
}
