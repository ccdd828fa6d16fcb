// Builds a HAR 1.2 log from Chrome DevTools Protocol Network.* events, the way
// Chrome DevTools' "Export HAR (with sensitive data)" does: raw request headers
// (with Cookie) from requestWillBeSentExtraInfo, raw response headers (with
// Set-Cookie) from responseReceivedExtraInfo, CORS preflights as their own
// entries, redirect hops as separate entries, failed requests with status 0
// and _error.
const BODY_CAP = 64 * 1024;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `fetch(url, init)` run in `page`, never throwing: `{status, text}` (the body's first
 * `keep` characters), or `{error}` for a network or CORS failure. */
export async function pfetch(page, url, init = {}, keep = 300) {
  return page.evaluate(async ([url, init, keep]) => {
    try { const r = await fetch(url, init); return { status: r.status, text: (await r.text()).slice(0, keep) }; }
    catch (e) { return { error: String(e) }; }
  }, [url, init, keep]);
}

/** Runs one scenario, `run({ page, context })`, in a fresh headless Chromium (Debian's),
 * recording its HAR: each `page.goto` waits 400 ms more (favicon included), a sign-in
 * dialog is answered like a person pressing Cancel (so the 401/407 reaches the page), and
 * a scenario gets 40 s. Returns `{ har, started }` (`started`: ISO time before the run).
 * `args`: Chromium's command line; `contextOptions`: playwright's newContext options. */
export async function recordScenario(run, { args, contextOptions = {} }) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args });
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable', { maxPostDataSize: 65536 });
  const rec = new HarRecorder(cdp);
  page.setDefaultTimeout(15000);
  const goto = page.goto.bind(page);
  page.goto = async (...a) => { const r = await goto(...a); await sleep(400); return r; };
  cdp.on('Fetch.authRequired', (e) => cdp.send('Fetch.continueWithAuth', { requestId: e.requestId, authChallengeResponse: { response: 'CancelAuth' } }).catch(() => {}));
  cdp.on('Fetch.requestPaused', (e) => cdp.send('Fetch.continueRequest', { requestId: e.requestId }).catch(() => {}));
  await cdp.send('Fetch.enable', { handleAuthRequests: true, patterns: [{ urlPattern: '*' }] });
  const started = new Date().toISOString();
  try {
    await Promise.race([run({ page, context }), sleep(40000).then(() => { throw new Error('scenario timed out'); })]);
  } catch (e) { console.log(`  scenario error: ${String(e).split('\n')[0]}`); }
  await sleep(600);
  await rec.settle();
  const title = await page.title().catch(() => '');
  await browser.close();
  return { har: rec.toHar({ title }), started };
}

export class HarRecorder {
  constructor(cdp) {
    this.cdp = cdp;
    this.reqs = new Map();   // requestId -> { hops: [], reqExtra: [], respExtra: [] }
    this.order = [];         // [requestId, hopIndex] in start order
    this.pages = [];
    this.bodies = [];
    this.wallBase = null;    // [monotonic, wall]
    const on = (ev, fn) => cdp.on(`Network.${ev}`, fn.bind(this));
    on('requestWillBeSent', this.onRequest);
    on('requestWillBeSentExtraInfo', (e) => this.rec(e.requestId).reqExtra.push(e));
    on('responseReceived', this.onResponse);
    on('responseReceivedExtraInfo', (e) => this.rec(e.requestId).respExtra.push(e));
    on('loadingFinished', this.onFinished);
    on('loadingFailed', this.onFailed);
  }
  rec(id) {
    if (!this.reqs.has(id)) this.reqs.set(id, { hops: [], reqExtra: [], respExtra: [] });
    return this.reqs.get(id);
  }
  wall(ts) { return this.wallBase ? this.wallBase[1] + (ts - this.wallBase[0]) : Date.now() / 1000; }
  onRequest(e) {
    if (e.wallTime) this.wallBase = [e.timestamp, e.wallTime];
    const r = this.rec(e.requestId);
    const prev = r.hops[r.hops.length - 1];
    if (e.redirectResponse && prev) {
      prev.response = e.redirectResponse;
      prev.endTs = e.timestamp;
      prev.done = true;
    }
    if (e.type === 'Document' && (!e.frameId || !this.mainFrame || e.frameId === this.mainFrame) && !e.redirectResponse) {
      this.mainFrame = e.frameId;
      this.pages.push({ id: `page_${this.pages.length + 1}`, started: this.wall(e.timestamp), title: e.request.url, startTs: e.timestamp });
    }
    const hop = { e, startTs: e.timestamp, wall: e.wallTime || this.wall(e.timestamp), pageref: this.pages.length ? this.pages[this.pages.length - 1].id : 'page_1' };
    r.hops.push(hop);
    this.order.push([e.requestId, r.hops.length - 1]);
  }
  onResponse(e) {
    const r = this.rec(e.requestId);
    const hop = r.hops[r.hops.length - 1];
    if (hop) { hop.response = e.response; hop.type = e.type; }
  }
  onFinished(e) {
    const r = this.rec(e.requestId);
    const hop = r.hops[r.hops.length - 1];
    if (!hop) return;
    hop.endTs = e.timestamp; hop.encoded = e.encodedDataLength; hop.done = true;
    if (hop.e.type !== 'Preflight' && !(hop.e.request.method === 'OPTIONS')) {
      this.bodies.push(this.cdp.send('Network.getResponseBody', { requestId: e.requestId })
        .then((b) => { hop.body = b; }).catch(() => {}));
    }
  }
  onFailed(e) {
    const r = this.rec(e.requestId);
    const hop = r.hops[r.hops.length - 1];
    if (!hop) return;
    hop.endTs = e.timestamp; hop.failed = e; hop.done = true;
  }
  async settle() { await Promise.all(this.bodies); }

