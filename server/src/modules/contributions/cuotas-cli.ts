import { runCuotas } from './cuotas-command.ts';

process.exitCode = await runCuotas(process.argv.slice(2));
