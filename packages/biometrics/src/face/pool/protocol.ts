import type { EngineOptions } from '../engine.ts';

/** Operations a pool worker performs; each maps to the FaceEngine method of the same name. */
export type FaceOp = 'extractAll' | 'enroll' | 'probe' | 'observe' | 'presentation';

export interface WorkerInit {
  options: EngineOptions;
}

export interface WorkerRequest {
  id: number;
  op: FaceOp;
  bytes: Uint8Array;
  args: Record<string, unknown>;
}

export type WorkerReply =
  | { id: number; ok: true; result: unknown; ms: number }
  | { id: number; ok: false; error: { code: string | null; message: string; details?: Record<string, unknown> } };

export type WorkerEvent = { type: 'ready'; model: string } | { type: 'failed'; message: string };
