// What every bench script shares: the project root and its command-line reader.

import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The project root (two levels above tests/bench/). */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The value after `name` on the command line, else `dflt`. */
export const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
