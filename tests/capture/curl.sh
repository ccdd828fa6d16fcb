#!/usr/bin/env bash
# Real `curl -v` runs against the scenario servers (started by run.sh), saved
# as raw text, plus the same kind of exchange reformatted as the header blocks
# a person pastes from DevTools ("paste-*.txt"). Rows go to expected.json.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
RAW="$HERE/../fixtures/raw"
mkdir -p "$RAW"
cd "$HERE"
R=(--resolve app.why401.test:18180:127.0.0.1 --resolve app.why401.test:18181:127.0.0.1 --resolve app.why401.test:18183:127.0.0.1
   --resolve app.why401.test:18184:127.0.0.1 --resolve api.why401.test:18185:127.0.0.1 --resolve api2.why401.test:18185:127.0.0.1
   --resolve intranet.why401.test:18181:127.0.0.1 --resolve app.why401.test:18185:127.0.0.1)
tok() { node token.mjs "$@"; }
# curl -v writes the exchange on stderr and the body on stdout: keep both, in order
cv() { local out=$1; shift; curl -sS -v "${R[@]}" "$@" > "$RAW/$out" 2>&1 || true; echo "  raw/$out"; }
# pasted blocks: request line + headers, blank line, status line + headers, blank line, body
paste_blocks() {
  local src=$1 dst=$2
  python3 - "$src" "$dst" <<'PY'
import sys
src, dst = sys.argv[1:]
req, resp, body = [], [], []
for line in open(src, encoding="utf-8", errors="replace").read().splitlines():
    if line.startswith("> "): req.append(line[2:])
    elif line.startswith("< "): resp.append(line[2:])
    elif not line.startswith(("* ", "{ ", "} ", ">", "<")) and line.strip(): body.append(line)
open(dst, "w").write("\n".join(req).strip() + "\n\n" + "\n".join(resp).strip() + "\n\n" + "\n".join(body) + "\n")
PY
  echo "  raw/$(basename "$dst") (pasted blocks)"
}

echo "curl captures"
cv curl-nginx-basic-wrong-password.txt -u alice:looking-glass http://app.why401.test:18180/basic/report.json
cv curl-django-no-credentials.txt http://app.why401.test:18183/api/me/
cv curl-express-jwt-expired.txt -H "Authorization: Bearer $(tok '{"sub":"alice","iat":"now-7200","exp":"now-3600"}')" http://api.why401.test:18185/jwt/me
cv curl-squid-proxy-auth-required.txt -x http://127.0.0.1:13128 http://app.why401.test:18185/
cv curl-redirect-authorization-dropped.txt -L -H "Authorization: Bearer $(tok '{"sub":"alice","iat":"now","exp":"now+900"}')" http://api.why401.test:18185/v1/me
cv curl-fastapi-audience-mismatch.txt -H "Authorization: Bearer $(tok '{"sub":"alice","aud":"https://billing.why401.test","iss":"https://idp.why401.test/","iat":"now","exp":"now+900"}')" http://app.why401.test:18184/items
cv curl-apache-gssapi-negotiate.txt http://intranet.why401.test:18181/intranet/
# Digest: fetch a nonce, let it go stale (lifetime 1 s), answer it anyway
NONCE=$(curl -sS -o /dev/null -D - "${R[@]}" http://app.why401.test:18181/digest/report.json | sed -n 's/.*nonce="\([^"]*\)".*/\1/p' | tr -d '\r')
sleep 2.5
DIGEST=$(python3 - "$NONCE" <<'PY'
import hashlib, sys, secrets
md5 = lambda s: hashlib.md5(s.encode()).hexdigest()
nonce = sys.argv[1]; uri = "/digest/report.json"; realm = "why401-digest"; cnonce = secrets.token_hex(8)
resp = md5(f"{md5('alice:'+realm+':wonderland')}:{nonce}:00000001:{cnonce}:auth:{md5('GET:'+uri)}")
print(f'Digest username="alice", realm="{realm}", nonce="{nonce}", uri="{uri}", algorithm=MD5, response="{resp}", qop=auth, nc=00000001, cnonce="{cnonce}"')
PY
)
cv curl-apache-digest-stale.txt -H "Authorization: $DIGEST" http://app.why401.test:18181/digest/report.json

echo "pasted header blocks"
T=$(mktemp)
curl -sS -v "${R[@]}" -H "Authorization: Bearer $(tok '{"token_type":"access","user_id":"1","jti":"5f0c2a9e","iat":"now","exp":"now+300"}' a-different-signing-key-after-rotation)" http://app.why401.test:18183/api/me/ > "$T" 2>&1 || true
paste_blocks "$T" "$RAW/paste-simplejwt-bad-signature.txt"
curl -sS -v "${R[@]}" -H "Authorization: Basic alice:wonderland" http://app.why401.test:18183/api/basic/me/ > "$T" 2>&1 || true
paste_blocks "$T" "$RAW/paste-drf-basic-not-base64.txt"
curl -sS -v "${R[@]}" -H "Cookie: sid=Qm9ndXNTZXNzaW9uSWQxMjM0NTY3OA" http://app.why401.test:18185/session/me > "$T" 2>&1 || true
paste_blocks "$T" "$RAW/paste-express-session-expired.txt"
curl -sS -v "${R[@]}" -H "Authorization: Bearer $(tok '{"sub":"alice","aud":"https://api.why401.test","iss":"https://idp.staging.why401.test/","iat":"now","exp":"now+900"}')" http://api.why401.test:18185/oauth/me > "$T" 2>&1 || true
paste_blocks "$T" "$RAW/paste-oauth2-issuer-mismatch.txt"
rm -f "$T"
