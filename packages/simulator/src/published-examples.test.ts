import { readFileSync } from 'node:fs';
import { openapiJsonPath } from '@dojo-terminals/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { client, HEADERS, isFinal, pollSession } from './test-support.js';

// The simulator's answers compared with Dojo's published examples, field by field, for the fields Dojo's examples
// carry: each request Dojo publishes (or the nearest one, where Dojo publishes only the answer) is sent, and every
// field of Dojo's answer must be in ours with the same value, except where the value is the object's own (ids,
// times, secrets: then the same kind, an id with the same prefix) or listed below with the reason.
const published = JSON.parse(readFileSync(new URL('../../../../shared/reference/dojo-api.published.json', import.meta.url), 'utf8'));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function media(path: string, method: string, status = '200'): Record<string, Json> {
  const content = published.paths[path][method].responses[status].content['application/json'];
  return content.example !== undefined ? { example: content.example } : Object.fromEntries(Object.entries(content.examples as Record<string, { value: Json }>).map(([k, v]) => [k, v.value]));
}
const requestExample = (path: string, method: string, name: string) => published.paths[path][method].requestBody.content['application/json'].examples[name].value as Record<string, Json>;

const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const ID = /^(pi|ts|tm|rfnd|evt|cp|rvs|acc)_(sandbox_)?/;

interface Rules {
  /** Fields whose value is the merchant's or the session's own: compared by kind only (arrays: their items' shape). */
  own?: readonly string[];
  /** Fields Dojo answers that the simulator does not, with the reason. */
  notSimulated?: Readonly<Record<string, string>>;
}

