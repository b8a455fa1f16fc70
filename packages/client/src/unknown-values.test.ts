// Values Dojo adds after this version (x-dojo-open-enum in the spec): with validateResponses on, an answer carrying
// one is accepted, handed back as sent and reported to the logger; a wrong type is still refused.
import { readFileSync } from 'node:fs';
import { openapiJsonPath } from '@dojo-terminals/spec';
import { describe, expect, it } from 'vitest';
import { createDojoClient, DojoResponseValidationError } from './index.js';

const spec = JSON.parse(readFileSync(openapiJsonPath, 'utf8')) as { components: { examples: Record<string, { value: Record<string, unknown> }> } };
const session = spec.components.examples['SessionCaptured']!.value;
const SESSION_ID = session['id'] as string;

function clientAnswering(body: unknown) {
  const warnings: string[] = [];
  const dojo = createDojoClient({
    apiKey: 'sk_sandbox_unknown_values_test',
    softwareHouseId: 'softwareHouse1',
    baseUrl: 'http://127.0.0.1:1',
    validateResponses: true,
    logger: { warn: (line) => warnings.push(line) },
    fetch: async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }),
  });
  return { dojo, warnings };
}

describe('values the spec does not list yet', () => {
  it('accepts a session status and a notification type Dojo added later, keeps them and tells the logger', async () => {
    const answer = { ...session, status: 'Paused', notificationEvents: [{ notificationType: 'ScanQrCode', createdAt: '2026-01-01T00:00:00Z' }] };
    const { dojo, warnings } = clientAnswering(answer);
    const got = await dojo.terminalSessions.get(SESSION_ID);
    expect(got.status).toBe('Paused');
    expect(got).toEqual(answer);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('TerminalSessionStatus "Paused" is not a value this version knows'),
        expect.stringContaining('TerminalNotificationType "ScanQrCode" is not a value this version knows'),
      ]),
    );
  });

  it('says nothing about an answer with known values only', async () => {
    const { dojo, warnings } = clientAnswering(session);
    await expect(dojo.terminalSessions.get(SESSION_ID)).resolves.toEqual(session);
    expect(warnings).toEqual([]);
  });

  it('still refuses a value of the wrong type', async () => {
    const { dojo } = clientAnswering({ ...session, status: 7 });
    const error = await dojo.terminalSessions.get(SESSION_ID).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoResponseValidationError);
    expect((error as DojoResponseValidationError).issues).toEqual([expect.stringMatching(/^status: /)]);
  });
});
