import { readFileSync } from 'node:fs';
import { openapiJsonPath } from '@dojo-terminals/spec';
import { describe, expect, it } from 'vitest';
import { idPrefix, readFacts } from './facts.js';

const spec = JSON.parse(readFileSync(openapiJsonPath, 'utf8'));

describe('readFacts on the bundled spec', () => {
  const facts = readFacts(spec);
  const byId = new Map(facts.operations.map((operation) => [operation.id, operation]));

  it('takes the version from info.version and the events from webhooks', () => {
    expect(facts.apiVersion).toBe(spec.info.version);
    expect(facts.webhookEvents).toEqual(Object.keys(spec.webhooks));
  });

  it('takes each id pattern from the schema a path parameter refers to', () => {
    for (const [kind, pattern] of Object.entries(facts.idPatterns)) expect(pattern).toBe(spec.components.schemas[kind].pattern);
    expect(byId.get('getRefund')!.pathParams).toEqual([{ name: 'refundId', kind: 'RefundId', pattern: spec.components.schemas.RefundId.pattern }]);
  });

  it("takes each id's literal prefix from its pattern", () => {
    expect(Object.fromEntries(Object.entries(facts.idPatterns).map(([kind, pattern]) => [kind, idPrefix(pattern)]))).toEqual({
      TerminalId: 'tm_',
      TerminalSessionId: 'ts_',
      RefundId: 'rfnd_',
      PaymentIntentId: 'pi_',
    });
    expect(idPrefix('^ab?c')).toBe('a');
    expect(idPrefix('^x{2}')).toBe('');
    expect(idPrefix('tm_[a-z]+')).toBe('');
  });

  it('repeats GET, PUT, DELETE and what carries an IdempotencyKey, never another POST', () => {
    expect(facts.operations.filter((operation) => operation.repeatable).map((operation) => operation.id).sort()).toEqual(
      facts.operations.filter((operation) => operation.method !== 'POST' || operation.id === 'createRefund').map((operation) => operation.id).sort(),
    );
    expect(byId.get('searchPaymentIntents')!.repeatable).toBe(false);
    expect(byId.get('createRefund')!.idempotencyKeyHeader).toBe('IdempotencyKey');
  });

  it('sends the terminal headers where the operation declares SoftwareHouseId', () => {
    expect(facts.operations.filter((operation) => operation.terminal).map((operation) => operation.path.split('/')[1])).toEqual(
      expect.arrayContaining(['terminals', 'terminal-sessions']),
    );
    expect(facts.operations.filter((operation) => operation.terminal).every((operation) => /^\/terminal/.test(operation.path))).toBe(true);
  });

  it('places each operation as dojo.<x-dojo-resource>.<x-dojo-method>, once', () => {
    const places = facts.operations.map((operation) => `${operation.resource}.${operation.clientMethod}`);
    expect(new Set(places).size).toBe(places.length);
    expect(byId.get('answerSignatureVerification')).toMatchObject({ resource: 'terminalSessions', clientMethod: 'answerSignature' });
  });

  it('reads the status lists from the status schemas\' enum', () => {
    expect(facts.statuses.TerminalStatus).toEqual(spec.components.schemas.TerminalStatus.enum);
    expect(facts.statuses.PaymentIntentStatus).toEqual(spec.components.schemas.PaymentIntentStatus.enum);
  });

  it('reads the final statuses from x-dojo-final', () => {
    expect(facts.finalTerminalSessionStatuses).toEqual(spec.components.schemas.TerminalSessionStatus['x-dojo-final']);
  });
});

describe('readFacts on an edited spec', () => {
  const edited = structuredClone(spec);
  edited.paths['/payment-intents/{paymentIntentId}/notes'] = {
    post: {
      ...edited.paths['/payment-intents/{paymentIntentId}/refunds'].post,
      operationId: 'addNote',
      'x-dojo-method': 'addNote',
      parameters: [{ $ref: '#/components/parameters/PaymentIntentIdPath' }, { $ref: '#/components/parameters/Version' }],
    },
  };

  it('a POST without an IdempotencyKey is not repeatable', () => {
    expect(readFacts(edited).operations.find((operation) => operation.id === 'addNote')).toMatchObject({ repeatable: false, terminal: false });
  });

  it('refuses an operation without x-dojo-method', () => {
    delete edited.paths['/payment-intents/{paymentIntentId}/notes'].post['x-dojo-method'];
    expect(() => readFacts(edited)).toThrow('addNote: needs x-dojo-method');
  });
});
