// Where the server is and who signs in: from the environment (a cron job, CI), else asked
// at the terminal, the password without echo. A password is never taken from the command
// line, where `ps` and the shell's history would keep it.
import { ApiError, Connection, type Schemas } from './api/client.js';
import { Refusal } from '../../../frontend/src/import/refusal.js';
import { reason } from './labels.js';

export const ENVIRONMENT_HELP = `环境变量：
  GONGZHI_URL       服务器地址（默认 http://127.0.0.1:8080）
  GONGZHI_USERNAME  登录用户名（未设置时在终端询问）
  GONGZHI_PASSWORD  登录密码（未设置时在终端询问，不回显）`;

// A failure the operator can act on: said in one line, exit 2. The import's, shared with the
// web app, which shows the same refusals.
export { Refusal };

export async function connect(): Promise<{ connection: Connection; me: Schemas['User'] }> {
  const baseUrl = (process.env.GONGZHI_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const username = process.env.GONGZHI_USERNAME || (await ask('用户名：', false));
  const password = process.env.GONGZHI_PASSWORD || (await ask('密码：', true));
  try {
    const { connection, session } = await Connection.signIn(baseUrl, username, password);
    if (session.user.password_change_required) {
      await connection.signOut();
      throw new Refusal(`账号 ${username} 的密码由他人设置，请先在网页上登录并修改密码`);
    }
    return { connection, me: session.user };
  } catch (e) {
    if (e instanceof ApiError) throw new Refusal(`无法登录 ${baseUrl}：${reason(e)}`);
    throw e;
  }
}

async function ask(question: string, hidden: boolean): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    throw new Refusal(`请设置 ${hidden ? 'GONGZHI_PASSWORD' : 'GONGZHI_USERNAME'}（没有终端可以询问）`);
  }
  process.stderr.write(question);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  let answer = '';
  try {
    return await new Promise<string>((resolve, reject) => {
      const onData = (chunk: string): void => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n') {
            input.off('data', onData);
            process.stderr.write('\n');
            resolve(answer);
            return;
          }
          if (ch === '\u0003') {
            input.off('data', onData);
            process.stderr.write('\n');
            reject(new Refusal('已取消'));
            return;
          }
          if (ch === '\u007f' || ch === '\b') {
            if (answer) {
              answer = answer.slice(0, -1);
              if (!hidden) process.stderr.write('\b \b');
            }
            continue;
          }
          answer += ch;
          if (!hidden) process.stderr.write(ch);
        }
      };
      input.on('data', onData);
    });
  } finally {
    input.setRawMode(false);
    input.pause();
  }
}
