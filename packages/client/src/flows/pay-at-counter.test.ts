import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DojoAbortError,
  DojoAuthenticationError,
  DojoConflictError,
  DojoConnectionError,
  DojoError,
  DojoInvalidArgumentError,
  DojoNoTerminalAvailableError,
  DojoNothingToResumeError,
  DojoPermissionError,
  DojoRateLimitError,
  DojoResponseValidationError,
  DojoValidationError,
  payAtCounter,
  resumePayAtCounter,
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
  type Route,
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
      // The terminal is checked before the payment intent is created.
      'terminal-selected',
      'payment-intent-created',
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
    expect(api.requests.filter((request) => request.path === '/terminals')).toEqual([]);
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
    await expect(payAtCounter(api.dojo, { paymentIntentId: PAYMENT_INTENT_ID, terminal: '../terminals' as never })).rejects.toBeInstanceOf(
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
        'GET /terminals/:id': inTurn(reply(terminal()), reply(terminal({ status: 'InUse' }))), // Available when checked, then busy
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
        'GET /terminals/:id': inTurn(reply(terminal()), reply(terminal({ status: 'InUse' }))), // Available when checked, then busy
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
        'GET /terminals/:id': inTurn(reply(terminal()), reply(terminal({ status: 'InUse' }))), // Available when checked, then busy
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

describe('payAtCounter: a rejection means nothing was taken', () => {
  const raw = (status: number, body: string, contentType = 'application/json'): Route => () =>
    new Response(body, { status, headers: { 'content-type': contentType } });
  const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
  const deepProblem = `{"detail":${'['.repeat(3_000)}"x"${']'.repeat(3_000)}}`;
  const huge = `[${'"x",'.repeat(1_200_000)}"x"]`;

  // Every answer to a create-session request that does not prove it was refused before it did anything.
  it.each<[string, Route]>([
    ['a 201 with {}', reply({}, 201)],
    ['a 201 with []', reply([], 201)],
    ['a 201 with a session of the wrong shape', reply({ id: 42, status: ['Initiated'] }, 201)],
    ['a 201 with another kind of object', reply(paymentIntent(), 201)],
    ['a 201 that is not JSON', raw(201, '<html>ok</html>', 'text/html')],
    ['an empty 201', raw(201, '')],
    ['a 201 nested thousands of levels deep', raw(201, deep)],
    ['a 201 larger than maxResponseBytes', raw(201, huge)],
    ['a 400 whose body is nested thousands of levels deep', raw(400, deepProblem, 'application/problem+json')],
    ['a 400 whose body is not JSON', raw(400, '<html>Bad Request</html>', 'text/html')],
    ['a 400 whose body is truncated JSON', raw(400, '{"detail":"termi')],
    ['a 400 whose body is larger than maxResponseBytes', raw(400, huge)],
    ['a 409 with no body', raw(409, '')],
    ['a 408', () => problem(408, 'request timeout')],
    ['a 302', () => new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } })],
    ['a 500', () => problem(500, 'internal error')],
    ['a lost connection', () => connectionReset()],
    ['a fetch that fails oddly', () => Promise.reject(new RangeError('odd'))],
  ])('%s: never rejects, resolves unknown after checking, and never sends the create again', async (_name, answer) => {
    const api = fakeDojo({
      'GET /payment-intents/:id': reply(paymentIntent()),
      'POST /terminal-sessions': answer,
    });
    const events: CounterProgressEvent[] = [];
    const result = await payAtCounter(api.dojo, {
      paymentIntentId: PAYMENT_INTENT_ID,
      terminal: TERMINAL_ID,
      poll: FAST_POLL,
      outcomeCheckMs: 30,
      onProgress: (event) => events.push(event),
    });
    expect(result).toMatchObject({ outcome: 'unknown', reason: 'session-create-unconfirmed', error: expect.any(DojoError) });
    expect(events.map((event) => event.type)).toContain('checking-outcome');
    expect(api.sent('POST', '/terminal-sessions')).toHaveLength(1);
  });

  // The only rejections after the create-session request: Dojo's readable refusals, and a request that never left.
  it.each<[string, Route, new (...args: never[]) => DojoError]>([
    ['a 400 problem', () => problem(400, 'terminalId is invalid'), DojoValidationError],
    ['a 409 problem', () => problem(409, 'terminal busy'), DojoConflictError],
    ['a 401 problem', () => problem(401, 'bad key'), DojoAuthenticationError],
    ['a 429 problem', () => problem(429, 'slow down'), DojoRateLimitError],
    ['a refused connection', () => connectionRefused(), DojoConnectionError],
  ])('%s rejects with its typed error, which carries the payment intent it created', async (_name, answer, ErrorClass) => {
    const api = fakeDojo({
      'POST /payment-intents': reply(paymentIntent(), 201),
      'GET /terminals': reply([terminal()]),
      'POST /terminal-sessions': answer,
    });
    const error = await payAtCounter(api.dojo, sale).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ paymentIntentId: PAYMENT_INTENT_ID });
    expect(api.sent('POST', '/terminal-sessions')).toHaveLength(1);
  });

  it('ends unknown, not rejected, when a read of the running session fails in a way waiting cannot cure', async () => {
    const api = fakeDojo({
      'GET /payment-intents/:id': reply(paymentIntent()),
      'POST /terminal-sessions': reply(session('InitiateRequested'), 201),
      'GET /terminal-sessions/:id': () => problem(403, 'key revoked'),
    });
    const result = await payAtCounter(api.dojo, { paymentIntentId: PAYMENT_INTENT_ID, terminal: TERMINAL_ID, poll: FAST_POLL });
    expect(result).toMatchObject({ outcome: 'unknown', reason: 'session-unreachable', error: expect.any(DojoPermissionError) });
  });
});

