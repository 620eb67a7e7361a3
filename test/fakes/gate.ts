// A TCP gate in front of a platform fake, to play a platform API that is down: `refuse` (nothing listens on the port:
// connections are refused), `hang` (connections are accepted and never answered), `forward` (everything reaches the
// fake). The port stays the same across modes, so a client configured with the gate's URL sees the platform go away
// and come back.
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type GateMode = 'refuse' | 'hang' | 'forward';

export class PlatformGate {
  private server?: Server;
  private port = 0;
  private mode: GateMode = 'forward';
  private readonly sockets = new Set<Socket>();
  /** Connections accepted while hanging (never answered). */
  hungConnections = 0;

  constructor(private readonly targetPort: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<string> {
    await this.listen();
    return this.url;
  }

  /** Switches mode; `refuse` stops listening (and drops open connections), the others listen on the same port again. */
  async set(mode: GateMode): Promise<void> {
    this.mode = mode;
    if (mode === 'refuse') await this.close();
    else if (!this.server) await this.listen();
  }

  async stop(): Promise<void> {
    await this.close();
  }

  private listen(): Promise<void> {
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
      if (this.mode === 'hang') {
        this.hungConnections++;
        return; // read nothing, answer nothing
      }
      const upstream = connect(this.targetPort, '127.0.0.1');
      this.sockets.add(upstream);
      upstream.on('close', () => this.sockets.delete(upstream));
      upstream.on('error', () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        this.port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    return server ? new Promise((resolve) => server.close(() => resolve())) : Promise.resolve();
  }
}
