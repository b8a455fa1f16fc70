import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DojoAbortError,
  DojoConflictError,
  DojoConnectionError,
  DojoInvalidArgumentError,
  DojoNoTerminalAvailableError,
  payAtCounter,
  type CounterProgressEvent,
} from '../index.js';
import {
  CARD_PAYMENT,
  connectionRefused,
  connectionReset,
  FAST_POLL,
  fakeDojo,
  inTurn,
  json,
  OTHER_TERMINAL_ID,
  PAYMENT_INTENT_ID,
  paymentIntent,
  problem,
  reply,
  session,
  SESSION_ID,
  terminal,
  TERMINAL_ID,
} from './test-support.js';

afterEach(() => {
  vi.useRealTimers();
});

const sale = {
  amount: { value: 1250, currencyCode: 'GBP' },
  reference: 'Order 1234',
  terminal: 'first-available',
  poll: FAST_POLL,
} as const;

describe('payAtCounter', () => {
  it('creates the payment intent, picks an available terminal, follows the session and resolves captured with receipt fields', async () => {
    const api = fakeDojo({
      'POST /payment-intents': reply(paymentIntent(), 201),
      'GET /terminals': reply([terminal({ id: OTHER_TERMINAL_ID, status: 'InUse' }), terminal()]),
      'POST /terminal-sessions': reply(session('InitiateRequested'), 201),
      'GET /terminal-sessions/:id': inTurn(
        reply(session('Initiated', ['PresentCard'])),
        reply(session('Initiated', ['PresentCard'])),
        reply(session('Initiated', ['PresentCard', 'EnterPin'])),
        reply(session('Captured', ['PresentCard', 'EnterPin', 'Approved'], { paymentDetails: CARD_PAYMENT })),
      ),
      'GET /payment-intents/:id': reply(paymentIntent({ status: 'Captured', paymentDetails: CARD_PAYMENT })),
    });
    const events: CounterProgressEvent[] = [];
    const result = await payAtCounter(api.dojo, { ...sale, onProgress: (event) => events.push(event) });

    expect(result).toMatchObject({
      outcome: 'captured',
      terminalId: TERMINAL_ID,
      amount: { value: 1250, currencyCode: 'GBP' },
      cardBrand: 'VISA',
      cardLast4: '1096',
      authCode: 'A1B2C3',
      cancelRefused: false,
      session: { id: SESSION_ID, status: 'Captured' },
      paymentIntent: { id: PAYMENT_INTENT_ID, status: 'Captured' },
    });
    expect(api.sent('POST', '/terminal-sessions')[0]?.body).toEqual({
      terminalId: TERMINAL_ID,
      details: { sessionType: 'Sale', sale: { paymentIntentId: PAYMENT_INTENT_ID } },
    });
    expect(api.sent('GET', '/terminals')[0]).toMatchObject({ path: '/terminals' });
    // Each prompt once, in order, though every poll returns the whole list.
    expect(
      events.map((event) =>
        event.type === 'status'
          ? `status:${event.status}`
          : event.type === 'notification'
          ? `notification:${event.notification}`
          : event.type,
      ),
    ).toEqual([
      'payment-intent-created',
      'terminal-selected',
      'session-created',
      'status:Initiated',
      'notification:PresentCard',
      'notification:EnterPin',
      'status:Captured',
      'notification:Approved',
    ]);
    expect(api.unexpected).toEqual([]);
  });

  it.each([
    ['Authorized', 'authorized'],
    ['Declined', 'declined'],
    ['Expired', 'expired'],
    ['Canceled', 'canceled'],
    ['SignatureVerificationRejected', 'signature-rejected'],
  ] as const)('turns a session that ends %s into outcome %s', async (status, outcome) => {
    const api = fakeDojo({
      'POST /payment-intents': reply(paymentIntent({ captureMode: 'Manual' }), 201),
      'GET /terminals': reply([terminal()]),
      'POST /terminal-sessions': reply(session('InitiateRequested'), 201),
      'GET /terminal-sessions/:id': inTurn(reply(session('Initiated')), reply(session(status))),
      'GET /payment-intents/:id': reply(paymentIntent({ status: status === 'Authorized' ? 'Authorized' : 'Created' })),
    });
    const result = await payAtCounter(api.dojo, { ...sale, captureMode: 'Manual' });
    expect(result.outcome).toBe(outcome);
    expect(result.session?.status).toBe(status);
    expect(api.sent('POST', '/payment-intents')[0]?.body).toMatchObject({ captureMode: 'Manual' });
  });

  it('uses an existing payment intent and a given terminal without listing terminals', async () => {
    const api = fakeDojo({
      'GET /payment-intents/:id': reply(paymentIntent()),
      'POST /terminal-sessions': reply(session('Captured'), 201),
    });
    const result = await payAtCounter(api.dojo, { paymentIntentId: PAYMENT_INTENT_ID, terminal: TERMINAL_ID, poll: FAST_POLL });
    expect(result.outcome).toBe('captured');
    expect(api.sent('POST', '/payment-intents')).toEqual([]);
    expect(api.sent('GET', '/terminals')).toEqual([]);
    expect(api.unexpected).toEqual([]);
  });

  it('resets the backoff to the first delay whenever the status changes', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-02-27T10:00:00Z') });
    const api = fakeDojo({
      'GET /payment-intents/:id': reply(paymentIntent()),
      'POST /terminal-sessions': reply(session('InitiateRequested'), 201),
      'GET /terminal-sessions/:id': inTurn(
        reply(session('Initiated')),
        reply(session('Initiated')),
        reply(session('Initiated')),
        reply(session('Initiated')),
        reply(session('SignatureVerificationRequired')),
        reply(session('SignatureVerificationRequired')),
        reply(session('Captured')),
      ),
    });
    const flow = payAtCounter(api.dojo, {
      paymentIntentId: PAYMENT_INTENT_ID,
      terminal: TERMINAL_ID,
      poll: { initialDelayMs: 100, maxDelayMs: 400, factor: 2 },
    });
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(flow).resolves.toMatchObject({ outcome: 'captured' });
    const reads = api.sent('GET', '/terminal-sessions/').map((request) => request.at);
    const created = api.sent('POST', '/terminal-sessions')[0]!.at;
    const gaps = reads.map((at, index) => at - (index === 0 ? created : reads[index - 1]!));
    // InitiateRequested→Initiated (reset), 3 unchanged reads (×2, capped at 400), →SignatureVerificationRequired (reset), unchanged, →Captured.
    expect(gaps).toEqual([100, 100, 200, 400, 400, 100, 200]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with DojoNoTerminalAvailableError when no terminal is Available, and creates no session', async () => {
    const api = fakeDojo({
      'POST /payment-intents': reply(paymentIntent(), 201),
      // A server that ignores the filter: an offline terminal must not be used.
      'GET /terminals': reply([terminal({ status: 'Offline' })]),
    });
    await expect(payAtCounter(api.dojo, sale)).rejects.toBeInstanceOf(DojoNoTerminalAvailableError);
    expect(api.sent('POST', '/terminal-sessions')).toEqual([]);
  });

  it('rejects invalid options before sending anything', async () => {
    const api = fakeDojo({});
    await expect(payAtCounter(api.dojo, { paymentIntentId: PAYMENT_INTENT_ID, terminal: '../terminals' })).rejects.toBeInstanceOf(
      DojoInvalidArgumentError,
    );
    await expect(payAtCounter(api.dojo, { ...sale, poll: { initialDelayMs: 0 } })).rejects.toBeInstanceOf(DojoInvalidArgumentError);
    expect(api.requests).toEqual([]);
  });

  it('keeps the flow going when onProgress throws', async () => {
    const api = fakeDojo({
      'GET /payment-intents/:id': reply(paymentIntent()),
      'POST /terminal-sessions': reply(session('InitiateRequested'), 201),
      'GET /terminal-sessions/:id': reply(session('Captured')),
    });
    const result = await payAtCounter(api.dojo, {
      paymentIntentId: PAYMENT_INTENT_ID,
      terminal: TERMINAL_ID,
      poll: FAST_POLL,
      onProgress: () => {
        throw new Error('display broken');
      },
    });
    expect(result.outcome).toBe('captured');
  });

  describe('while Dojo is unreachable', () => {
    it('keeps reading through an outage and reports the real outcome', async () => {
      let outage = 4;
      const api = fakeDojo({
        'GET /payment-intents/:id': reply(paymentIntent({ status: 'Captured' })),
        'POST /terminal-sessions': reply(session('InitiateRequested'), 201),
        // Each failed read is retried twice by the client: 4 × 3 attempts fail, then Dojo is back.
        'GET /terminal-sessions/:id': () => (outage-- > 0 ? connectionReset() : json(session('Captured'))),
      });
      let failedAttempts = 0;
      const events: CounterProgressEvent[] = [];
      const result = await payAtCounter(api.dojo, {
        paymentIntentId: PAYMENT_INTENT_ID,
        terminal: TERMINAL_ID,
        poll: FAST_POLL,
        onProgress: (event) => {
          if (event.type === 'poll-failed') failedAttempts++;
          events.push(event);
        },
      });
      expect(result.outcome).toBe('captured');
      expect(failedAttempts).toBeGreaterThan(0);
      expect(events.find((event) => event.type === 'poll-failed')).toMatchObject({ error: expect.any(DojoConnectionError) });
    });

    it('reads the payment intent again after the session ends until Dojo answers', async () => {
      const api = fakeDojo({
        // 1 read before the session, then two failed reads after it (3 attempts each with the client's retries).
        'GET /payment-intents/:id': inTurn(
          reply(paymentIntent()),
          ...Array.from({ length: 6 }, () => () => connectionReset()),
          reply(paymentIntent({ status: 'Captured' })),
        ),
        'POST /terminal-sessions': reply(session('InitiateRequested'), 201),
        'GET /terminal-sessions/:id': reply(session('Captured')),
      });
      const result = await payAtCounter(api.dojo, { paymentIntentId: PAYMENT_INTENT_ID, terminal: TERMINAL_ID, poll: FAST_POLL });
      expect(result).toMatchObject({ outcome: 'captured', paymentIntent: { status: 'Captured' } });
      expect(api.sent('GET', '/payment-intents/')).toHaveLength(8);
    });

    it('rejects, creating no session, when the payment intent cannot be read first', async () => {
      const api = fakeDojo({
        'GET /payment-intents/:id': () => connectionReset(),
        'POST /terminal-sessions': reply(session('Initiated', [], { expiresInMs: 20 }), 201),
        'GET /terminal-sessions/:id': () => connectionReset(),
      });
      const result = await payAtCounter(api.dojo, {
        paymentIntentId: PAYMENT_INTENT_ID,
        terminal: TERMINAL_ID,
        poll: FAST_POLL,
        expiryMarginMs: 30,
      }).catch((error: unknown) => error);
      // The payment intent could not even be read first: the flow rejects before any session is created.
      expect(result).toBeInstanceOf(DojoConnectionError);
      expect(api.sent('POST', '/terminal-sessions')).toEqual([]);
    });

    it('resolves unknown (session-unreachable) once the session has expired past the margin', async () => {
      const api2 = fakeDojo({
        'GET /payment-intents/:id': inTurn(reply(paymentIntent()), () => connectionReset()),
        'POST /terminal-sessions': reply(session('Initiated', [], { expiresInMs: 20 }), 201),
        'GET /terminal-sessions/:id': () => connectionReset(),
      });
      const unreachable = await payAtCounter(api2.dojo, {
        paymentIntentId: PAYMENT_INTENT_ID,
        terminal: TERMINAL_ID,
        poll: FAST_POLL,
        expiryMarginMs: 30,
      });
      expect(unreachable).toMatchObject({
        outcome: 'unknown',
        reason: 'session-unreachable',
        session: { id: SESSION_ID, status: 'Initiated' },
        paymentIntent: undefined,
        error: expect.any(DojoConnectionError),
      });
    });
  });

  describe('a create-session request that may have reached Dojo', () => {
    it('is never sent again: it reads the payment intent and the terminal, then resolves unknown', async () => {
      const api = fakeDojo({
        'GET /payment-intents/:id': reply(paymentIntent()),
        'POST /terminal-sessions': () => connectionReset(),
        'GET /terminals/:id': reply(terminal({ status: 'InUse' })),
      });
      const events: CounterProgressEvent[] = [];
      const result = await payAtCounter(api.dojo, {
        paymentIntentId: PAYMENT_INTENT_ID,
        terminal: TERMINAL_ID,
        poll: FAST_POLL,
        outcomeCheckMs: 40,
        onProgress: (event) => events.push(event),
      });
      expect(result).toMatchObject({
        outcome: 'unknown',
        reason: 'session-create-unconfirmed',
        session: undefined,
        paymentIntent: { id: PAYMENT_INTENT_ID, status: 'Created' },
        terminal: { id: TERMINAL_ID, status: 'InUse' },
        error: expect.objectContaining({ outcomeUnknown: true }),
      });
      expect(api.sent('POST', '/terminal-sessions')).toHaveLength(1);
      expect(api.sent('GET', '/payment-intents/').length).toBeGreaterThan(1);
      expect(events.map((event) => event.type)).toContain('checking-outcome');
    });

    it('resolves captured when the payment intent shows the money was taken (after a 5xx)', async () => {
      const api = fakeDojo({
        'GET /payment-intents/:id': inTurn(
          reply(paymentIntent()),
          reply(paymentIntent()),
          reply(paymentIntent({ status: 'Captured', paymentDetails: CARD_PAYMENT })),
        ),
        'POST /terminal-sessions': () => problem(500, 'internal error'),
        'GET /terminals/:id': reply(terminal({ status: 'InUse' })),
      });
      const result = await payAtCounter(api.dojo, {
        paymentIntentId: PAYMENT_INTENT_ID,
        terminal: TERMINAL_ID,
        poll: FAST_POLL,
        outcomeCheckMs: 5_000,
      });
      expect(result).toMatchObject({ outcome: 'captured', session: undefined, paymentIntent: { status: 'Captured' }, cardLast4: '1096' });
      expect(api.sent('POST', '/terminal-sessions')).toHaveLength(1);
    });

    it("follows the session it finds in the payment intent's history", async () => {
      const history = [{ terminalSession: { id: SESSION_ID, terminalId: TERMINAL_ID, status: 'Initiated' as const } }];
      const api = fakeDojo({
        'GET /payment-intents/:id': inTurn(
          reply(paymentIntent()),
          reply(paymentIntent({ terminalSessionHistory: history })),
          reply(paymentIntent({ status: 'Captured', terminalSessionHistory: history })),
        ),
        'POST /terminal-sessions': () => connectionReset(),
        'GET /terminal-sessions/:id': inTurn(reply(session('Initiated', ['PresentCard'])), reply(session('Captured', ['PresentCard']))),
        'GET /terminals/:id': reply(terminal({ status: 'InUse' })),
      });
      const events: CounterProgressEvent[] = [];
      const result = await payAtCounter(api.dojo, {
        paymentIntentId: PAYMENT_INTENT_ID,
        terminal: TERMINAL_ID,
        poll: FAST_POLL,
        onProgress: (event) => events.push(event),
      });
      expect(result).toMatchObject({ outcome: 'captured', session: { id: SESSION_ID, status: 'Captured' } });
      expect(events).toContainEqual({ type: 'session-found', terminalSessionId: SESSION_ID });
      expect(api.sent('POST', '/terminal-sessions')).toHaveLength(1);
    });

    it('rejects with the typed error when the request cannot have reached Dojo, or Dojo refused it', async () => {
      const refused = fakeDojo({
        'GET /payment-intents/:id': reply(paymentIntent()),
        'POST /terminal-sessions': () => connectionRefused(),
      });
      const error = await payAtCounter(refused.dojo, { paymentIntentId: PAYMENT_INTENT_ID, terminal: TERMINAL_ID }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DojoConnectionError);
      expect((error as DojoConnectionError).outcomeUnknown).toBe(false);

      const busy = fakeDojo({
        'GET /payment-intents/:id': reply(paymentIntent()),
        'POST /terminal-sessions': () => problem(409, 'terminal busy'),
      });
      await expect(payAtCounter(busy.dojo, { paymentIntentId: PAYMENT_INTENT_ID, terminal: TERMINAL_ID })).rejects.toBeInstanceOf(
        DojoConflictError,
      );
      expect(refused.sent('POST', '/terminal-sessions')).toHaveLength(1);
      expect(busy.sent('POST', '/terminal-sessions')).toHaveLength(1);
    });
  });
});
