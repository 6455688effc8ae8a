import { RetentionPolicy, StorageType, type JetStreamManager } from 'nats';
import { streamName, updatesSubject } from './wire.ts';

/**
 * The gallery's update stream: file storage (survives a NATS restart), every message kept (limits
 * retention: the stream is the shards' replay log), and a 10-minute duplicate window so a client
 * that retries a publish with the same message ID after a timeout never enrols twice.
 */
export const DUPLICATE_WINDOW_NS = 10 * 60 * 1e9;

export async function ensureStream(jsm: JetStreamManager, gallery: string): Promise<void> {
  const name = streamName(gallery);
  try {
    await jsm.streams.info(name);
  } catch {
    try {
      await jsm.streams.add({
        name,
        subjects: [updatesSubject(gallery, '*')],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        duplicate_window: DUPLICATE_WINDOW_NS,
      });
    } catch (error) {
      // Another process created it between our two calls.
      await jsm.streams.info(name).catch(() => {
        throw error;
      });
    }
  }
}
