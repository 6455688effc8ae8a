/**
 * The 1:N fingerprint gallery scaled out over NATS JetStream (see README.md): shard processes
 * (ShardService, `npm run gallery:shard`) and the client (NatsGallery) with the embedded
 * FingerprintGallery's operations.
 */
export { NatsGallery } from './nats-gallery.ts';
export type { NatsGalleryOptions } from './nats-gallery.ts';
export { ShardService } from './shard-service.ts';
export type { ShardServiceOptions } from './shard-service.ts';
export { streamName } from './wire.ts';
