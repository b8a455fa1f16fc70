import { createServer } from 'node:net';

/** Thrown when the port a mock should listen on is taken. */
export class PortInUseError extends Error {
  readonly port: number;

  constructor(host: string, port: number, message = `port ${port} on ${host} is already in use`) {
    super(message);
    this.name = 'PortInUseError';
    this.port = port;
  }
}

/** Binds `port` on `host` and releases it at once; resolves with the port actually bound. */
function bindOnce(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** Asks the OS for a free port on `host` (binds port 0). Another process may take it before it is used. */
export function findFreePort(host: string): Promise<number> {
  return bindOnce(host, 0);
}

/** Rejects with PortInUseError when `port` on `host` cannot be bound right now. */
export async function assertPortFree(host: string, port: number): Promise<void> {
  try {
    await bindOnce(host, port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(host, port);
    throw error;
  }
}

/** Accepts only IPv4 loopback addresses (127.0.0.0/8): a mock must never listen beyond this machine. */
export function assertLoopbackHost(host: string): void {
  const octets = host.split('.');
  const isIPv4 = octets.length === 4 && octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255);
  if (!isIPv4 || octets[0] !== '127') {
    throw new Error(`host must be an IPv4 loopback address such as 127.0.0.1, got "${host}"`);
  }
}

export function assertValidPort(port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`port must be an integer from 1 to 65535, got ${String(port)}`);
  }
}
