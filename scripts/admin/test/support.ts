// The real server on a free port with a fresh SQLite file, and the real command line run
// against it, the way an operator (or cron) runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { Connection } from '../src/api/client.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The built command line, beside this file's build. */
const CLI = resolve(here, '../src/cli.js');
/** The server: the one scripts/test built, else the prebuilt one of this machine. */
const BINARY = process.env.GONGZHI_BIN ?? '/work/bin/gongzhi';
export const ADMIN_PASSWORD = 'district-secret-for-tests';
export const DEMO_PASSWORD = 'gongzhi-demo';

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<Result> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', fail);
    child.once('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export class Server {
  private constructor(
    readonly url: string,
    readonly dir: string,
    readonly database: string,
    private readonly process: ChildProcess,
  ) {}

  /** `demo`: the demo district (its users' password is gongzhi-demo); else an empty
   * district with `admin` (ADMIN_PASSWORD) as its administrator. */
  static async start(kind: 'demo' | 'empty'): Promise<Server> {
    const dir = await mkdtemp(join(tmpdir(), 'gongzhi-admin-test-'));
    const database = join(dir, 'gongzhi.db');
    const port = await freePort();
    const env = {
      ...process.env,
      DATABASE_URL: database,
      GONGZHI_BIND: `127.0.0.1:${port}`,
      GONGZHI_JWT_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
      GONGZHI_ADMIN_PASSWORD: ADMIN_PASSWORD,
      RUST_LOG: 'warn',
    };
    if (kind === 'empty') {
      const made = await run(BINARY, ['create-admin', 'admin'], env);
      if (made.code !== 0) {
        await rm(dir, { recursive: true, force: true });
        throw new Error(`create-admin failed: ${made.stderr}`);
      }
    }
    const child = spawn(BINARY, kind === 'demo' ? ['serve', '--demo'] : ['serve'], { env, stdio: 'ignore' });
    const server = new Server(`http://127.0.0.1:${port}`, dir, database, child);
    for (let i = 0; i < 150; i++) {
      if (child.exitCode !== null) throw new Error(`gongzhi exited with ${child.exitCode}`);
      const ready = await fetch(`${server.url}/readyz`).then((r) => r.ok, () => false);
      if (ready) return server;
      await sleep(100);
    }
    await server.stop();
    throw new Error('gongzhi did not become ready within 15 s');
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null) {
      const exited = new Promise((done) => this.process.once('exit', done));
      this.process.kill('SIGTERM');
      await exited;
    }
    await rm(this.dir, { recursive: true, force: true });
  }

  /** The command line as `username`, in `cwd`. */
  cli(args: string[], username: string, password: string, cwd?: string): Promise<Result> {
    const env = { ...process.env, GONGZHI_URL: this.url, GONGZHI_USERNAME: username, GONGZHI_PASSWORD: password };
    return run(process.execPath, [CLI, ...args], env, cwd);
  }

  /** The API as `username`, to see what a command did. */
  async as(username: string, password: string): Promise<Connection> {
    return (await Connection.signIn(this.url, username, password)).connection;
  }
}
