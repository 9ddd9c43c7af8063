import net from 'net';

/**
 * A TCP port that is free right now, chosen by the OS. Fixed ports in the
 * ephemeral range (32768-60999 on Linux) can be taken at any moment by some
 * client socket, so tests never hard-code one.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
