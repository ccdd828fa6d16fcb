// Sanity check of tests/fixtures/expected.json against the fixtures and the
// cause catalogue (../../shared/causes.md is not in the repo, so the ids are
// listed here). `listed` (optional): causes the expert expects among the
// findings below the top. Usage: node check.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const IDS = new Set(['no-credentials', 'cookies-not-sent', 'credentials-dropped-on-redirect', 'preflight-rejected', 'credentials-stripped', 'extension-modified',
  'insecure-transport', 'authorization-malformed', 'scheme-mismatch', 'basic-malformed', 'token-malformed', 'unsigned-token', 'token-expired',
  'token-not-yet-valid', 'clock-skew', 'insufficient-scope', 'audience-mismatch', 'issuer-mismatch', 'token-rejected', 'credentials-rejected',
  'session-expired', 'duplicate-cookies', 'oversized-cookies', 'refresh-race', 'missing-challenge', 'digest-stale', 'negotiate-not-configured',
  'gateway-rejected', 'proxy-auth-required', 'retry-loop', 'unknown']);
const doc = JSON.parse(fs.readFileSync(path.join(FIX, 'expected.json'), 'utf8'));
let bad = 0;
const seenTop = new Map();
for (const r of doc.fixtures) {
  const err = (m) => { bad++; console.log(`✗ ${r.file}#${r.entry}: ${m}`); };
  const p = path.join(FIX, r.file);
  if (!fs.existsSync(p)) { err('missing file'); continue; }
  if (r.top !== null && !IDS.has(r.top)) err(`unknown top ${r.top}`);
  for (const a of r.absent || []) { if (!IDS.has(a)) err(`unknown absent id ${a}`); if (a === r.top) err('top is also absent'); }
  if (r.top === null && !r.note_contains) err('top null without note_contains');
  if (r.file.endsWith('.har')) {
    const har = JSON.parse(fs.readFileSync(p, 'utf8'));
    const e = har.log.entries[r.entry];
    if (!e) err('no such entry');
    else if (![401, 407].includes(e.response.status)) err(`entry status ${e.response.status}`);
    if (fs.statSync(p).size > 200 * 1024) err(`large: ${fs.statSync(p).size} bytes`);
  }
  if (r.file.startsWith('capture/')) {
    // The extension's capture (model::Capture JSON, extension-captures.mjs).
    const cap = JSON.parse(fs.readFileSync(p, 'utf8'));
    const e = cap.entries?.[r.entry];
    if (!cap.source?.extension) err('not an extension capture');
    if (!e) err('no such entry');
    else if (![401, 407].includes(e.status)) err(`entry status ${e.status}`);
    if (fs.statSync(p).size > 200 * 1024) err(`large: ${fs.statSync(p).size} bytes`);
  }
  for (const l of r.listed || []) { if (!IDS.has(l)) err(`unknown listed id ${l}`); if (l === r.top || (r.absent || []).includes(l)) err(`listed ${l} is also top or absent`); }
  if (r.top) seenTop.set(r.top, (seenTop.get(r.top) || 0) + 1);
}
// A cause is covered when it is some fixture's top, or (for causes that by their
// nature come second, e.g. missing-challenge, retry-loop) some fixture's `listed`.
const seenListed = new Set(doc.fixtures.flatMap((r) => r.listed || []));
const missing = [...IDS].filter((id) => !seenTop.has(id) && !seenListed.has(id));
const onlyListed = [...IDS].filter((id) => !seenTop.has(id) && seenListed.has(id));
if (onlyListed.length) console.log(`covered only as a second cause (listed): ${onlyListed.join(', ')}`);
console.log(`${doc.fixtures.length} rows, ${bad} problems; causes without a fixture: ${missing.join(', ') || 'none'}`);
for (const [id, n] of [...seenTop].sort()) console.log(`  ${id}: ${n}`);
process.exit(bad || missing.length ? 1 : 0);