describe('payAtCounter: malformed answers are typed errors', () => {
  it.each<[string, Record<string, Route>]>([
    ['a terminal list that is not a list', { 'GET /terminals': reply({ terminals: [] }) }],
    ['a terminal list of strings', { 'GET /terminals': reply(['tm_sandbox_65c5fe8a104a1222b2d8b968']) }],
    ['a payment intent create answering {}', { 'GET /terminals': reply([terminal()]), 'POST /payment-intents': reply({}, 201) }],
    [
      'a payment intent without an amount',
      { 'GET /terminals': reply([terminal()]), 'POST /payment-intents': reply({ id: PAYMENT_INTENT_ID, status: 'Created' }, 201) },
    ],
  ])('rejects %s with a DojoResponseValidationError, and starts no session', async (_name, routes) => {
    const api = fakeDojo(routes);
    const error = await payAtCounter(api.dojo, sale).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoResponseValidationError);
    expect(api.sent('POST', '/terminal-sessions')).toEqual([]);
  });

  it('rejects a named terminal answered as another object, before creating anything', async () => {
    const api = fakeDojo({ 'GET /terminals/:id': reply({ id: OTHER_TERMINAL_ID, status: 'Available' }) });
    await expect(payAtCounter(api.dojo, { ...sale, terminal: TERMINAL_ID })).rejects.toBeInstanceOf(DojoResponseValidationError);
    expect(api.sent('POST', '/payment-intents')).toEqual([]);
  });

  it('reads receipt fields of odd types without a TypeError', async () => {
    const odd = { card: { cardType: 'VISA', cardNumber: 4456530010961096 } } as never;
    const api = fakeDojo({
      'GET /payment-intents/:id': reply(paymentIntent()),
      'POST /terminal-sessions': reply(session('Captured', [], { paymentDetails: odd }), 201),
    });
    await expect(payAtCounter(api.dojo, { paymentIntentId: PAYMENT_INTENT_ID, terminal: TERMINAL_ID, poll: FAST_POLL })).resolves.toMatchObject({
      outcome: 'captured',
      cardLast4: undefined,
    });
  });

  it('treats a garbled session read as a failed poll, and a garbled final payment intent as unread', async () => {
    const api = fakeDojo({
      'GET /payment-intents/:id': inTurn(reply(paymentIntent()), ...Array.from({ length: 5 }, () => reply({ id: 'pi_x' }))),
      'POST /terminal-sessions': reply(session('InitiateRequested'), 201),
      'GET /terminal-sessions/:id': inTurn(reply({ status: 'Captured' }), reply([]), reply(session('Captured'))),
    });
    const events: CounterProgressEvent[] = [];
    const result = await payAtCounter(api.dojo, {
      paymentIntentId: PAYMENT_INTENT_ID,
      terminal: TERMINAL_ID,
      poll: FAST_POLL,
      onProgress: (event) => events.push(event),
    });
    expect(result).toMatchObject({ outcome: 'captured', paymentIntent: undefined });
    expect(events.filter((event) => event.type === 'poll-failed')).toHaveLength(2);
  });
});

