// Keeps tests/fixtures/expected.json valid while scripts (re)write their rows.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'expected.json');
// made: [{ file, rows }]: replaces every row of each file with its new rows
export function updateExpected(made) {
  let doc = { fixtures: [] };
  if (fs.existsSync(FILE)) doc = JSON.parse(fs.readFileSync(FILE, 'utf8'));
  const files = new Set(made.map((m) => m.file));
  const kept = doc.fixtures.filter((f) => !files.has(f.file));
  const all = [...kept, ...made.flatMap((m) => m.rows)];
  all.sort((a, b) => a.file.localeCompare(b.file) || (a.entry ?? 0) - (b.entry ?? 0));
  const comment = 'Expected diagnosis per fixture. file: path under tests/fixtures; entry: index in log.entries (0 for raw text; in entries for an extension capture under capture/); top: the cause id a human expert ranks first (null: no cause expected, see note_contains); absent: cause ids that must not be shown; note_contains: text one of the notes must contain; captured: chromium | chromium-extension | curl | hand-made. Rows of har/ captures are written by tests/capture/capture.mjs (and sessions.mjs), of capture/ by tests/capture/extension-captures.mjs, the rest by tests/capture/variants.mjs; see tests/capture/README.md.';
  // other top-level keys (e.g. the accuracy test's `stacks` map) are kept as they are
  const out = { ...doc, comment, fixtures: all };
  fs.writeFileSync(FILE + '.tmp', JSON.stringify(out, null, 2) + '\n');
  fs.renameSync(FILE + '.tmp', FILE);
}
