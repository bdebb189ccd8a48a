/**
 * Finding a TCP port nobody is using, for a server we are about to start.
 *
 * Asking the kernel for port 0 hands out a free ephemeral port; we close our listener
 * and give the number to PostgreSQL. Another process could take it in between, but on
 * a developer machine that race is rare, and a failed start says so clearly.
 */
import { createServer } from 'node:net';

export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('the kernel gave no port'))));
    });
  });
}
