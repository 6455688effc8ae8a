/**
 * `npm run gallery:shard -- --nats URL --shard I [--gallery NAME] [--penetration R] [--min-candidates K] [--enrolled-cylinders C]`:
 * one gallery shard process (pre-filter options as the embedded gallery's).
 * Run K of them (shards 0…K−1, on any machines that reach the NATS server) and point the server
 * at the same NATS with GALLERY_NATS_URL and GALLERY_NATS_SHARDS=K.
 */
import { ShardService } from './shard-service.ts';

function option(name: string, argv: string[]): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

const argv = process.argv.slice(2);
const natsUrl = option('nats', argv) ?? process.env.GALLERY_NATS_URL;
const shard = Number(option('shard', argv));
const gallery = option('gallery', argv) ?? 'default';
if (!natsUrl || !Number.isInteger(shard) || shard < 0) {
  console.error('Uso: npm run gallery:shard -- --nats nats://127.0.0.1:4222 --shard 0 [--gallery default]');
  process.exit(2);
}
const penetration = option('penetration', argv);
const minCandidates = option('min-candidates', argv);
const enrolledCylinders = option('enrolled-cylinders', argv);
if (enrolledCylinders !== undefined && !(Number.isInteger(Number(enrolledCylinders)) && Number(enrolledCylinders) >= 1)) {
  console.error('--enrolled-cylinders debe ser un entero positivo');
  process.exit(2);
}
const service = new ShardService({
  natsUrl,
  gallery,
  shard,
  prefilter: {
    ...(penetration ? { penetration: Number(penetration) } : {}),
    ...(minCandidates ? { minCandidates: Number(minCandidates) } : {}),
    ...(enrolledCylinders ? { enrolledCylinders: Number(enrolledCylinders) } : {}),
  },
});
await service.start();
console.log(`gallery shard ${shard} of "${gallery}" serving on ${natsUrl}`);
const stop = () => void service.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
