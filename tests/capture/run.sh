#!/usr/bin/env bash
# Regenerates the real-traffic fixture corpus in tests/fixtures/:
#   HARs from Debian Chromium (capture.mjs), raw `curl -v` texts and pasted
#   header blocks (curl.sh), hand-made DevTools/Firefox/sanitized variants
#   (variants.mjs). Starts every scenario server on 127.0.0.1 high ports and
#   stops them again at the end. Needs: chromium nginx-light apache2
#   libapache2-mod-auth-gssapi squid faketime apache2-utils openssl curl
#   (Debian), python3 + venv, node + npm.
# Usage: bash tests/capture/run.sh [scenario-name-substring ...]
#   WHY401_CURL_STACKS=1 also runs curl-stacks.mjs when filters are given.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
FIX="$HERE/../fixtures"
RUN="${WHY401_CAPTURE_RUN:-/tmp/why401-capture}"
cd "$HERE"

# ---- dependencies ----
for b in /usr/bin/chromium /usr/sbin/nginx /usr/sbin/apache2 /usr/sbin/squid /usr/bin/faketime /usr/bin/htpasswd \
         /usr/sbin/lighttpd /usr/sbin/haproxy /usr/bin/caddy /usr/share/tomcat10/bin/catalina.sh \
         /usr/bin/docker-registry /usr/bin/prometheus-node-exporter /usr/bin/radicale; do
  [ -x "$b" ] || { echo "missing $b: apt-get install -y chromium nginx-light apache2 apache2-utils libapache2-mod-auth-gssapi squid faketime lighttpd haproxy caddy tomcat10 docker-registry prometheus-node-exporter radicale" >&2; exit 1; }
done
[ -f /usr/lib/apache2/modules/mod_auth_gssapi.so ] || { echo "missing libapache2-mod-auth-gssapi" >&2; exit 1; }
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/pip install -q -r requirements.txt
fi
# the stacks of issue 9 (stacks.mjs) have their own venv: their pins differ from the first one's
if [ ! -x .venv-stacks/bin/python ]; then
  python3 -m venv .venv-stacks
  .venv-stacks/bin/pip install -q -r requirements-stacks.txt
fi
[ -d node_modules/playwright-core ] && [ -d node_modules/fastify ] || npm install --no-audit --no-fund
# Rust servers (axum, actix-web): tiny crates outside why401's workspace, built
# once into one target dir of their own
RUST_TARGET="${WHY401_AXUM_TARGET:-/tmp/why401-axum-target}"
AXUM_BIN="$RUST_TARGET/release/why401-capture-axum"
ACTIX_BIN="$RUST_TARGET/release/why401-capture-actix"
[ -x "$AXUM_BIN" ] || (cd servers/axum-app && CARGO_TARGET_DIR="$RUST_TARGET" nice -n 10 cargo build --release --locked -q)
[ -x "$ACTIX_BIN" ] || (cd servers/actix-app && CARGO_TARGET_DIR="$RUST_TARGET" nice -n 10 cargo build --release --locked -q)
[ -d gateway/node_modules/express-gateway ] || (cd gateway && npm install --no-audit --no-fund)

# ---- runtime dir ----
rm -rf "$RUN"; mkdir -p "$RUN"/www/basic "$RUN"/www/api "$RUN"/www/digest "$RUN"/www/intranet "$RUN"/www/admin "$RUN"/cgi-bin
chmod 755 "$RUN"
printf '<!doctype html><html><head><meta charset="utf-8"><title>why401 scenario</title></head><body><h1>why401 scenario page</h1></body></html>\n' > "$RUN/www/index.html"
for d in basic api digest admin; do printf '{"report":"quarterly","rows":[1,2,3]}\n' > "$RUN/www/$d/report.json"; done
printf '<!doctype html><title>intranet</title><h1>intranet</h1>\n' > "$RUN/www/intranet/index.html"
htpasswd -bc "$RUN/htpasswd" alice wonderland 2>/dev/null
printf 'alice:why401-digest:%s\n' "$(printf 'alice:why401-digest:wonderland' | md5sum | cut -d' ' -f1)" > "$RUN/htdigest"
chmod 644 "$RUN/htpasswd" "$RUN/htdigest"
printf '127.0.0.1 localhost app.why401.test api.why401.test api2.why401.test shop.why401.test intranet.why401.test app.other.test\n' > "$RUN/hosts"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=app.why401.test" \
  -addext "subjectAltName=DNS:app.why401.test,DNS:api.why401.test" \
  -keyout "$RUN/tls.key" -out "$RUN/tls.crt" 2>/dev/null
