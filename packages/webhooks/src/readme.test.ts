import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sampleEvent, signedDelivery } from './testing.js';

// Runs the README's Express receiver as a user would: the block copied into a file, run with node against
// the built package (resolved by name), then sent a delivery signed with signPayload.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scratch = `${packageDir}.readme-tmp/`;
const SECRETS = 'ws_readme_old,ws_readme_new';

let child: ChildProcess | undefined;
let output = '';
let base = '';

function receiverSource(): string {
  const readme = readFileSync(`${packageDir}README.md`, 'utf8');
  const match = /<!-- express-receiver[^>]*-->\s*```js\n([\s\S]*?)```/.exec(readme);
  if (!match?.[1]) throw new Error('README has no express-receiver block');
  return match[1];
}

beforeAll(async () => {
  mkdirSync(scratch, { recursive: true });
  writeFileSync(`${scratch}receiver.mjs`, receiverSource());
  const started = spawn(process.execPath, [`${scratch}receiver.mjs`], {
    cwd: scratch,
    env: { ...process.env, PORT: '0', DOJO_WEBHOOK_SECRETS: SECRETS },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = started;
  base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`receiver did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /listening on (\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    };
    started.stdout.on('data', onData);
    started.stderr.on('data', onData);
    started.once('exit', (code) => reject(new Error(`receiver exited with ${code}:\n${output}`)));
  });
});

afterAll(() => {
  child?.kill();
  rmSync(scratch, { recursive: true, force: true });
});

it("the README's Express receiver accepts a payload signed with signPayload and gets a typed event", async () => {
  const event = sampleEvent('payment_intent.status_updated', { data: { paymentStatus: 'Refunded' } });
  const { body, headers } = signedDelivery(event, 'ws_readme_new');
  const response = await fetch(`${base}/webhooks/dojo`, { method: 'POST', body, headers });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ received: true });
  await expect.poll(() => output).toContain(`${event.data.paymentIntentId} is now Refunded`);

  const forged = signedDelivery(event, 'ws_not_ours');
  expect((await fetch(`${base}/webhooks/dojo`, { method: 'POST', body: forged.body, headers: forged.headers })).status).toBe(400);
});
