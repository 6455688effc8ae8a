import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { arrayBuffer, sha256 } from './crypto-engine.ts';
import type { SigningIdentity } from './certificates.ts';
import { OID } from './oids.ts';

/**
 * CAdES-BES signed attributes (ETSI EN 319 122-1 §5.2): content type, message digest, signing
 * time (RFC 5652 §11) and signing-certificate-v2 (RFC 5035), which binds the signature to the one
 * certificate that made it, so the certificate cannot be swapped for another with the same key.
 * `signingTime: null` leaves the signing-time attribute out, as PAdES baseline signatures must
 * (ETSI EN 319 142-1, baseline signatures: the claimed time is the signature dictionary's M entry).
 */
export async function signedAttributes(contentType: string, content: Uint8Array, certificate: pkijs.Certificate, signingTime: Date | null): Promise<pkijs.Attribute[]> {
  return [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: contentType })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: arrayBuffer(await sha256(content)) })] }),
    ...(signingTime ? [new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: signingTime })] })] : []),
    await signingCertificateV2(certificate),
  ];
}

/**
 * SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } with one ESSCertIDv2 ::=
 * SEQUENCE { certHash OCTET STRING (SHA-256 of the certificate, the default algorithm, so left
 * out), issuerSerial IssuerSerial } (RFC 5035 §3). pkijs has no class for it; asn1js builds it.
 */
async function signingCertificateV2(certificate: pkijs.Certificate): Promise<pkijs.Attribute> {
  const certHash = await sha256(new Uint8Array(certificate.toSchema(true).toBER(false)));
  const issuerSerial = new pkijs.IssuerSerial({
    issuer: new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: certificate.issuer })] }),
    serialNumber: certificate.serialNumber,
  });
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: arrayBuffer(certHash) }), issuerSerial.toSchema()] });
  return new pkijs.Attribute({
    type: OID.signingCertificateV2,
    values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })],
  });
}

/**
 * A detached CMS SignedData (RFC 5652) over `content`, CAdES-BES, signed by `signer` with
 * RSA-SHA256, carrying the signer's certificate and chain. DER, as `openssl cms -verify -binary
 * -inform DER -content FILE` reads it. `signingTime: null` for a PAdES signature (see above).
 */
export async function signDetached(content: Uint8Array, signer: SigningIdentity, signingTime: Date | null = new Date()): Promise<Uint8Array> {
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.certificate.issuer, serialNumber: signer.certificate.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: await signedAttributes(OID.data, content, signer.certificate, signingTime),
        }),
      }),
    ],
    certificates: [signer.certificate, ...signer.chain],
  });
  await signedData.sign(signer.privateKey, 0, 'SHA-256', arrayBuffer(content));
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

/** Parses a DER ContentInfo holding SignedData; throws on anything else. */
export function parseSignedData(der: Uint8Array): pkijs.SignedData {
  const contentInfo = pkijs.ContentInfo.fromBER(arrayBuffer(der));
  if (contentInfo.contentType !== OID.signedData) throw new Error(`not a CMS SignedData (content type ${contentInfo.contentType})`);
  return new pkijs.SignedData({ schema: contentInfo.content });
}
