// The new accounts' first passwords, for the operator to hand out: a file only its owner
// may read, never the log. Each account is written as soon as the server has made it, so
// an import cut short still leaves the passwords of what it created.
import { open, unlink, type FileHandle } from 'node:fs/promises';

import { ACCOUNTS_CSV_HEAD, accountsCsvLine, type NewAccount } from '../../../frontend/src/import/write.js';
import { Refusal } from './connect.js';

export class AccountsFile {
  count = 0;
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
  ) {}

  /** Creates the file (never over another), readable by its owner alone. A name the
   * operator chose is refused when taken; the default one takes the next free `-N`. */
  static async open(path: string, chosen: boolean): Promise<AccountsFile> {
    for (let n = 1; ; n++) {
      const name = n === 1 ? path : path.replace(/(\.csv)?$/, `-${n}$1`);
      let file: FileHandle;
      try {
        file = await open(name, 'wx', 0o600);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST' && !chosen) continue;
        throw new Refusal(code === 'EEXIST' ? `${name} 已存在：请换一个 --accounts 文件名` : `无法新建 ${name}：${String(e)}`);
      }
      // The umask could only have narrowed it; chmod says 0600 whatever it was.
      await file.chmod(0o600);
      await file.write(ACCOUNTS_CSV_HEAD);
      return new AccountsFile(name, file);
    }
  }

  /** Appends one account; writes keep their order whatever the calls' concurrency. */
  add(account: NewAccount): Promise<void> {
    this.count++;
    const done = this.writing.then(() => this.file.write(accountsCsvLine(account)));
    this.writing = done;
    return done.then(() => undefined);
  }

  /** Flushes and closes; a file that holds no account is removed. */
  async close(): Promise<void> {
    await this.writing;
    await this.file.sync();
    await this.file.close();
    if (this.count === 0) await unlink(this.path);
  }
}