SITE=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
# CGI runs as www-data, which cannot enter /root (pyenv): use Debian's python3
# (same 3.11) with the venv's packages on PYTHONPATH.
cat > "$RUN/cgi-bin/api.cgi" <<CGI
#!/bin/sh
PYTHONPATH="$SITE" exec /usr/bin/python3 "$HERE/servers/cgi_api.py"
CGI
chmod 755 "$RUN/cgi-bin/api.cgi"
for f in nginx apache2 squid lighttpd; do sed -e "s#@RUN@#$RUN#g" -e "s#@HERE@#$HERE#g" "conf/$f.conf" > "$RUN/$f.conf"; done
sed -e "s#@RUN@#$RUN#g" conf/haproxy.cfg > "$RUN/haproxy.cfg"
# docker-registry, node-exporter and radicale want bcrypt
htpasswd -Bbn alice wonderland > "$RUN/htpasswd-bcrypt"
mkdir -p "$RUN/registry" "$RUN/radicale"
sed -e "s#@RUN@#$RUN#g" conf/docker-registry.yml > "$RUN/docker-registry.yml"
sed -e "s#@RUN@#$RUN#g" conf/radicale.conf > "$RUN/radicale.conf"
sed -e "s#@HASH@#$(cut -d: -f2 "$RUN/htpasswd-bcrypt")#g" conf/node-exporter-web.yml > "$RUN/node-exporter-web.yml"
# tomcat10: a private CATALINA_BASE (Debian's defaults + conf/tomcat/)
TC="$RUN/tomcat"
mkdir -p "$TC"/conf "$TC"/logs "$TC"/work "$TC"/temp "$TC"/webapps/ROOT/WEB-INF "$TC"/webapps/ROOT/admin
cp /etc/tomcat10/web.xml /etc/tomcat10/logging.properties /etc/tomcat10/catalina.properties /etc/tomcat10/context.xml "$TC/conf/"
cp conf/tomcat/server.xml conf/tomcat/tomcat-users.xml "$TC/conf/"
cp conf/tomcat/web.xml "$TC/webapps/ROOT/WEB-INF/web.xml"
cp "$RUN/www/index.html" "$TC/webapps/ROOT/index.html"
cp "$RUN/www/admin/report.json" "$TC/webapps/ROOT/admin/report.json"
sed -e "s#@RUN@#$RUN#g" -e "s#@HASH@#$(caddy hash-password --plaintext wonderland)#g" conf/Caddyfile > "$RUN/Caddyfile"
chmod 777 "$RUN"   # squid and apache children write logs here after dropping root

