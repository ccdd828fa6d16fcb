// Checks a held-out corpus folder (default /work/heldout/node): expected.json
// rows point at existing files whose entry is a 401/407 (HAR entry, or the
// `< HTTP/x nnn` line of a curl text), ids are catalogue ids (check.mjs's list),
// every row's stack matches exactly one `stacks` entry, JWT rows carry `now`.
// It does not run why401. Usage: node heldout-check.mjs [folder]
import fs from 'node:fs';
import path from 'node:path';
const DIR = process.argv[2] || process.env.WHY401_HELDOUT_OUT || '/work/heldout/node';
const IDS = new Set(['no-credentials', 'cookies-not-sent', 'credentials-dropped-on-redirect', 'preflight-rejected', 'credentials-stripped', 'extension-modified',
  'insecure-transport', 'authorization-malformed', 'scheme-mismatch', 'basic-malformed', 'token-malformed', 'unsigned-token', 'token-expired',
  'token-not-yet-valid', 'clock-skew', 'insufficient-scope', 'audience-mismatch', 'issuer-mismatch', 'token-rejected', 'credentials-rejected',
  'session-expired', 'duplicate-cookies', 'oversized-cookies', 'refresh-race', 'missing-challenge', 'digest-stale', 'negotiate-not-configured',
  'gateway-rejected', 'proxy-auth-required', 'retry-loop', 'unknown']);
const doc = JSON.parse(fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8'));
let bad = 0;
const perStack = new Map(), perTop = new Map();
for (const r of doc.fixtures) {
  const err = (m) => { bad++; console.log(`✗ ${r.file}: ${m}`); };
  const p = path.join(DIR, r.file);
  if (!fs.existsSync(p)) { err('missing file'); continue; }
  if (!IDS.has(r.top)) err(`unknown top ${r.top}`);
  for (const a of r.absent || []) { if (!IDS.has(a)) err(`unknown absent ${a}`); if (a === r.top) err('top is also absent'); }
  if (!['chromium', 'curl', 'documented'].includes(r.captured)) err(`captured ${r.captured}`);
  if (!r.note) err('no note');
  if (!r.now || Number.isNaN(Date.parse(r.now))) err('no valid now');
  const text = fs.readFileSync(p, 'utf8');
  if (r.file.endsWith('.har')) {
    const e = JSON.parse(text).log.entries[r.entry];
    if (!e) err('no such entry'); else if (![401, 407].includes(e.response.status)) err(`status ${e.response.status}`);
  } else {
    const st = /^< HTTP\/[\d.]+ (\d{3})/m.exec(text)?.[1];
    if (st !== '401' && st !== '407') err(`status ${st}`);
  }
  const hits = (doc.stacks || []).filter((s) => s.contains.some((c) => r.stack.toLowerCase().includes(c.toLowerCase())));
  if (hits.length !== 1) err(`stack "${r.stack}" matches ${hits.length} stacks entries`);
  else perStack.set(hits[0].group, (perStack.get(hits[0].group) || 0) + 1);
  perTop.set(r.top, (perTop.get(r.top) || 0) + 1);
}
console.log(`${doc.fixtures.length} rows, ${bad} problems`);
for (const [k, v] of perStack) console.log(`  stack ${k}: ${v}`);
for (const [k, v] of [...perTop].sort()) console.log(`  top ${k}: ${v}`);
process.exit(bad ? 1 : 0);
