// Prints a JWT for curl.sh. Usage: node token.mjs '{"claims":…}' [key]
// Claims may use "now+N" / "now-N" strings for times, relative to now.
import jwt from 'jsonwebtoken';
const now = Math.floor(Date.now() / 1000);
const claims = JSON.parse(process.argv[2]);
for (const [k, v] of Object.entries(claims)) {
  const m = typeof v === 'string' && /^now([+-]\d+)?$/.exec(v);
  if (m) claims[k] = now + Number(m[1] || 0);
}
const key = process.argv[3] || process.env.WHY401_SECRET || 'why401-capture-secret-not-a-real-one';
process.stdout.write(jwt.sign(claims, key, { algorithm: 'HS256', noTimestamp: true }));
