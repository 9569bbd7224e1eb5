/**
 * A simulated Usphere host: a real SSH server (ssh2, real key exchange and
 * authentication) on a loopback address that answers exec requests from a
 * fixture profile instead of running anything. Used by the tests and by
 * `npm run demo`. It also forwards direct-tcpip channels, so it can serve as
 * a ProxyJump host for another simulated host.
 */
import { appendFileSync } from 'node:fs';
import { connect as tcpConnect, type Socket } from 'node:net';
import ssh2 from 'ssh2';
import type { AuthContext, Connection, ParsedKey, ServerChannel, Session } from 'ssh2';
import { loadHostCapture } from '../capture/layout.js';
import { generateKeyPair } from './keys.js';
import { FixtureResponder, type SimAnswer, type SimDecision } from './responder.js';
import { SUDO_PREFIX } from '../transport/policy.js';
import type { RecordedCommand, SimAuth, SimHost, SimHostOptions, SimHostSpec, SimSessionStats } from './types.js';

/** sshd's default MaxSessions. */
const DEFAULT_MAX_SESSIONS = 10;
/** Environment variable naming a file that gets one JSON line per command every simulated host receives. */
export const SIM_RECORD_ENV = 'USDIAG_SIM_RECORD';
const LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

export async function startSimHost(spec: SimHostSpec, auth: SimAuth, opts: SimHostOptions = {}): Promise<SimHost> {
  const capture = loadHostCapture(spec.profileDir);
  const name = spec.name || capture.info.name;
  const address = opts.address ?? (LOOPBACK.test(capture.info.address) ? capture.info.address : '127.0.0.1');
  if (!LOOPBACK.test(address)) throw new Error(`simulated host ${name}: ${address} is not a loopback address`);
  const hostKeys = opts.hostKeys?.length ? [...opts.hostKeys] : [generateKeyPair().private];
  const hostPublicKeys = hostKeys.map((k) => {
    const parsed = parseOne(k, `host key of ${name}`);
    return `${parsed.type} ${parsed.getPublicSSH().toString('base64')}`;
  });
  const allowed = auth.publicKeys.map((k, i) => parseOne(k, `authorized key #${i + 1} of ${name}`));
  const recorded: RecordedCommand[] = [];
  const connections = new Set<Connection>();
  const sockets = new Set<Socket>();
  const maxSessions = opts.maxSessions ?? DEFAULT_MAX_SESSIONS;
  const stats: SimSessionStats = { connections: 0, tunnels: 0, refusedSessions: 0, peakSessions: 0 };

  const record = (wire: string, key: string | null) => {
    const entry: RecordedCommand = { host: name, wire, key, at: new Date().toISOString() };
    recorded.push(entry);
    const file = process.env[SIM_RECORD_ENV];
    if (file) appendFileSync(file, `${JSON.stringify(entry)}\n`);
  };

  const server = new ssh2.Server({ hostKeys, ident: 'usdiag_sim' }, (conn) => {
    connections.add(conn);
    stats.connections++;
    conn.on('close', () => connections.delete(conn));
    conn.on('error', () => undefined);
    conn.on('authentication', (ctx) => authenticate(ctx, auth, allowed));
    conn.on('ready', () => {
      // Samples count per connection: a second scan of this host reads its first sample again, as a
      // real host's counters would have moved on since (not the last sample twice, which reads as no time passing).
      const responder = new FixtureResponder(capture);
      // Like a real sshd (OpenSSH sets TCP_NODELAY for sessions): no Nagle delay on small answers.
      (conn as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true);
      let open = 0;
      conn.on('session', (accept, reject) => {
        if (opts.neverOpenSessions) return;
        if (open >= maxSessions) {
          stats.refusedSessions++;
          return reject();
        }
        open++;
        stats.peakSessions = Math.max(stats.peakSessions, open);
        const session = accept();
        let counted = true;
        const done = () => {
          if (counted) open--;
          counted = false;
        };
        session.on('close', done);
        serveSession(session, (wire) => {
          const refused = wire.startsWith(SUDO_PREFIX) ? sudoAnswer(opts.sudo, auth.user, name) : undefined;
          if (refused) {
            record(wire, null);
            return refused;
          }
          const decision = sudoIdentity(wire, responder.decide(wire));
          record(wire, decision.key);
          return spec.hangEveryCommand && decision.key !== null ? { kind: 'stuck', stdout: '', stderr: '' } : decision.answer;
        }, done, opts.onAnswered);
      });
      conn.on('tcpip', (accept, reject, info) => {
        const sock = tcpConnect(info.destPort, info.destIP);
        sockets.add(sock);
        sock.once('close', () => sockets.delete(sock));
        let ch: ServerChannel | undefined;
        // Before the connection is up an error refuses the channel; afterwards it closes it.
        sock.on('error', () => (ch ? ch.close() : reject()));
        sock.once('connect', () => {
          stats.tunnels++;
          ch = accept();
          ch.on('error', () => sock.destroy());
          ch.pipe(sock).pipe(ch);
        });
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;

  return {
    name,
    address,
    port,
    knownHostsLine: `[${address}]:${port} ${hostPublicKeys[0]}`,
    hostPublicKeys,
    recorded,
    stats,
    async close() {
      for (const c of connections) c.end();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          // A client that does not answer the disconnect must not keep the server open.
          for (const c of connections) (c as unknown as { _sock?: Socket })._sock?.destroy();
        }, 500);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}

/** sudo's refusal on this host, or undefined when it runs the line as root (NOPASSWD). */
function sudoAnswer(mode: SimHostOptions['sudo'], user: string, host: string): SimAnswer | undefined {
  if (mode === 'password') return { kind: 'reply', delayMs: 0, stdout: '', stderr: 'sudo: a password is required\n', exit: 1 };
  if (mode === 'not-allowed') return { kind: 'reply', delayMs: 0, stdout: '', stderr: `${user} is not in the sudoers file.\n`, exit: 1 };
  return undefined;
}

/** Under sudo the commands run as root: `id -u` prints 0 even where the profile has no output for it. */
function sudoIdentity(wire: string, d: SimDecision): SimDecision {
  if (!wire.startsWith(SUDO_PREFIX) || d.key !== 'id -u' || d.answer.kind !== 'reply' || d.answer.exit !== 127) return d;
  return { key: d.key, answer: { kind: 'reply', delayMs: 0, stdout: '0\n', stderr: '', exit: 0 } };
}

function parseOne(key: string, what: string): ParsedKey {
  const parsed = ssh2.utils.parseKey(key);
  const k = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!k || k instanceof Error) throw new Error(`${what}: ${k instanceof Error ? k.message : 'not a key'}`);
  return k;
}

function authenticate(ctx: AuthContext, auth: SimAuth, allowed: ParsedKey[]): void {
  const methods: ('publickey' | 'password')[] = auth.password !== undefined ? ['publickey', 'password'] : ['publickey'];
  if (ctx.username !== auth.user) return ctx.reject(methods);
  if (ctx.method === 'publickey') {
    const key = allowed.find((k) => k.getPublicSSH().equals(ctx.key.data));
    if (!key) return ctx.reject(methods);
    // Without a signature the client only asks whether this key would do.
    if (!ctx.signature || !ctx.blob) return ctx.accept();
    return key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true ? ctx.accept() : ctx.reject(methods);
  }
  if (ctx.method === 'password' && auth.password !== undefined && ctx.password === auth.password) return ctx.accept();
  ctx.reject(methods);
}

/** One session channel: a single exec request, played out from its answer. No PTY, no shell. */
function serveSession(session: Session, answer: (wire: string) => SimAnswer, onEnd: () => void, onAnswered?: (wire: string) => void): void {
  session.on('pty', (_a, reject) => reject?.());
  session.on('shell', (_a, reject) => reject?.());
  session.on('env', (accept) => accept?.());
  session.on('exec', (accept, _reject, info) => {
    const channel = accept();
    play(channel, answer(info.command), onEnd, onAnswered ? () => onAnswered(info.command) : undefined);
  });
}

function play(channel: ServerChannel, a: SimAnswer, onEnd: () => void, onAnswered?: () => void): void {
  const timers: NodeJS.Timeout[] = [];
  let finished = false;
  let printed: Promise<void> = Promise.resolve();
  channel.on('close', () => {
    finished = true;
    timers.forEach(clearTimeout);
    onEnd();
  });
  channel.on('error', () => undefined);
  const print = (stdout: string, stderr: string) => {
    if (finished) return;
    // One stream after the other: ssh2's server resumes only one of stdout/stderr when the
    // client opens the window again, so both waiting at once can stall forever. And the exit
    // waits for both to be sent: ssh2 closes the channel as soon as stdout is flushed.
    printed = printed.then(() => write(channel, channel, stdout)).then(() => write(channel, channel.stderr, stderr));
  };
  const exit = (status: number | null, signal?: string) => {
    void printed.then(() => {
      if (finished) return;
      finished = true;
      if (status !== null) channel.exit(status);
      else if (signal) channel.exit(signal.replace(/^SIG/, ''), false, '');
      channel.end();
      onAnswered?.();
    });
  };
  switch (a.kind) {
    case 'reply':
      timers.push(setTimeout(() => {
        print(a.stdout, a.stderr);
        exit(a.exit, a.signal);
      }, a.delayMs));
      break;
    case 'timeout':
      print(a.stdout, a.stderr);
      if (Number.isFinite(a.afterMs)) {
        timers.push(setTimeout(() => {
          print('', a.stderrAtEnd);
          exit(a.exit);
        }, a.afterMs));
      }
      break;
    case 'stuck':
      print(a.stdout, a.stderr);
      break;
  }
}

function write(channel: ServerChannel, stream: NodeJS.WritableStream, data: string): Promise<void> {
  if (!data) return Promise.resolve();
  return new Promise((resolve) =>
    stream.write(data, () => {
      forgetSentChunk(channel);
      resolve();
    }),
  );
}

/**
 * ssh2 1.17 keeps a chunk that had to wait for window space in `_chunk` /
 * `_chunkErr` after it was sent, and sends it again at a later window adjust
 * (duplicated stdout, stderr never resumed). Once a write completed nothing
 * of it is pending, so the stale references are dropped.
 */
function forgetSentChunk(channel: ServerChannel): void {
  const c = channel as unknown as Record<'_chunk' | '_chunkcb' | '_chunkErr' | '_chunkcbErr', unknown>;
  c._chunk = c._chunkcb = c._chunkErr = c._chunkcbErr = undefined;
}
