// How far a run is, on stderr: the operator of a district's thousand accounts sees it go.
import { zhCN } from '../../../frontend/src/i18n/zh-CN.js';
import type { Progress } from '../../../frontend/src/import/plan.js';

// Bounded concurrency is the import's, shared with the web app.
export { eachLimited } from '../../../frontend/src/import/pool.js';

/** Counts done items of each stage: rewritten in place on a terminal, a line per tenth in a
 * log. The stages come one after another, and their names are the web app's. */
export function progressOnStderr(): Progress {
  const tty = process.stderr.isTTY === true;
  let shownTenth = 0;
  return (stage, done, total) => {
    const label = zhCN.import.stages[stage];
    if (tty) {
      process.stderr.write(`\r${label} ${done}/${total}`);
      if (done === total) process.stderr.write('\n');
      return;
    }
    if (done === 1) shownTenth = 0;
    const tenth = Math.floor((done * 10) / total);
    if (total >= 50 && tenth > shownTenth) {
      shownTenth = tenth;
      process.stderr.write(`${label} ${done}/${total}\n`);
    }
  };
}
