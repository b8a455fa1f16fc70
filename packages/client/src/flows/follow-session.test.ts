// The following part of every counter flow: signature checks, cancel on abort, webhook wakeups, no leftovers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSessionWakeups, DojoAbortError, payAtCounter, type CounterProgressEvent, type SignatureCheck } from '../index.js';
import {
  CARD_PAYMENT,
  connectionReset,
  FAST_POLL,
  fakeDojo,
  inTurn,
  PAYMENT_INTENT_ID,
  paymentIntent,
  problem,
  reply,
  session,
  TERMINAL_ID,
} from './test-support.js';

afterEach(() => {
  vi.useRealTimers();
});

const existing = { paymentIntentId: PAYMENT_INTENT_ID, terminal: TERMINAL_ID, poll: FAST_POLL } as const;

/** A sale that asks for a signature check, then ends as `after` once answered. */
function signatureSale(after: 'Captured' | 'SignatureVerificationRejected', expiresInMs = 80_000) {
  return fakeDojo({
    'GET /payment-intents/:id': reply(paymentIntent()),
    'POST /terminal-sessions': reply(session('InitiateRequested'), 201),
    'GET /terminal-sessions/:id': inTurn(
      reply(session('SignatureVerificationRequired', ['PresentCard'], { expiresInMs })),
      reply(session('SignatureVerificationRequired', ['PresentCard'], { expiresInMs })),
      reply(session(after, ['PresentCard'], { paymentDetails: CARD_PAYMENT })),
    ),
    'PUT /terminal-sessions/:id/signature': (request) =>
      reply(session((request.body as { accepted: boolean }).accepted ? 'SignatureVerificationAccepted' : 'SignatureVerificationRejected'))(
        request,
      ),
  });
}

describe('signature check', () => {
  it('sends an accepted answer from verifySignature, with the deadline from expireAt', async () => {
    const api = signatureSale('Captured');
    const checks: SignatureCheck[] = [];
    const events: CounterProgressEvent[] = [];
    const result = await payAtCounter(api.dojo, {
      ...existing,
      onProgress: (event) => events.push(event),
      verifySignature: async (check) => {
        checks.push(check);
        return true;
      },
    });
    expect(result.outcome).toBe('captured');
    expect(api.sent('PUT', '/terminal-sessions/')).toHaveLength(1);
    expect(api.sent('PUT', '/terminal-sessions/')[0]).toMatchObject({
      path: expect.stringMatching(/\/signature$/),
      body: { accepted: true },
    });
    expect(checks).toHaveLength(1);
    expect(checks[0]!.deadline.getTime()).toBe(Date.parse(checks[0]!.session.expireAt));
    expect(checks[0]!.signal.aborted).toBe(false);
    const types = events.map((event) => event.type);
    expect(types.indexOf('signature-required')).toBeLessThan(types.indexOf('signature-answered'));
    expect(events.find((event) => event.type === 'signature-answered')).toMatchObject({ accepted: true });
  });

  it('sends a rejection and resolves signature-rejected', async () => {
    const api = signatureSale('SignatureVerificationRejected');
    const result = await payAtCounter(api.dojo, { ...existing, verifySignature: async () => false });
    expect(result.outcome).toBe('signature-rejected');
    expect(api.sent('PUT', '/terminal-sessions/')[0]?.body).toEqual({ accepted: false });
  });

  it('sends nothing without a callback: the terminal accepts at the deadline', async () => {
    const api = signatureSale('Captured');
    const events: CounterProgressEvent[] = [];
    const result = await payAtCounter(api.dojo, { ...existing, onProgress: (event) => events.push(event) });
    expect(result.outcome).toBe('captured');
    expect(api.sent('PUT', '/terminal-sessions/')).toEqual([]);
    expect(events.find((event) => event.type === 'signature-unanswered')).toMatchObject({ reason: 'no-callback' });
  });

  it('sends nothing when the answer comes too close to the deadline, and aborts the callback signal', async () => {
    // Deadline in 2.05 s with the default 2 s safety margin: an answer after 50 ms is too late.
    const api = signatureSale('Captured', 2_050);
    const events: CounterProgressEvent[] = [];
    let callbackSignal: AbortSignal | undefined;
    const result = await payAtCounter(api.dojo, {
      ...existing,
      onProgress: (event) => events.push(event),
      verifySignature: async ({ signal }) => {
        callbackSignal = signal;
        await new Promise((resolve) => setTimeout(resolve, 150));
        return false;
      },
    });
    expect(result.outcome).toBe('captured');
    expect(api.sent('PUT', '/terminal-sessions/')).toEqual([]);
    expect(callbackSignal?.aborted).toBe(true);
    expect(events.find((event) => event.type === 'signature-unanswered')).toMatchObject({ reason: 'late' });
  });

  it('sends nothing when the callback throws or resolves with something other than a boolean', async () => {
    for (const verifySignature of [
      async () => {
        throw new Error('cashier screen crashed');
      },
      async () => 'yes' as unknown as boolean,
    ]) {
      const api = signatureSale('Captured');
      const events: CounterProgressEvent[] = [];
      const result = await payAtCounter(api.dojo, { ...existing, verifySignature, onProgress: (event) => events.push(event) });
      expect(result.outcome).toBe('captured');
      expect(api.sent('PUT', '/terminal-sessions/')).toEqual([]);
      expect(events.find((event) => event.type === 'signature-unanswered')).toMatchObject({
        reason: 'callback-failed',
        error: expect.any(Error),
      });
    }
  });
});

