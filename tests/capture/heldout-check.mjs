// Sanity check of a held-out corpus (default /work/heldout/py, or argv[2]):
// files exist, the chosen entry is a 401/407 (HAR entry, or the last status
// line of a curl text), cause ids are catalogue ids, top not absent, every
// row's stack matches one `stacks` entry, JWT rows carry `now`. It never runs
// why401. Usage: node heldout-check.mjs [DIR]
import fs from 'node:fs';
import path from 'node:path';
const DIR = process.argv[2] || '/work/heldout/py';
const IDS = new Set(['no-credentials', 'cookies-not-sent', 'credentials-dropped-on-redirect', 'preflight-rejected', 'credentials-stripped', 'extension-modified',
  'insecure-transport', 'authorization-malformed', 'scheme-mismatch', 'basic-malformed', 'token-malformed', 'unsigned-token', 'token-expired',
  'token-not-yet-valid', 'clock-skew', 'insufficient-scope', 'audience-mismatch', 'issuer-mismatch', 'token-rejected', 'credentials-rejected',
  'session-expired', 'duplicate-cookies', 'oversized-cookies', 'refresh-race', 'missing-challenge', 'digest-stale', 'negotiate-not-configured',
  'gateway-rejected', 'proxy-auth-required', 'retry-loop', 'unknown']);
const doc = JSON.parse(fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8'));
let bad = 0;
const perStack = new Map(), perTop = new Map();
for (const r of doc.fixtures) {
  const err = (m) => { bad++; console.log(`✗ ${r.file}#${r.entry}: ${m}`); };
  const p = path.join(DIR, r.file);
  if (!fs.existsSync(p)) { err('missing file'); continue; }
  if (!IDS.has(r.top)) err(`unknown top ${r.top}`);
  for (const a of r.absent || []) { if (!IDS.has(a)) err(`unknown absent id ${a}`); if (a === r.top) err('top is also absent'); }
  for (const l of r.listed || []) { if (!IDS.has(l)) err(`unknown listed ${l}`); if (l === r.top || (r.absent || []).includes(l)) err(`listed ${l} also top/absent`); }
  let text = '';
  if (r.file.endsWith('.har')) {
    const e = JSON.parse(fs.readFileSync(p, 'utf8')).log.entries[r.entry];
    if (!e) err('no such entry'); else if (![401, 407].includes(e.response.status)) err(`entry status ${e.response.status}`);
    text = JSON.stringify(e?.request?.headers || []);
    if (fs.statSync(p).size > 200 * 1024) err('HAR over 200 KB');
  } else {
    text = fs.readFileSync(p, 'utf8');
    const st = [...text.matchAll(/^< HTTP\/[\d.]+ (\d{3})/gm)].map((m) => +m[1]);
    if (!st.length || ![401, 407].includes(st[st.length - 1])) err(`last status ${st.join(',') || 'none'}`);
  }
  if (/Bearer eyJ/.test(text) && !r.now) err('JWT row without now');
  const st = (doc.stacks || []).find((s) => s.contains.some((c) => r.stack.toLowerCase().includes(c.toLowerCase())));
  if (!st) err(`stack ${r.stack} matches no stacks entry`);
  else perStack.set(st.group, (perStack.get(st.group) || 0) + 1);
  perTop.set(r.top, (perTop.get(r.top) || 0) + 1);
}
console.log(`${doc.fixtures.length} rows, ${bad} problems`);
for (const [k, n] of [...perStack].sort()) console.log(`  stack ${k}: ${n}`);
for (const [k, n] of [...perTop].sort()) console.log(`  top ${k}: ${n}`);
process.exit(bad ? 1 : 0);
