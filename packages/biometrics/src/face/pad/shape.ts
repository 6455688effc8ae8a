import type { Point } from '../align.ts';
import { MeshForIbug, type DetectedFace } from '../detect.ts';

/**
 * FaceMesh points for the planar-motion check: the iBUG-equivalent points of nose, eyes and lips
 * (detect.ts `MeshForIbug`) and eight points of the face's outline (forehead, chin, temples,
 * cheeks, jaw). They lie at different depths on a real head: the nose ridge, the eyes and the
 * outline move differently when the head turns.
 */
const OUTLINE = [10, 152, 234, 454, 93, 323, 132, 361];
export const SHAPE_MESH_INDICES: readonly number[] = [...MeshForIbug.map(([, m]) => m), ...OUTLINE];

/** The shape points of a face, image px. */
export function challengeShape(face: Pick<DetectedFace, 'mesh'>): Point[] {
  return SHAPE_MESH_INDICES.map((i) => [face.mesh[i][0], face.mesh[i][1]] as Point);
}
