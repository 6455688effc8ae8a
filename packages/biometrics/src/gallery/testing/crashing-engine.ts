/**
 * The toy engine, except that some templates make the shard die the two ways a real one can:
 * "EXIT" ends the thread, "THRW" throws outside any request (an uncaught exception).
 */
import type { FingerprintTemplate } from '../../fingerprint/types.ts';
import type { GalleryEngine } from '../engine.ts';
import { galleryEngine as toy } from './toy-engine.ts';

const text = (bytes: Uint8Array) => String.fromCharCode(...bytes.subarray(0, 4));

export const galleryEngine: GalleryEngine<FingerprintTemplate> = {
  ...toy,
  decode(bytes) {
    if (text(bytes) === 'EXIT') process.exit(3);
    if (text(bytes) === 'THRW') {
      setTimeout(() => {
        throw new Error('engine bug');
      });
    }
    return toy.decode(text(bytes) === 'THRW' ? bytes.subarray(4) : bytes);
  },
};