/** The differences between Dojo's example and our answer, as `path: what`. */
function differences(dojo: Json, ours: Json | undefined, rules: Rules, path = ''): string[] {
  const here = path === '' ? '(root)' : path;
  if (rules.notSimulated?.[path] !== undefined) return [];
  if (ours === undefined) return [`${here}: missing`];
  // A field of the object's own, and everything inside it.
  const own = rules.own?.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[]`)) === true;
  if (Array.isArray(dojo)) {
    if (!Array.isArray(ours)) return [`${here}: not an array`];
    if (dojo.length === 0) return ours.length === 0 ? [] : [`${here}: ${ours.length} items where Dojo has none`];
    if (ours.length === 0) return [`${here}: empty where Dojo has ${dojo.length} items`];
    if (own) return differences(dojo[0]!, ours[0], rules, `${path}[]`);
    if (dojo.length !== ours.length) return [`${here}: ${ours.length} items where Dojo has ${dojo.length}`];
    return dojo.flatMap((item, i) => differences(item, ours[i], rules, `${path}[]`));
  }
  if (dojo !== null && typeof dojo === 'object') {
    if (ours === null || typeof ours !== 'object' || Array.isArray(ours)) return [`${here}: not an object`];
    return Object.keys(dojo).flatMap((key) => differences(dojo[key]!, ours[key], rules, path === '' ? key : `${path}.${key}`));
  }
  if (typeof dojo === 'string' && DATE.test(dojo) && dojo !== '0001-01-01T00:00:00Z') {
    return typeof ours === 'string' && !Number.isNaN(Date.parse(ours)) ? [] : [`${here}: ${JSON.stringify(ours)} is not a date-time`];
  }
  if (typeof dojo === 'string' && ID.test(dojo)) {
    return typeof ours === 'string' && ours.startsWith(ID.exec(dojo)![0]) ? [] : [`${here}: ${JSON.stringify(ours)} is not a ${ID.exec(dojo)![0]}… id`];
  }
  if (own) return typeof ours === typeof dojo ? [] : [`${here}: a ${typeof ours} where Dojo has a ${typeof dojo}`];
  return ours === dojo ? [] : [`${here}: ${JSON.stringify(ours)} where Dojo has ${JSON.stringify(dojo)}`];
}

/** Dojo's unpaid-intent lifetime, as its example shows it: ours must be the same within a second. */
function sameLifetime(dojo: Record<string, Json>, ours: Record<string, Json>): void {
  const span = (o: Record<string, Json>) => Date.parse(String(o['expireAt'])) - Date.parse(String(o['createdAt']));
  expect(Math.abs(span(ours) - span(dojo))).toBeLessThan(1000);
}

const MERCHANT: Rules = {
  own: ['merchantConfig.supportedPaymentMethods.cardSchemes', 'config.tradingName', 'metadata.location-id', 'clientSessionSecret'],
  notSimulated: {
    paymentLink: 'the simulator has no online checkout page to link to',
    'config.branding.logoUrl': "the simulated merchant has no logo (Dojo's is the merchant account's)",
    'config.branding.faviconUrl': "the simulated merchant has no favicon (Dojo's is the merchant account's)",
  },
};

// Dojo's example of a paid intent went through its online checkout (a 3-D Secure challenge, a secret, the
// addresses the checkout collects); the simulator's was paid on a terminal.
const PAID: Rules = {
  own: [...MERCHANT.own!, 'paymentDetails', 'paymentEvents', 'terminalSessionHistory'],
  notSimulated: {
    ...MERCHANT.notSimulated,
    clientSessionSecret: 'issued by the online checkout the example was paid through',
    billingAddress: 'collected by the online checkout',
    shippingDetails: 'collected by the online checkout',
    'paymentDetails.avsResult': "the online checkout's address check; a terminal has none",
    terminalSessionHistory: 'the example was paid online, with no terminal session; ours lists the sale that paid it',
    captures: "the example was paid online and lists no capture; a terminal sale's capture is listed",
  },
};

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ terminals: 3, timeScale: 0.01 });
});
afterAll(async () => {
  await sim?.stop();
});

async function send(method: string, path: string, body?: unknown): Promise<Record<string, Json>> {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: { ...HEADERS, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Record<string, Json>;
}

const createAnswers = media('/payment-intents', 'post');

// Our spec's request examples (its fixtures), answered as Dojo answers its own: Dojo's answer for the same capture
// mode, with the values this request sets instead of those Dojo's request set.
const spec = JSON.parse(readFileSync(openapiJsonPath, 'utf8'));
const specCreateExamples = Object.entries(spec.paths['/payment-intents'].post.requestBody.content['application/json'].examples as Record<string, { $ref: string }>).map(
  ([name, { $ref }]) => [name, spec.components.examples[$ref.split('/').pop()!].value as Record<string, Json>] as const,
);

function dojoAnswerTo(request: Record<string, Json>): Record<string, Json> {
  const mode = request['captureMode'] === 'Manual' ? 'Manual' : 'Auto';
  const answer = structuredClone(createAnswers[mode] as Record<string, Json>);
  const amount = request['amount'] as { value: number; currencyCode: string };
  const set: Record<string, Json> = { amount, totalAmount: amount, reference: request['reference']!, description: request['description'] ?? null };
  for (const field of ['autoExpireAction', 'autoExpireIn'] as const) {
    if (request[field] !== undefined) set[field] = request[field]!;
    else delete answer[field];
  }
  set['metadata'] = { ...(answer['metadata'] as object), ...((request['metadata'] as object | undefined) ?? {}) } as Json;
  return { ...answer, ...set };
}

describe("answers compared with Dojo's published examples", () => {
  it.each(['Auto', 'Manual'])('POST /payment-intents, the %s request Dojo publishes', async (name) => {
    const ours = await send('POST', '/payment-intents', requestExample('/payment-intents', 'post', name));
    const dojo = createAnswers[name] as Record<string, Json>;
    expect(differences(dojo, ours, MERCHANT)).toEqual([]);
    sameLifetime(dojo, ours);
  });

  it.each(specCreateExamples)("POST /payment-intents, our spec's example %s", async (_name, request) => {
    const ours = await send('POST', '/payment-intents', request);
    expect(differences(dojoAnswerTo(request), ours, MERCHANT)).toEqual([]);
  });

  it('POST …/refresh-client-session-secret', async () => {
    const intent = await send('POST', '/payment-intents', requestExample('/payment-intents', 'post', 'Auto'));
    const ours = await send('POST', `/payment-intents/${intent['id']}/refresh-client-session-secret`);
    const dojo = media('/payment-intents/{paymentIntentId}/refresh-client-session-secret', 'post')['example'] as Record<string, Json>;
    expect(differences(dojo, ours, MERCHANT)).toEqual([]);
    sameLifetime(dojo, ours);
  });

  it('POST …/tips-amount (a tip of nothing: Dojo\'s answer totals the amount alone)', async () => {
    const intent = await send('POST', '/payment-intents', { ...requestExample('/payment-intents', 'post', 'Auto'), config: { payment: { tipsAllowed: true } } });
    const ours = await send('POST', `/payment-intents/${intent['id']}/tips-amount`, { tipsAmount: { value: 0, currencyCode: 'GBP' } });
    expect(differences(media('/payment-intents/{paymentIntentId}/tips-amount', 'post')['example']!, ours, MERCHANT)).toEqual([]);
  });

  it('POST …/amount (after a secret was issued, as in Dojo\'s answer)', async () => {
    const intent = await send('POST', '/payment-intents', { ...requestExample('/payment-intents', 'post', 'Auto'), config: { payment: { customAmountAllowed: true, tipsAllowed: true } } });
    await send('POST', `/payment-intents/${intent['id']}/refresh-client-session-secret`);
    const ours = await send('POST', `/payment-intents/${intent['id']}/amount`, { amount: { value: 5500, currencyCode: 'GBP' } });
    expect(differences(media('/payment-intents/{paymentIntentId}/amount', 'post')['example']!, ours, MERCHANT)).toEqual([]);
  });

  it('DELETE /payment-intents/{id} (after a secret was issued, as in Dojo\'s answer)', async () => {
    const intent = await send('POST', '/payment-intents', requestExample('/payment-intents', 'post', 'Auto'));
    await send('POST', `/payment-intents/${intent['id']}/refresh-client-session-secret`);
    const ours = await send('DELETE', `/payment-intents/${intent['id']}`);
    const dojo = media('/payment-intents/{paymentIntentId}', 'delete')['example'] as Record<string, Json>;
    expect(differences(dojo, ours, MERCHANT)).toEqual([]);
    sameLifetime(dojo, ours);
  });

  it('POST …/charge of a saved card', async () => {
    const intent = await send('POST', '/payment-intents', { ...requestExample('/payment-intents', 'post', 'Auto'), setupIntentId: 'seti_sandbox_saved' });
    const ours = await send('POST', `/payment-intents/${intent['id']}/charge`);
    expect(differences(media('/payment-intents/{paymentIntentId}/charge', 'post')['example']!, ours, {})).toEqual([]);
  });

  it('GET /terminals and GET /terminals/{id}', async () => {
    const list = (await (await fetch(`${sim.url}/terminals`, { headers: HEADERS })).json()) as Json[];
    const rules: Rules = { own: ['[].properties.tid', 'properties.tid'] };
    expect(differences(media('/terminals', 'get')['example']!, list.slice(0, 2), rules)).toEqual([]);
    const one = await send('GET', `/terminals/${(list[0] as Record<string, Json>)['id']}`);
    expect(differences(media('/terminals/{terminalId}', 'get')['example']!, one, rules)).toEqual([]);
  });

  describe('terminal sessions', () => {
    const sessionRules: Rules = {
      // The prompts, receipts and debug messages are the terminal's own, not the API's.
      own: ['notificationEvents', 'statusEvents', 'customerReceipt.lines', 'merchantReceipt.lines'],
    };

    async function sale(value: number, captureMode: 'Auto' | 'Manual' = 'Auto') {
      const intent = await send('POST', '/payment-intents', { ...requestExample('/payment-intents', 'post', 'Auto'), amount: { value, currencyCode: 'GBP' }, captureMode });
      const [terminal] = sim.terminals().filter((t) => t.status === 'Available');
      const body = { ...requestExample('/terminal-sessions', 'post', 'Sale'), terminalId: terminal!.id, details: { sessionType: 'Sale', sale: { paymentIntentId: intent['id'] } } };
      return send('POST', '/terminal-sessions', body);
    }

    it('POST /terminal-sessions, the Sale request Dojo publishes', async () => {
      const ours = await sale(1000);
      expect(differences(media('/terminal-sessions', 'post')['example']!, ours, sessionRules)).toEqual([]);
      await pollSession(client(sim.url), String(ours['id']), isFinal);
    });

    it.each(['Matched Refund', 'Unlinked Refund'])('POST /terminal-sessions, the %s request Dojo publishes (answered as its Sale)', async (name) => {
      const request = requestExample('/terminal-sessions', 'post', name) as { details: Record<string, any> };
      const details = structuredClone(request.details);
      if (details['matchedRefund'] !== undefined) {
        const paid = await sale(details['matchedRefund'].amount.value);
        await pollSession(client(sim.url), String(paid['id']), isFinal);
        details['matchedRefund'].paymentIntentId = (paid['details'] as { sale: { paymentIntentId: string } }).sale.paymentIntentId;
      }
      const [terminal] = sim.terminals().filter((t) => t.status === 'Available');
      const ours = await send('POST', '/terminal-sessions', { ...request, terminalId: terminal!.id, details });
      const dojo = { ...(media('/terminal-sessions', 'post')['example'] as Record<string, Json>), details: request.details as Json };
      expect(differences(dojo, ours, sessionRules)).toEqual([]);
      await pollSession(client(sim.url), String(ours['id']), isFinal);
    });

    it('GET /terminal-sessions/{id} once Captured', async () => {
      const created = await sale(1000);
      const ours = (await pollSession(client(sim.url), String(created['id']), isFinal)) as unknown as Record<string, Json>;
      expect(differences(media('/terminal-sessions/{terminalSessionId}', 'get')['example']!, ours, sessionRules)).toEqual([]);
    });

    it('GET /payment-intents/{id} once a terminal sale captured it', async () => {
      const created = await sale(1000);
      await pollSession(client(sim.url), String(created['id']), isFinal);
      const details = created['details'] as { sale: { paymentIntentId: string } };
      const ours = await send('GET', `/payment-intents/${details.sale.paymentIntentId}`);
      expect(differences(media('/payment-intents/{paymentIntentId}', 'get')['example']!, ours, PAID)).toEqual([]);
    });

    it('PUT …/cancel', async () => {
      const created = await sale(1015); // no card comes: cancel is allowed
      await pollSession(client(sim.url), String(created['id']), (s) => s.status === 'Initiated');
      const ours = await send('PUT', `/terminal-sessions/${created['id']}/cancel`);
      expect(differences(media('/terminal-sessions/{terminalSessionId}/cancel', 'put')['example']!, ours, sessionRules)).toEqual([]);
      await pollSession(client(sim.url), String(created['id']), isFinal);
    });

    it('PUT …/signature accepted', async () => {
      const created = await sale(1012);
      await pollSession(client(sim.url), String(created['id']), (s) => s.status === 'SignatureVerificationRequired');
      const ours = await send('PUT', `/terminal-sessions/${created['id']}/signature`, { accepted: true });
      expect(differences(media('/terminal-sessions/{terminalSessionId}/signature', 'put')['example']!, ours, sessionRules)).toEqual([]);
      await pollSession(client(sim.url), String(created['id']), isFinal);
    });
  });
});

describe('the comparison', () => {
  it('finds a field that differs, one that is missing, and an id of another kind', () => {
    expect(differences({ a: 1, b: { c: 'x' }, id: 'pi_sandbox_1' }, { a: 2, b: {}, id: 'ts_sandbox_1' }, {})).toEqual([
      'a: 2 where Dojo has 1',
      'b.c: missing',
      'id: "ts_sandbox_1" is not a pi_sandbox_… id',
    ]);
    expect(differences({ list: [] }, { list: [1] }, {})).toEqual(['list: 1 items where Dojo has none']);
  });
});
