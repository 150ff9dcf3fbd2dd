import { CHINESE } from './labels.js';
import { render, type Message } from './messages.js';

/** A failure the operator can act on, said in one line: a file that is no sheet of the
 * import, a district that is not there. The script exits 2 with it (its message is the
 * Chinese); the screen says `why` in its reader's language. The script's own refusals are
 * Chinese text alone. */
export class Refusal extends Error {
  readonly why?: Message;
  constructor(why: Message | string) {
    super(typeof why === 'string' ? why : render(why, CHINESE));
    if (typeof why !== 'string') this.why = why;
  }
}