describe('payAtCounter: following is bounded whatever the server answers', () => {
  it('resolves unknown (session-overdue) when Dojo keeps answering Initiated with an expireAt in the past', async () => {
    const stale = session('Initiated', [], { expiresInMs: -60_000 });
    const api = fakeDojo({
      'GET /payment-intents/:id': reply(paymentIntent()),
      'POST /terminal-sessions': reply(stale, 201),
      'GET /terminal-sessions/:id': reply(stale),
    });
    const result = await payAtCounter(api.dojo, { paymentIntentId: PAYMENT_INTENT_ID, terminal: TERMINAL_ID, poll: FAST_POLL, expiryMarginMs: 50 });
    expect(result).toMatchObject({ outcome: 'unknown', reason: 'session-overdue', session: { status: 'Initiated' }, error: undefined });
  }, 5_000);

  it('does not believe an expireAt that keeps moving away: one status is followed for at most ten minutes', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-02-27T10:00:00Z') });
    const api = fakeDojo({
      'GET /payment-intents/:id': reply(paymentIntent()),
      'POST /terminal-sessions': () => json(session('Initiated', [], { expiresInMs: 365 * 86_400_000 }), 201),
      'GET /terminal-sessions/:id': () => json(session('Initiated', [], { expiresInMs: 365 * 86_400_000 })),
    });
    let settled = false;
    const flow = payAtCounter(api.dojo, {
      paymentIntentId: PAYMENT_INTENT_ID,
      terminal: TERMINAL_ID,
      poll: { initialDelayMs: 1_000, maxDelayMs: 5_000, factor: 2 },
      expiryMarginMs: 60_000,
    }).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(65_000);
    await expect(flow).resolves.toMatchObject({ outcome: 'unknown', reason: 'session-overdue' });
  });
});

describe('payAtCounter: nothing is created that the caller has no handle on', () => {
  it('creates nothing when the signal has already fired', async () => {
    const api = fakeDojo({ 'POST /payment-intents': reply(paymentIntent(), 201), 'GET /terminals': reply([terminal()]) });
    const error = await payAtCounter(api.dojo, { ...sale, signal: AbortSignal.abort() }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoAbortError);
    expect(api.requests).toEqual([]);
  });

  it.each(['InUse', 'Offline'] as const)('creates no payment intent when the named terminal is %s', async (status) => {
    const api = fakeDojo({ 'GET /terminals/:id': reply(terminal({ status })), 'POST /payment-intents': reply(paymentIntent(), 201) });
    const error = await payAtCounter(api.dojo, { ...sale, terminal: TERMINAL_ID }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoNoTerminalAvailableError);
    expect(error).toMatchObject({ terminal: { id: TERMINAL_ID, status } });
    expect(api.sent('POST', '/payment-intents')).toEqual([]);
  });

  it('creates no payment intent when no terminal is Available', async () => {
    const api = fakeDojo({ 'GET /terminals': reply([terminal({ status: 'InUse' })]), 'POST /payment-intents': reply(paymentIntent(), 201) });
    await expect(payAtCounter(api.dojo, sale)).rejects.toBeInstanceOf(DojoNoTerminalAvailableError);
    expect(api.sent('POST', '/payment-intents')).toEqual([]);
  });

  it('names the payment intent it created in an abort that comes before the session', async () => {
    const controller = new AbortController();
    const api = fakeDojo({
      'GET /terminals': reply([terminal()]),
      'POST /payment-intents': () => {
        controller.abort();
        return json(paymentIntent(), 201);
      },
    });
    const error = await payAtCounter(api.dojo, { ...sale, signal: controller.signal }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoAbortError);
    expect(error).toMatchObject({ paymentIntentId: PAYMENT_INTENT_ID });
    expect(api.sent('POST', '/terminal-sessions')).toEqual([]);
  });
});

