/** A failure the operator can act on, said in one line: a file that is no sheet of the
 * import, a district that is not there. The script exits 2 with it; the screen shows it. */
export class Refusal extends Error {}
