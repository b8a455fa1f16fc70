import { describe, expect, it } from 'vitest';
import { SimulatorConfigError, startSimulator } from './index.js';
import { client, HEADERS, isFinal, pollSession } from './test-support.js';

describe('startSimulator options', () => {
  it.each([
    [{ host: '0.0.0.0' }, /loopback/],
    [{ port: 70_000 }, /port/],
    [{ timeScale: 0 }, /timeScale/],
    [{ terminals: -1 }, /terminals/],
    [{ terminals: [{ id: 'terminal-1' }] }, /terminals\[0\]\.id/],
    [{ webhooks: [{ url: 'ftp://example.com', secrets: ['s'] }] }, /webhooks\[0\]\.url/],
    [{ webhooks: [{ url: 'http://127.0.0.1:1/', secrets: [] }] }, /webhooks\[0\]\.secrets/],
    [{ apiKeys: ['not-a-key'] }, /apiKeys/],
  ])('refuses %j with a SimulatorConfigError', async (options, message) => {
    const error = await startSimulator(options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SimulatorConfigError);
    expect((error as Error).message).toMatch(message);
  });

  it('builds the fleet from a list, keeping given ids and statuses', async () => {
    const sim = await startSimulator({
      terminals: [{ id: 'tm_sandbox_65c5fe8a104a1222b2d8b968', tid: 'VCMPYC8SIP0' }, { status: 'Offline' }],
    });
    try {
      const response = await fetch(`${sim.url}/terminals?statuses=Offline`, { headers: HEADERS });
      const offline = (await response.json()) as { id: string }[];
      expect(offline).toHaveLength(1);
      expect(offline[0]!.id).toMatch(/^tm_sandbox_[0-9a-f]{24}$/);
      expect(sim.terminals()[0]).toMatchObject({ id: 'tm_sandbox_65c5fe8a104a1222b2d8b968', properties: { tid: 'VCMPYC8SIP0' }, status: 'Available' });
      sim.setTerminalStatus('tm_sandbox_65c5fe8a104a1222b2d8b968', 'Offline');
      expect(sim.terminals().every((t) => t.status === 'Offline')).toBe(true);
    } finally {
      await sim.stop();
    }
  });

  it('keeps a terminal InUse while a second session runs on it after setTerminalStatus freed it mid-session', async () => {
    const sim = await startSimulator({ timeScale: 0.01, terminals: 1 });
    try {
      const dojo = client(sim.url);
      const [terminal] = sim.terminals();
      const start = async (value: number) => {
        const intent = await dojo.paymentIntents.create({ amount: { value, currencyCode: 'GBP' }, reference: `Order ${value}` });
        return dojo.terminalSessions.create({ terminalId: terminal!.id, details: { sessionType: 'Sale', sale: { paymentIntentId: intent.id } } });
      };
      const first = await start(1000);
      sim.setTerminalStatus(terminal!.id, 'Available');
      await start(1015); // …15: no card comes, so it outlasts the first
      expect((await pollSession(dojo, first.id, isFinal)).status).toBe('Captured');
      expect(sim.terminals()[0]!.status).toBe('InUse');
    } finally {
      await sim.stop();
    }
  });

  it('listens on a free loopback port by default and stops cleanly, twice', async () => {
    const sim = await startSimulator();
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
    expect(sim.terminals()).toHaveLength(3);
    await sim.stop();
    await sim.stop();
    await expect(fetch(`${sim.url}/terminals`, { headers: HEADERS })).rejects.toThrow();
  });
});