describe('resumePayAtCounter', () => {
  const history = [
    { terminalSession: { id: 'ts_sandbox_65e6f8c1a2b3c4d5e6f7a8b0', terminalId: TERMINAL_ID, status: 'Declined' as const, createdAt: '2026-02-27T09:00:00Z' } },
    { terminalSession: { id: SESSION_ID, terminalId: TERMINAL_ID, status: 'Initiated' as const, createdAt: '2026-02-27T10:00:00Z' } },
  ];

  it('follows the newest session of the payment intent to its outcome, never creating one', async () => {
    const api = fakeDojo({
      'GET /payment-intents/:id': inTurn(
        reply(paymentIntent({ terminalSessionHistory: history })),
        reply(paymentIntent({ status: 'Captured', terminalSessionHistory: history, paymentDetails: CARD_PAYMENT })),
      ),
      'GET /terminal-sessions/:id': inTurn(reply(session('Initiated', ['PresentCard'])), reply(session('Captured', ['PresentCard']))),
    });
    const events: CounterProgressEvent[] = [];
    const result = await resumePayAtCounter(api.dojo, { paymentIntentId: PAYMENT_INTENT_ID, poll: FAST_POLL, onProgress: (event) => events.push(event) });
    expect(result).toMatchObject({ outcome: 'captured', session: { id: SESSION_ID }, paymentIntent: { status: 'Captured' }, cardLast4: '1096' });
    expect(api.sent('GET', '/terminal-sessions/').map((request) => request.path)).toContain(`/terminal-sessions/${SESSION_ID}`);
    expect(api.sent('POST', '/')).toEqual([]);
    expect(events).toContainEqual({ type: 'session-found', terminalSessionId: SESSION_ID });
    expect(api.unexpected).toEqual([]);
  });

  it('resumes from the terminal session id, and settles a session that already ended', async () => {
    const api = fakeDojo({
      'GET /terminal-sessions/:id': reply(session('Declined')),
      'GET /payment-intents/:id': reply(paymentIntent()),
    });
    await expect(resumePayAtCounter(api.dojo, { terminalSessionId: SESSION_ID, poll: FAST_POLL })).resolves.toMatchObject({
      outcome: 'declined',
      session: { id: SESSION_ID },
    });
    expect(api.sent('POST', '/')).toEqual([]);
  });

  it('rejects with DojoNothingToResumeError when no session was started and nothing was paid', async () => {
    const api = fakeDojo({ 'GET /payment-intents/:id': reply(paymentIntent()) });
    const error = await resumePayAtCounter(api.dojo, { paymentIntentId: PAYMENT_INTENT_ID, poll: FAST_POLL, outcomeCheckMs: 30 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DojoNothingToResumeError);
    // It looked for a session to appear before saying so, and started none.
    expect(api.sent('GET', '/payment-intents/').length).toBeGreaterThan(1);
    expect(api.sent('POST', '/')).toEqual([]);
    expect(error).toMatchObject({ paymentIntentId: PAYMENT_INTENT_ID, paymentIntent: { status: 'Created' } });
  });

  it('follows a session that appears in the payment intent while it looks', async () => {
    const api = fakeDojo({
      'GET /payment-intents/:id': inTurn(
        reply(paymentIntent()),
        reply(paymentIntent()),
        reply(paymentIntent({ terminalSessionHistory: history.slice(1) })),
        reply(paymentIntent({ status: 'Captured', terminalSessionHistory: history.slice(1) })),
      ),
      'GET /terminal-sessions/:id': inTurn(reply(session('Initiated')), reply(session('Captured'))),
    });
    await expect(resumePayAtCounter(api.dojo, { paymentIntentId: PAYMENT_INTENT_ID, poll: FAST_POLL, outcomeCheckMs: 5_000 })).resolves.toMatchObject({
      outcome: 'captured',
      session: { id: SESSION_ID },
    });
    expect(api.sent('POST', '/')).toEqual([]);
  });

  it('resolves captured from a paid payment intent whose history shows no session', async () => {
    const api = fakeDojo({ 'GET /payment-intents/:id': reply(paymentIntent({ status: 'Captured' })) });
    await expect(resumePayAtCounter(api.dojo, { paymentIntentId: PAYMENT_INTENT_ID })).resolves.toMatchObject({
      outcome: 'captured',
      session: undefined,
    });
  });

  it('refuses a session that is not a sale', async () => {
    const api = fakeDojo({
      'GET /terminal-sessions/:id': reply(session('Captured', [], { details: { sessionType: 'UnlinkedRefund', unlinkedRefund: { amount: { value: 1, currencyCode: 'GBP' } } } })),
    });
    await expect(resumePayAtCounter(api.dojo, { terminalSessionId: SESSION_ID })).rejects.toBeInstanceOf(DojoInvalidArgumentError);
  });
});