  toHar({ title } = {}) {
    const entries = [];
    for (const [id, idx] of this.order) {
      const r = this.reqs.get(id);
      const hop = r.hops[idx];
      entries.push(this.entry(hop, r.reqExtra[idx] || (r.hops.length === 1 ? r.reqExtra[0] : null), this.respExtraFor(r, idx)));
    }
    const pages = this.pages.map((p, i) => ({
      startedDateTime: new Date(p.started * 1000).toISOString(),
      id: p.id,
      title: i === this.pages.length - 1 && title ? title : p.title,
      pageTimings: { onContentLoad: -1, onLoad: -1 },
    }));
    return { log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36', comment: 'why401 tests/capture/capture.mjs: built from Chromium DevTools Protocol Network events the way DevTools exports HAR' }, pages, entries } };
  }
  respExtraFor(r, idx) {
    // responseReceivedExtraInfo arrives once per hop that got a response
    let n = 0;
    for (let i = 0; i < idx; i++) if (r.hops[i].response) n++;
    return r.hops[idx].response ? r.respExtra[n] : null;
  }
  entry(hop, reqX, respX) {
    const e = hop.e, req = e.request, resp = hop.response;
    const reqHeaders = headerList(reqX ? reqX.headers : req.headers);
    const url = new URL(req.url);
    const httpVersion = resp ? httpVer(resp.protocol) : (reqX && reqX.headers && Object.keys(reqX.headers).some((k) => k.startsWith(':')) ? 'http/2.0' : 'HTTP/1.1');
    const cookieHdr = reqHeaders.filter((h) => h.name.toLowerCase() === 'cookie').map((h) => h.value).join('; ');
    const entry = {
      _connectionId: resp && resp.connectionId !== undefined ? String(resp.connectionId) : undefined,
      _initiator: e.initiator ? trimInitiator(e.initiator) : { type: 'other' },
      _priority: req.initialPriority || null,
      _resourceType: resourceType(hop.type || e.type),
      cache: {},
      connection: resp && resp.connectionId !== undefined ? String(resp.connectionId) : undefined,
      pageref: hop.pageref,
      request: {
        method: req.method,
        url: req.url.split('#')[0],
        httpVersion,
        headers: reqHeaders,
        queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
        cookies: cookieHdr ? cookieHdr.split(/;\s*/).filter(Boolean).map((c) => { const i = c.indexOf('='); return { name: c.slice(0, i), value: c.slice(i + 1), path: '/', domain: url.hostname, expires: '1969-12-31T23:59:59.999Z', httpOnly: false, secure: false }; }) : [],
        headersSize: reqX && reqX.headersText ? reqX.headersText.length : -1,
        bodySize: req.postData ? Buffer.byteLength(req.postData) : 0,
      },
      response: null,
      serverIPAddress: resp && resp.remoteIPAddress ? resp.remoteIPAddress : '',
      startedDateTime: new Date(hop.wall * 1000).toISOString(),
      time: 0,
      timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 0, receive: 0, _blocked_queueing: -1 },
    };
    if (req.postData) entry.request.postData = { mimeType: headerValue(reqHeaders, 'content-type') || '', text: req.postData };
    if (resp) {
      const rh = headerList(respX ? respX.headers : resp.headers);
      const statusCode = respX && respX.statusCode ? respX.statusCode : resp.status;
      const body = hop.body;
      let text, encoding, size = 0;
      if (body) {
        if (body.base64Encoded) {
          const buf = Buffer.from(body.body, 'base64'); size = buf.length;
          const utf8 = buf.toString('utf8');
          const printable = !/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(utf8);
          if (/^(text\/|application\/(json|problem|xml|javascript))/.test(resp.mimeType || '') || printable) text = utf8;
          else if (buf.length) { text = buf.toString('base64'); encoding = 'base64'; }
        } else { text = body.body; size = Buffer.byteLength(text); }
        if (text && text.length > BODY_CAP) text = text.slice(0, BODY_CAP);
      }
      const location = headerValue(rh, 'location');
      entry.response = {
        status: statusCode,
        statusText: resp.statusText || statusTextFromHeaders(respX) || '',
        httpVersion,
        headers: rh,
        cookies: rh.filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => parseSetCookie(h.value)),
        content: { size, mimeType: resp.mimeType || 'x-unknown', ...(text !== undefined ? { text } : {}), ...(encoding ? { encoding } : {}) },
        redirectURL: location ? new URL(location, req.url).href : '',
        headersSize: respX && respX.headersText ? respX.headersText.length : -1,
        bodySize: hop.encoded !== undefined ? Math.max(0, hop.encoded - (resp.encodedDataLength || 0)) : -1,
        _transferSize: hop.encoded !== undefined ? hop.encoded : (resp.encodedDataLength || 0),
        _error: hop.failed ? hop.failed.errorText : null,
        _fetchedViaServiceWorker: false,
      };
      const t = resp.timing;
      if (t) {
        const first = [t.dnsStart, t.connectStart, t.sendStart].find((x) => x >= 0) ?? 0;
        const end = hop.endTs ? (hop.endTs - t.requestTime) * 1000 : t.receiveHeadersEnd;
        entry.timings = {
          blocked: round(first), dns: t.dnsStart >= 0 ? round(t.dnsEnd - t.dnsStart) : -1,
          ssl: t.sslStart >= 0 ? round(t.sslEnd - t.sslStart) : -1,
          connect: t.connectStart >= 0 ? round(t.connectEnd - t.connectStart) : -1,
          send: round(t.sendEnd - t.sendStart), wait: round(t.receiveHeadersEnd - t.sendEnd),
          receive: round(Math.max(0, end - t.receiveHeadersEnd)), _blocked_queueing: round(first),
        };
        entry.time = round(Math.max(0, (t.requestTime - hop.startTs) * 1000 + end));
      } else if (hop.endTs) entry.time = round((hop.endTs - hop.startTs) * 1000);
    } else {
      entry.response = {
        status: 0, statusText: '', httpVersion: '', headers: [], cookies: [],
        content: { size: 0, mimeType: 'x-unknown' }, redirectURL: '', headersSize: -1, bodySize: -1,
        _transferSize: 0, _error: hop.failed ? hop.failed.errorText : 'net::ERR_FAILED',
      };
      if (hop.endTs) entry.time = round((hop.endTs - hop.startTs) * 1000);
    }
    for (const k of Object.keys(entry)) if (entry[k] === undefined) delete entry[k];
    return entry;
  }
}

