import { randomBytes } from 'node:crypto';
import { counterFlowTimings, createDojoClient, createSessionWakeups, type CounterFlowOptions } from '@dojo-terminals/client';
import { startSimulator, type Simulator } from '@dojo-terminals/simulator';
import { DEMO_FLOWS, failedReport, type DemoFlowContext, type FlowReport } from './flows.js';
import { endSteps, outputStyle, paint, renderStep, stepOf } from './format.js';
import { formatReceipt, formatTally } from './receipt.js';
import { startWebhookReceiver, type ReceiverStats } from './receiver.js';

export interface DemoOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface DemoOptions {
  /** Multiplies the simulator's durations and the flows' waits (0.1: ten times faster than a real terminal). */
  timeScale: number;
  /** Where the human output goes (nothing is written with `json`). */
  out: DemoOutput;
  env: NodeJS.ProcessEnv;
  /** Aborting cancels the running flow's session and skips the rest. */
  signal?: AbortSignal;
  /** No progress or receipts: the caller prints the result as JSON. */
  json?: boolean;
}

export interface DemoResult {
  ok: boolean;
  flows: FlowReport[];
  webhooks: ReceiverStats;
}

/**
 * Starts the simulator and a webhook receiver on loopback ports, runs the five flows in order with a live
 * progress line and a receipt each, and stops both whatever happens. `ok` when every flow ended as expected.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const style = outputStyle(options.out, options.env);
  const write = (text: string): void => {
    if (!options.json) options.out.write(text);
  };
  // Made up for this run and never printed: the simulator accepts any sandbox key, and signs with this secret.
  const apiKey = `sk_sandbox_demo_${randomBytes(12).toString('hex')}`;
  const webhookSecret = `ws_demo_${randomBytes(24).toString('base64url')}`;
  const wakeups = createSessionWakeups();

  const receiver = await startWebhookReceiver(webhookSecret, (event) => wakeups.notify(event));
  let sim: Simulator | undefined;
  const flows: FlowReport[] = [];
  try {
    sim = await startSimulator({ timeScale: options.timeScale, webhooks: [{ url: receiver.url, secrets: [webhookSecret] }] });
    write(`${paint(style, 'bold', 'Dojo Pay at Counter demo')}: simulator at ${sim.url}, webhooks to ${receiver.url}, time scale ${options.timeScale}\n\n`);
    const dojo = createDojoClient({ apiKey, baseUrl: sim.url, softwareHouseId: 'softwareHouse1', resellerId: 'reseller1' });

    let current = '';
    const counter: CounterFlowOptions = {
      terminal: 'first-available',
      wakeups,
      ...(options.signal && { signal: options.signal }),
      ...counterFlowTimings(options.timeScale),
      onProgress: (event) => {
        const step = stepOf(event);
        if (step) write(renderStep(style, current, step));
      },
    };
    const context: DemoFlowContext = { dojo, counter, paidSale: undefined };
    for (const [index, flow] of DEMO_FLOWS.entries()) {
      if (options.signal?.aborted) break;
      current = `${index + 1}. ${flow.name}`;
      const report = await flow.run(context).catch((error: unknown) => failedReport(flow, error));
      flows.push(report);
      write(endSteps(style) + formatReceipt(style, index + 1, report));
    }
  } finally {
    await sim?.stop();
    await receiver.stop();
  }
  const webhooks = receiver.stats();
  write(formatTally(style, flows, DEMO_FLOWS.length, webhooks));
  const ok = flows.length === DEMO_FLOWS.length && flows.every((flow) => flow.ok);
  return { ok, flows, webhooks };
}
