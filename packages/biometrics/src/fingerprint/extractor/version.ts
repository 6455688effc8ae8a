/**
 * Names the templates this extractor makes. Stored with every enrolled template; when a change to
 * the extractor changes its output (bench/src/fingerprint hashes every template of the benchmark
 * sets into this identifier), bump it, re-measure the calibration (matcher/calibration.ts), and the
 * institution runs `npm run biometrics:reextract` to redo the stored templates from their images.
 */
export const FINGERPRINT_EXTRACTOR_VERSION = 'f58ff8e7e7b542a7';
