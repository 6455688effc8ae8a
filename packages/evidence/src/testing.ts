import { generateDemoPki, loadSigningIdentity, type DemoPki } from './certificates.ts';
import { buildEvidencePackage, type EvidencePackage } from './evidence-package.ts';
import { EmbeddedTsa } from './timestamp.ts';

/** A demo OID arc for test TSA policies (1.3.6.1.4.1 private-enterprise example space). */
export const TEST_TSA_POLICY = '1.3.6.1.4.1.99999.1.1';

/** A small, valid PDF made here (tests need a document, not a PDF library). */
export function tinyPdf(text: string): Uint8Array {
  const stream = `BT /F1 12 Tf 72 720 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/** A complete package signed by a fresh demo PKI through the embedded TSA. */
export async function samplePackage(pki?: DemoPki, now?: () => Date): Promise<{ pki: DemoPki; files: EvidencePackage }> {
  const trust = pki ?? (await generateDemoPki());
  const tsa = new EmbeddedTsa({ identity: await loadSigningIdentity(trust.tsa), policy: TEST_TSA_POLICY, ...(now ? { now } : {}) });
  const files = await buildEvidencePackage({
    document: tinyPdf('Certificado de incapacidad de prueba'),
    evidence: { signer: { curp: 'GOMA800101HDFRRN09' }, biometric: { modality: 'face', score: 0.71, threshold: 0.5 } },
    signer: await loadSigningIdentity(trust.institutionSigning),
    timeStamp: (request) => tsa.respond(request),
    institutionCaPem: trust.institutionCaPem,
    tsaCaPem: trust.tsaCaPem,
  });
  return { pki: trust, files };
}
