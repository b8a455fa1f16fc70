// The benchmark's simulator, run as a child process so that its work does not share the driver's event loop (nor its
// memory figures). Started by bench.mjs with `--terminals N --time-scale X`; tells its URL and fleet over IPC, samples
// its own RSS, and answers `{ type: 'report' }` with its peak memory and its own view of the state.
import { parseArgs } from 'node:util';
import { startSimulator } from '@dojo-terminals/simulator';
import { createPeakSampler } from './peak-sampler.mjs';

const { values } = parseArgs({ options: { terminals: { type: 'string' }, 'time-scale': { type: 'string' } } });

let unhandledRejections = 0;
process.on('unhandledRejection', (reason) => {
  unhandledRejections++;
  console.error('simulator process: unhandled rejection:', reason);
});

const warnings = [];
const sampler = createPeakSampler();
const sim = await startSimulator({
  terminals: Number(values.terminals),
  timeScale: Number(values['time-scale']),
  // No `info`: one line per request would cost more than the requests. Internal errors are kept and reported.
  logger: { warn: (line) => warnings.push(line) },
});
const baselineRss = process.memoryUsage().rss;

process.send({ type: 'ready', url: sim.url, terminals: sim.terminals().map((t) => t.id), baselineRss, cpu: process.cpuUsage() });

process.on('message', (message) => {
  if (message?.type !== 'report') return;
  const sessions = sim.sessions();
  process.send({
    type: 'report',
    memory: { ...sampler.peaks(), baselineRss },
    cpu: process.cpuUsage(),
    unhandledRejections,
    warnings,
    terminals: sim.terminals().map(({ id, status }) => ({ id, status })),
    sessions: sessions.map(({ id, terminalId, status, details }) => ({ id, terminalId, status, paymentIntentId: details?.sale?.paymentIntentId })),
    paymentIntents: sim.paymentIntents().map(({ id, status, totalAmount, amount }) => ({ id, status, value: (totalAmount ?? amount).value })),
  });
});

process.on('disconnect', async () => {
  sampler.stop();
  await sim.stop();
  process.exit(0);
});
