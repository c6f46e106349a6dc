/** Raw TCP sockets to the server, for what no HTTP client sends: stalled, trickled or odd requests. */
import type net from 'node:net';

/** Everything the server writes back on a socket, and whether it has closed. */
export function watch(socket: net.Socket): { text: () => string; closed: () => boolean } {
  let received = '';
  let closed = socket.destroyed;
  socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
  socket.on('close', () => (closed = true));
  return { text: () => received, closed: () => closed };
}
