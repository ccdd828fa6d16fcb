// Synthetic Reports (the shape of src/report.rs) for rendering tests that must not depend on
// the rules: the popup, hostile strings, the layout.

const b64url = (s) => Buffer.from(s).toString("base64url");
export const jwt = (header, claims, sig = "c2lnbmF0dXJl") =>
  `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}.${sig}`;

/** A token view as the core builds it. */
export function tokenView(claims, { header = { alg: "RS256", typ: "JWT", kid: "k1" } } = {}) {
  return {
    header,
    claims,
    times: [
      { claim: "exp", value: 1764079320, utc: "2025-11-25 14:02:00 UTC", from_now: "3 h ago", by_server: "expired 18 min before the server's Date (2025-11-25 14:20:00 UTC)" },
      { claim: "iat", value: 1764075720, utc: "2025-11-25 13:02:00 UTC", from_now: "4 h ago" },
    ],
    signature: "masked (342 bytes)",
    encrypted: false,
    unusual: [],
  };
}

/** A finding: `s` is a string put everywhere data goes (for hostile-input tests). */
export function finding({ entry = 0, url = "https://api.example.com/v1/orders?page=2", startedMs = 1764080400000, s = null, cause = "token-expired", stale = true } = {}) {
  const t = (x) => (s === null ? x : s);
  return {
    entry,
    url: t(url),
    method: "GET",
    status: 401,
    started_ms: startedMs,
    causes: [
      {
        id: cause,
        confidence: 0.95,
        title: t("Your sign-in token expired 18 min before the request"),
        evidence: [t("Authorization: Bearer eyJhbGciOi…(masked)"), t("exp = 2025-11-25 14:02:00 UTC; server Date = 2025-11-25 14:20:00 UTC")],
        explanation: t("The token's exp claim is in the past by the server's clock, so the API refuses it."),
        fix_user: [t("Sign out and sign in again."), "Reload the page."],
        fix_dev: [t("Refresh the access token before exp (use the refresh token)."), "Return error_description so clients can tell."],
        stale_cookies: stale ? [{ name: t("session"), domain: t(".example.com"), path: "/", why: t("holds an expired JWT") }] : [],
      },
      {
        id: "clock-skew",
        confidence: 0.3,
        title: t("Your clock and the server's differ by 2 min"),
        evidence: [t("Date: Tue, 25 Nov 2025 14:20:00 GMT")],
        explanation: "",
        fix_user: ["Set your clock to update automatically."],
        fix_dev: [],
      },
    ],
    credentials: {
      authorization: {
        scheme: "Bearer",
        masked: t("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.•••• (342 bytes)"),
        token: tokenView(s === null ? { iss: "https://login.example.com/", sub: "user-4711", aud: "https://api.example.com", scope: "orders:read", exp: 1764079320, iat: 1764075720 } : { iss: s, sub: s, [s]: s, exp: 1764079320 }),
        problems: s === null ? [] : [s],
      },
      cookie_tokens: [{ cookie: t("session"), token: tokenView({ sub: t("user-4711"), email: t("alice@example.com"), exp: 1764079320 }) }],
    },
    request_ids: { "x-request-id": t("9f1c2d3e-0a4b-4c5d-8e6f-112233445566"), "cf-ray": "8e2f1c3b4a5d6e7f-FRA" },
    cookies: {
      sent: [
        { name: t("session"), value_masked: "•••• (412 bytes)", bytes: 420, domain: t(".example.com"), path: "/" },
        { name: "theme", value_masked: "•••• (4 bytes)", bytes: 10 },
      ],
      not_sent: [{ name: t("refresh"), domain: t("auth.example.com"), path: t("/oauth"), reason: t("Path=/oauth does not match /v1/orders") }],
      header_bytes: 432,
    },
    clocks: { client_ms: 1764080280000, server_ms: 1764080400000, skew_ms: 120000 },
    redirects: [{ url: t("https://example.com/orders"), status: 302, had_authorization: true }],
  };
}

export function report(n = 3, opts = {}) {
  const findings = [];
  for (let i = 0; i < n; i++) findings.push(finding({ entry: i, startedMs: 1764080400000 + i * 60000, ...opts }));
  return { findings, notes: opts.s ? [opts.s] : [] };
}
