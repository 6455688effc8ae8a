import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { arrayBuffer, crypto, sha256 } from './crypto-engine.ts';
import type { SigningIdentity } from './certificates.ts';
import { signedAttributes } from './cms.ts';
import { OID } from './oids.ts';

/**
 * RFC 3161 time-stamping: the request a client sends, the response a time-stamp authority (TSA)
 * returns, and an embedded TSA for the demo and tests. In production any RFC 3161 TSA reached by
 * URL answers the same request; its response is handled the same way.
 */

const SHA256 = new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() });

/** A TimeStampReq (RFC 3161 §2.4.1) for the SHA-256 of `data`, asking for the TSA's certificate. */
export async function createTimeStampRequest(data: Uint8Array): Promise<Uint8Array> {
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({ hashAlgorithm: SHA256, hashedMessage: new asn1js.OctetString({ valueHex: arrayBuffer(await sha256(data)) }) }),
    nonce: new asn1js.Integer({ valueHex: arrayBuffer(randomPositive(8)) }),
    certReq: true,
  });
  return new Uint8Array(request.toSchema().toBER(false));
}

function randomPositive(bytes: number): Uint8Array {
  const value = crypto.getRandomValues(new Uint8Array(bytes));
  value[0] &= 0x7f;
  value[0] |= 0x01;
  return value;
}

export interface EmbeddedTsaOptions {
  identity: SigningIdentity;
  /** The TSA's policy OID (RFC 3161 §2.4.2 "policy"); institutions register their own. */
  policy: string;
  /** Clock, for tests. */
  now?: () => Date;
}

/**
 * A time-stamp authority inside the process: answers a DER TimeStampReq with a DER TimeStampResp
 * whose token is a SignedData over a TSTInfo (RFC 3161 §2.4.2), signed with signing-certificate-v2
 * as OpenSSL's `ts -verify` requires, and carrying the TSA certificate when asked.
 */
export class EmbeddedTsa {
  private serial = BigInt(Date.now()) * 1000n;

  constructor(private readonly options: EmbeddedTsaOptions) {}

  async respond(requestDer: Uint8Array): Promise<Uint8Array> {
    const request = pkijs.TimeStampReq.fromBER(arrayBuffer(requestDer));
    if (request.messageImprint.hashAlgorithm.algorithmId !== OID.sha256) {
      return rejection(2, 'badAlg');
    }
    const genTime = (this.options.now ?? (() => new Date()))();
    const tstInfo = new pkijs.TSTInfo({
      version: 1,
      policy: this.options.policy,
      messageImprint: request.messageImprint,
      serialNumber: new asn1js.Integer({ valueHex: arrayBuffer(bigIntBytes(++this.serial)) }),
      genTime,
      accuracy: new pkijs.Accuracy({ seconds: 1 }),
      ordering: false,
      ...(request.nonce ? { nonce: request.nonce } : {}),
    });
    const tstInfoDer = new Uint8Array(tstInfo.toSchema().toBER(false));
    const { certificate, privateKey, chain } = this.options.identity;
    const signedData = new pkijs.SignedData({
      version: 3,
      encapContentInfo: new pkijs.EncapsulatedContentInfo({
        eContentType: OID.tstInfo,
        eContent: new asn1js.OctetString({ valueHex: arrayBuffer(tstInfoDer) }),
      }),
      signerInfos: [
        new pkijs.SignerInfo({
          version: 1,
          sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
          signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: await signedAttributes(OID.tstInfo, tstInfoDer, certificate, genTime) }),
        }),
      ],
      ...(request.certReq ? { certificates: [certificate, ...chain] } : {}),
    });
    await signedData.sign(privateKey, 0, 'SHA-256');
    const response = new pkijs.TimeStampResp({
      status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
      timeStampToken: new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) }),
    });
    return new Uint8Array(response.toSchema().toBER(false));
  }
}

function rejection(failBit: number, text: string): Uint8Array {
  const response = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({
      status: pkijs.PKIStatus.rejection,
      statusStrings: [new asn1js.Utf8String({ value: text })],
      failInfo: new asn1js.BitString({ valueHex: arrayBuffer(new Uint8Array([0x80 >> failBit])), unusedBits: 7 - failBit }),
    }),
  });
  return new Uint8Array(response.toSchema().toBER(false));
}

function bigIntBytes(value: bigint): Uint8Array {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** What a granted response says: when, under which policy, by which serial. */
export interface TimeStampInfo {
  genTime: Date;
  policy: string;
  serialNumber: string;
  /** SHA-256 the token covers, hex. */
  imprintSha256: string;
}

/** Parses a DER TimeStampResp; throws with the TSA's status when it did not grant a token. */
export function readTimeStampResponse(der: Uint8Array): { response: pkijs.TimeStampResp; signedData: pkijs.SignedData; info: TimeStampInfo } {
  const response = pkijs.TimeStampResp.fromBER(arrayBuffer(der));
  const status = response.status.status;
  if (status !== pkijs.PKIStatus.granted && status !== pkijs.PKIStatus.grantedWithMods) {
    throw new Error(`the TSA did not grant a timestamp (status ${status})`);
  }
  if (!response.timeStampToken) throw new Error('granted response without a token');
  const signedData = new pkijs.SignedData({ schema: response.timeStampToken.content });
  const eContent = signedData.encapContentInfo.eContent;
  if (signedData.encapContentInfo.eContentType !== OID.tstInfo || !eContent) throw new Error('the token does not hold a TSTInfo');
  const tstInfo = pkijs.TSTInfo.fromBER(eContent.getValue());
  return {
    response,
    signedData,
    info: {
      genTime: tstInfo.genTime,
      policy: tstInfo.policy,
      serialNumber: Buffer.from(tstInfo.serialNumber.valueBlock.valueHexView).toString('hex'),
      imprintSha256: Buffer.from(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView).toString('hex'),
    },
  };
}
