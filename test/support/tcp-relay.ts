import net from 'node:net';

/**
 * A TCP relay between the app and the real PostgreSQL, so a test can take the database away from one
 * server process (and only that one) the way a failover or a network cut does: every open connection
 * is cut and new ones are refused, while the PostgreSQL that other tests share keeps running.
 */
export interface TcpRelay {
  port: number;
  /** Cuts every relayed connection and refuses new ones (ECONNREFUSED) until resume(). */
  pause: () => Promise<void>;
  /** Accepts connections again, on the same port. */
  resume: () => Promise<void>;
  close: () => Promise<void>;
}

/** Starts a relay on a free local port to host:port. */
export async function startTcpRelay(host: string, port: number): Promise<TcpRelay> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  const listen = (onPort: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(onPort, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      // close() stops accepting at once; its callback waits for the cut connections to finish closing.
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  await listen(0);
  const relayPort = (server.address() as net.AddressInfo).port;
  return {
    port: relayPort,
    pause: stopListening,
    resume: () => listen(relayPort),
    close: stopListening,
  };
}