const round = (x) => Math.round(x * 1000) / 1000;
function headerList(obj) {
  const out = [];
  for (const [name, value] of Object.entries(obj || {})) {
    for (const v of String(value).split('\n')) out.push({ name, value: v });
  }
  return out;
}
function headerValue(list, name) {
  const h = list.find((x) => x.name.toLowerCase() === name);
  return h ? h.value : undefined;
}
function httpVer(p) {
  if (!p) return 'HTTP/1.1';
  if (p === 'h2') return 'http/2.0';
  if (p === 'h3') return 'http/3.0';
  return p.toUpperCase();
}
function statusTextFromHeaders(x) {
  const m = x && x.headersText && /^HTTP\/\S+ \d+ (.*)\r?\n/.exec(x.headersText);
  return m ? m[1] : '';
}
function resourceType(t) {
  if (!t) return 'other';
  const m = { XHR: 'xhr', Fetch: 'fetch', Document: 'document', Preflight: 'preflight', Script: 'script', Stylesheet: 'stylesheet', Image: 'image', Other: 'other' };
  return m[t] || t.toLowerCase();
}
function trimInitiator(i) {
  const out = { type: i.type };
  if (i.url) out.url = i.url;
  if (i.lineNumber !== undefined) out.lineNumber = i.lineNumber;
  if (i.columnNumber !== undefined) out.columnNumber = i.columnNumber;
  if (i.requestId) out.requestId = i.requestId;
  if (i.stack) out.stack = { callFrames: (i.stack.callFrames || []).slice(0, 5).map((f) => ({ functionName: f.functionName, scriptId: f.scriptId, url: f.url, lineNumber: f.lineNumber, columnNumber: f.columnNumber })) };
  return out;
}
export function parseSetCookie(v) {
  const parts = v.split(';').map((s) => s.trim());
  const [nv, ...attrs] = parts;
  const i = nv.indexOf('=');
  const c = { name: nv.slice(0, i), value: nv.slice(i + 1), path: '/', domain: '', expires: null, httpOnly: false, secure: false };
  let hasPath = false;
  for (const a of attrs) {
    const j = a.indexOf('=');
    const k = (j < 0 ? a : a.slice(0, j)).toLowerCase();
    const val = j < 0 ? '' : a.slice(j + 1);
    if (k === 'path') { c.path = val; hasPath = true; }
    else if (k === 'domain') c.domain = val;
    else if (k === 'expires') { const d = new Date(val); c.expires = isNaN(d) ? null : d.toISOString(); }
    else if (k === 'max-age') { const d = new Date(Date.now() + Number(val) * 1000); if (!c.expires) c.expires = d.toISOString(); }
    else if (k === 'httponly') c.httpOnly = true;
    else if (k === 'secure') c.secure = true;
    else if (k === 'samesite') c.sameSite = val;
  }
  if (!hasPath) delete c.path;
  if (!c.domain) delete c.domain;
  if (c.expires === null) delete c.expires;
  return c;
}
