// Stopping the HTTP server without cutting anyone off. On shutdown the listener closes (new connections are refused),
// every answer still to be written says `Connection: close`, and keep-alive connections that sit idle are left to the
// server's keep-alive timeout (the `Keep-Alive: timeout=5` clients were told), after which Node closes them itself.
//
// Why not server.close() as it is: since Node 19 it also destroys every idle keep-alive connection at once, and a
// client that has just written its next request on one (or whose bytes sit unread in the socket) gets a connection
// reset instead of an answer. A client told `Connection: close`, or whose keep-alive time has run out, does not send
// on that connection again, so nobody races the close. What is still open at the deadline is cut
// (closeAllConnections): a slow or silent client cannot hold a shutdown past its grace.
import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';

export interface HttpDrain {
  /** True once close() has begun. */
  readonly draining: boolean;
  /**
   * Stops listening and waits until every connection has ended, or until `deadline` (epoch ms), when the rest are cut.
   * Resolves with how many connections were cut.
   */
  close(deadline: number): Promise<{ cut: number }>;
}

/** Wraps a Node HTTP server (the one @hono/node-server's serve() returns); call before it answers anything. */
export function drainable(server: Server): HttpDrain {
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  const sockets = new Set<NodeJS.EventEmitter>();
  server.on('connection', (socket: NodeJS.EventEmitter) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // Prepended: the app's own listener may write its answer before a listener after it runs.
  server.prependListener('request', (_req, res: ServerResponse) => {
    if (draining) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  return {
    get draining() {
      return draining;
    },
    async close(deadline) {
      draining = true;
      // Answers being worked on: told to close the connection once written (Node merges this with the app's headers).
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      // net.Server's close: stop listening; the callback runs once every connection has ended.
      const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), Math.max(0, deadline - Date.now()))));
      const outcome = await Promise.race([closed, late]);
      clearTimeout(timer);
      if (outcome !== 'late') return { cut: 0 };
      const cut = sockets.size;
      server.closeAllConnections();
      await closed;
      return { cut };
    },
  };
}
