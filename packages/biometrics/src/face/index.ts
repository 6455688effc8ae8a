/**
 * Face engine: decode → detect (BlazeFace, padded retry) → landmarks (FaceMesh + iris) → align
 * (face-api's window and dlib's chip) → embed → quality (ICAO-style) and passive liveness; 1:1
 * verification with a calibrated threshold, 1:N search over an in-memory gallery, and an active
 * liveness challenge for video. Offline on CPU: TensorFlow.js wasm, models from npm packages.
 */
export { FaceEngine, DEFAULT_MODEL } from './engine.ts';
export type { FaceRecord, FaceBox, PassiveLiveness, FrameObservation, EngineOptions, PresentationRecord } from './engine.ts';
export { FacePool } from './pool/pool.ts';
export type { PoolOptions } from './pool/pool.ts';
export { verifyFace, cosine } from './match.ts';
export type { FaceTemplate, Verification } from './match.ts';
export { Calibration } from './calibration.ts';
export type { ModelCalibration } from './calibration.ts';
export { fitImpostorTail, tailFmr, tailThreshold } from './impostor-tail.ts';
export type { ImpostorTail } from './impostor-tail.ts';
export { faceOperatingPoint } from './operating-point.ts';
export type { FaceOperatingPoint } from './operating-point.ts';
export { FaceGallery } from './gallery.ts';
export type { GalleryHit } from './gallery.ts';
export { FaceMessages, faceError } from './codes.ts';
export type { FaceCode } from './codes.ts';
export type { QualityReport, QualityCheck } from './quality.ts';
export { EmbeddingSpecs } from './embed.ts';
export type { EmbeddingModelName } from './embed.ts';
export { Parameters as FaceParameters } from './parameters.ts';
export type { Point } from './align.ts';
export { BiometricError } from '../errors.ts';
export { issueChallenge, checkChallenge, evaluateChallenge, ChallengeParameters } from './challenge.ts';
export type { Challenge, ChallengeStep, ChallengeResult, StepEvidence, PresentationEvidence } from './challenge.ts';
export { padFeatures, scorePresentation, shippedPadModel, PAD_FEATURE_SET } from './pad/passive.ts';
export type { PadModel, PresentationScore } from './pad/passive.ts';
export { PadParameters } from './pad/parameters.ts';
export { fitHomography, homographyResidual } from './pad/planar.ts';