describe('abort', () => {
  it('before the card: requests the cancel and follows the session to Canceled', async () => {
    const controller = new AbortController();
    const api = fakeDojo({
      'GET /payment-intents/:id': reply(paymentIntent()),
      'POST /terminal-sessions': reply(session('Initiated'), 201),
      'PUT /terminal-sessions/:id/cancel': reply(session('CancelRequested')),
      'GET /terminal-sessions/:id': reply(session('Canceled')),
    });
    const events: CounterProgressEvent[] = [];
    const result = await payAtCounter(api.dojo, {
      ...existing,
      signal: controller.signal,
      onProgress: (event) => {
        events.push(event);
        if (event.type === 'session-created') controller.abort();
      },
    });
    expect(result).toMatchObject({ outcome: 'canceled', cancelRefused: false, session: { status: 'Canceled' } });
    expect(api.sent('PUT', '/terminal-sessions/')).toHaveLength(1);
    expect(events.map((event) => (event.type === 'status' ? `status:${event.status}` : event.type))).toEqual([
      'terminal-selected',
      'session-created',
      'cancel-requested',
      'status:CancelRequested',
      'status:Canceled',
    ]);
  });

  it('after the card (422): keeps following and reports the real outcome with cancelRefused', async () => {
    const controller = new AbortController();
    const api = fakeDojo({
      'GET /payment-intents/:id': reply(paymentIntent({ status: 'Captured' })),
      'POST /terminal-sessions': reply(session('InitiateRequested'), 201),
      'GET /terminal-sessions/:id': inTurn(reply(session('Initiated', ['EnterPin'])), reply(session('Captured', ['EnterPin']))),
      'PUT /terminal-sessions/:id/cancel': () => problem(422, 'a card was presented'),
    });
    const events: CounterProgressEvent[] = [];
    const result = await payAtCounter(api.dojo, {
      ...existing,
      signal: controller.signal,
      onProgress: (event) => {
        events.push(event);
        if (event.type === 'notification') controller.abort();
      },
    });
    expect(result).toMatchObject({ outcome: 'captured', cancelRefused: true, paymentIntent: { status: 'Captured' } });
    expect(api.sent('PUT', '/terminal-sessions/')).toHaveLength(1);
    expect(events.map((event) => event.type)).toContain('cancel-refused');
  });

  it('sends the cancel again when Dojo could not be reached', async () => {
    const controller = new AbortController();
    controller.abort();
    let cancels = 0;
    const api = fakeDojo({
      'GET /payment-intents/:id': reply(paymentIntent()),
      'POST /terminal-sessions': reply(session('Initiated'), 201),
      // The client retries a PUT twice: the first call fails three times, the next one gets through.
      'PUT /terminal-sessions/:id/cancel': (request) => (++cancels <= 3 ? connectionReset() : reply(session('CancelRequested'))(request)),
      'GET /terminal-sessions/:id': inTurn(reply(session('Initiated')), reply(session('Canceled'))),
    });
    // An already aborted signal rejects before anything is created…
    await expect(payAtCounter(api.dojo, { ...existing, signal: controller.signal })).rejects.toBeInstanceOf(DojoAbortError);
    expect(api.sent('POST', '/terminal-sessions')).toEqual([]);
    // …and one that fires after the create makes the flow cancel.
    const later = new AbortController();
    const result = await payAtCounter(api.dojo, {
      ...existing,
      signal: later.signal,
      onProgress: (event) => event.type === 'session-created' && later.abort(),
    });
    expect(result.outcome).toBe('canceled');
    expect(cancels).toBe(4);
  });

  it('leaves no timer and no abort listener behind', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    let added = 0;
    let removed = 0;
    const { addEventListener, removeEventListener } = controller.signal;
    controller.signal.addEventListener = (...args: Parameters<AbortSignal['addEventListener']>) => {
      added++;
      addEventListener.apply(controller.signal, args);
    };
    controller.signal.removeEventListener = (...args: Parameters<AbortSignal['removeEventListener']>) => {
      removed++;
      removeEventListener.apply(controller.signal, args);
    };
    const api = fakeDojo({
      'GET /payment-intents/:id': reply(paymentIntent()),
      'POST /terminal-sessions': reply(session('Initiated'), 201),
      'GET /terminal-sessions/:id': inTurn(reply(session('SignatureVerificationRequired')), reply(session('Captured'))),
      'PUT /terminal-sessions/:id/signature': reply(session('SignatureVerificationAccepted')),
    });
    const flow = payAtCounter(api.dojo, { ...existing, signal: controller.signal, verifySignature: async () => true });
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(flow).resolves.toMatchObject({ outcome: 'captured' });
    expect(vi.getTimerCount()).toBe(0);
    expect(added).toBeGreaterThan(0);
    expect(removed).toBe(added);
  });
});