# ---- servers ----
PIDS=()
start() { local name=$1; shift; "$@" > "$RUN/$name.log" 2>&1 & PIDS+=($!); }
stop_all() {
  local rc=$?
  trap '' TERM
  [ -f "$RUN/squid.pid" ] && kill "$(cat "$RUN/squid.pid")" 2>/dev/null || true
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$RUN/apache2.pid" ] && kill "$(cat "$RUN/apache2.pid")" 2>/dev/null || true
  sleep 1
  exit $rc
}
trap stop_all EXIT
export NODE_ENV=production WHY401_SECRET="why401-capture-secret-not-a-real-one"
start nginx /usr/sbin/nginx -c "$RUN/nginx.conf" -p "$RUN"
start apache2 /usr/sbin/apache2 -f "$RUN/apache2.conf" -DFOREGROUND
start squid setsid /usr/sbin/squid -N -f "$RUN/squid.conf"
start express node servers/express-app.mjs 18185 18445 "$RUN/tls.crt" "$RUN/tls.key"
start express-skew faketime -f '-2h' node servers/express-app.mjs 18195
start gateway node gateway/server.js
start emulator node servers/gateway-emulator.mjs 18187
start flask .venv/bin/python servers/flask_app.py 18182
start flask-skew faketime -f '+3h' .venv/bin/python servers/flask_app.py 18192
start fastapi .venv/bin/python servers/fastapi_app.py 18184
start django .venv/bin/python servers/django_app.py 18183 "$RUN/django.sqlite3"
# the stacks of issue 9 (stacks.mjs)
PY2="$HERE/.venv-stacks/bin/python"
start litestar "$PY2" servers/litestar_app.py 18201
start sanic "$PY2" servers/sanic_app.py 18202
start falcon "$PY2" servers/falcon_app.py 18203
start tornado "$PY2" servers/tornado_app.py 18204
start aiohttp "$PY2" servers/aiohttp_app.py 18205
start flask-httpauth "$PY2" servers/flask_httpauth_app.py 18206
start flask-login "$PY2" servers/flask_login_app.py 18207
start connexion "$PY2" servers/connexion_app.py 18208
start ninja "$PY2" servers/ninja_app.py 18209
start authlib "$PY2" servers/authlib_app.py 18210
start fastify node servers/fastify-app.mjs 18211
start koa node servers/koa-app.mjs 18212
start hapi node servers/hapi-app.mjs 18213
start oidc-provider node servers/oidc-provider-app.mjs 18214
start jose node servers/jose-app.mjs 18215
start axum "$AXUM_BIN" 18216
start lighttpd /usr/sbin/lighttpd -D -f "$RUN/lighttpd.conf"
start haproxy /usr/sbin/haproxy -f "$RUN/haproxy.cfg"
start caddy env XDG_DATA_HOME="$RUN" XDG_CONFIG_HOME="$RUN" caddy run --config "$RUN/Caddyfile" --adapter caddyfile
start actix "$ACTIX_BIN" 18220
start express-session node servers/express-session-app.mjs 18221
start dot "$PY2" servers/dot_app.py 18222 "$RUN/dot.sqlite3"
start bottle "$PY2" servers/bottle_app.py 18224
start cherrypy "$PY2" servers/cherrypy_app.py 18225
start docker-registry /usr/bin/docker-registry serve "$RUN/docker-registry.yml"
start node-exporter /usr/bin/prometheus-node-exporter --web.listen-address=127.0.0.1:18227 --web.config.file="$RUN/node-exporter-web.yml"
start radicale /usr/bin/radicale --config "$RUN/radicale.conf"
start tomcat env CATALINA_BASE="$TC" CATALINA_HOME=/usr/share/tomcat10 /usr/share/tomcat10/bin/catalina.sh run

for port in 18180 18188 18181 13128 18185 18445 18195 18186 18187 18182 18192 18184 18183 $(seq 18201 18228); do
  for i in $(seq 1 100); do
    (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
    sleep 0.2
    [ "$i" = 100 ] && { echo "port $port did not open; logs in $RUN" >&2; exit 1; }
  done
done
echo "all servers up (logs in $RUN)"

# ---- captures ----
mkdir -p "$FIX/har" "$FIX/raw"
node capture.mjs "$@"
# curl texts of the issue-9 stacks: with everything, or with WHY401_CURL_STACKS=1
if [ $# -eq 0 ] || [ -n "${WHY401_CURL_STACKS:-}" ]; then node curl-stacks.mjs; fi
if [ $# -eq 0 ]; then
  WHY401_CAPTURE_RUN="$RUN" bash curl.sh
  node variants.mjs
fi
echo "done: $(ls "$FIX"/har | wc -l) HARs, $(ls "$FIX"/raw | wc -l) raw texts"
node check.mjs