describe('webhook wakeups', () => {
  it('cut the wait before the next read short, and only for the payment intent they are about', async () => {
    vi.useFakeTimers();
    const wakeups = createSessionWakeups();
    let subscribed = 0;
    const { subscribe } = wakeups;
    wakeups.subscribe = (id, listener) => {
      subscribed++;
      const unsubscribe = subscribe(id, listener);
      return () => {
        subscribed--;
        unsubscribe();
      };
    };
    const api = fakeDojo({
      'GET /payment-intents/:id': reply(paymentIntent()),
      'POST /terminal-sessions': reply(session('Initiated'), 201),
      'GET /terminal-sessions/:id': reply(session('Captured')),
    });
    let settled = false;
    const flow = payAtCounter(api.dojo, { ...existing, wakeups, poll: { initialDelayMs: 60_000, maxDelayMs: 60_000, factor: 1 } }).finally(
      () => {
        settled = true;
      },
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(subscribed).toBe(1);
    wakeups.notify({ data: { paymentIntentId: 'pi_sandbox_SomeOtherIntent000000000' } });
    await vi.advanceTimersByTimeAsync(10);
    expect(api.sent('GET', '/terminal-sessions/')).toEqual([]);
    wakeups.notify({ data: { paymentIntentId: PAYMENT_INTENT_ID } });
    await vi.advanceTimersByTimeAsync(10);
    expect(settled).toBe(true);
    await expect(flow).resolves.toMatchObject({ outcome: 'captured' });
    expect(api.sent('GET', '/terminal-sessions/')).toHaveLength(1);
    expect(subscribed).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a webhook that arrives during a read still ends the next wait at once', async () => {
    vi.useFakeTimers();
    const wakeups = createSessionWakeups();
    const api = fakeDojo({
      'GET /payment-intents/:id': reply(paymentIntent()),
      'POST /terminal-sessions': reply(session('InitiateRequested'), 201),
      'GET /terminal-sessions/:id': inTurn((request) => {
        wakeups.notify({ data: { paymentIntentId: PAYMENT_INTENT_ID } }); // the payment finished while Dojo answered
        return reply(session('Initiated'))(request);
      }, reply(session('Captured'))),
    });
    const flow = payAtCounter(api.dojo, { ...existing, wakeups, poll: { initialDelayMs: 30_000, maxDelayMs: 30_000, factor: 1 } });
    await vi.advanceTimersByTimeAsync(30_010);
    await expect(flow).resolves.toMatchObject({ outcome: 'captured' });
    const reads = api.sent('GET', '/terminal-sessions/');
    expect(reads).toHaveLength(2);
    expect(reads[1]!.at - reads[0]!.at).toBe(0);
  });
});
