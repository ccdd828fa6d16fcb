// Example inputs, one click away on the page. Tokens are built here from readable JSON
// (the signature is a fake: why401 decodes tokens, it never verifies them).
// The end-to-end tests (tests/e2e/www.mjs) use EXAMPLES and the builders and times below.

const b64url = (s) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(s)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

const FAKE_SIG = "c2lnbmF0dXJlLW5vdC1yZWFsLWRvLW5vdC11c2UtaW4tcHJvZHVjdGlvbg";

/** A JWT with this header and these claims, and a fake signature. */
export function jwt(header, claims, sig = FAKE_SIG) {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}.${sig}`;
}

/** The server's Date in these examples: 2025-11-25 14:20:00 UTC. */
export const DATE = "Tue, 25 Nov 2025 14:20:00 GMT";
/** 2025-11-25 14:02:00 UTC (Unix s): when the expired token expired. */
export const T_1402 = 1764079320;
/** 2100-01-01 00:00:00 UTC (Unix s): an expiry that has not come. */
const FUTURE = 4102444800;
const HEADER = { alg: "RS256", typ: "JWT", kid: "2025-11-key-1" };

const expiredToken = jwt(HEADER, {
  iss: "https://login.example.com/",
  sub: "user-4711",
  aud: "https://api.example.com",
  scope: "orders:read profile",
  iat: T_1402 - 3600,
  exp: T_1402,
});

const otherAudience = jwt(HEADER, {
  iss: "https://login.example.com/",
  sub: "user-4711",
  aud: "https://api.staging.example.com",
  scope: "orders:read",
  iat: T_1402 + 600, // issued 8 min before the server's Date, valid for years
  exp: FUTURE,
});

const readOnly = jwt(HEADER, {
  iss: "https://login.example.com/",
  sub: "user-4711",
  aud: "https://api.example.com",
  scope: "orders:read",
  iat: T_1402 + 600, // issued 8 min before the server's Date, valid for years
  exp: FUTURE,
});

/** `curl -v` output: request lines (`> `), response lines (`< `), then the body. */
const curl = (req, resp, body = "") =>
  [
    "*   Trying 203.0.113.10:443...",
    "* Connected to api.example.com (203.0.113.10) port 443",
    ...req.map((l) => `> ${l}`),
    ">",
    ...resp.map((l) => `< ${l}`),
    "<",
    body,
  ].join("\n");

/** A HAR document holding `entries`, as written by `creator`. */
export const har = (entries, creator = "WebInspector") =>
  JSON.stringify(
    { log: { version: "1.2", creator: { name: creator, version: "537.36" }, pages: [], entries } },
    null,
    2,
  );

/** One HAR entry; headers are [name, value] pairs, `body` a JSON response text. */
export const harEntry = (started, method, url, reqHeaders, status, respHeaders, body = "") => ({
  startedDateTime: started,
  time: 42,
  request: {
    method,
    url,
    httpVersion: "HTTP/1.1",
    headers: reqHeaders.map(([name, value]) => ({ name, value })),
    queryString: [],
    cookies: [],
    headersSize: -1,
    bodySize: 0,
  },
  response: {
    status,
    statusText: status === 401 ? "Unauthorized" : status === 302 ? "Found" : "OK",
    httpVersion: "HTTP/1.1",
    headers: respHeaders.map(([name, value]) => ({ name, value })),
    cookies: [],
    content: { size: body.length, mimeType: "application/json", text: body },
    redirectURL: "",
    headersSize: -1,
    bodySize: body.length,
  },
  cache: {},
  timings: { send: 0, wait: 40, receive: 2 },
});

export const EXAMPLES = [
  {
    id: "expired-token",
    label: "expired token",
    text: curl(
      ["GET /v1/orders HTTP/2", "Host: api.example.com", "User-Agent: curl/8.5.0", "Accept: */*", `Authorization: Bearer ${expiredToken}`],
      [
        "HTTP/2 401",
        `date: ${DATE}`,
        'www-authenticate: Bearer realm="api", error="invalid_token", error_description="The access token expired"',
        "content-type: application/json",
        "x-request-id: 9f1c2d3e-0a4b-4c5d-8e6f-112233445566",
      ],
      '{"error":"invalid_token","error_description":"The access token expired"}',
    ),
  },
  {
    id: "token-only",
    label: "just a token",
    text: expiredToken,
  },
  {
    id: "wrong-audience",
    label: "wrong audience",
    text: curl(
      ["GET /v1/orders HTTP/2", "Host: api.example.com", "User-Agent: curl/8.5.0", "Accept: */*", `Authorization: Bearer ${otherAudience}`],
      [
        "HTTP/2 401",
        `date: ${DATE}`,
        'www-authenticate: Bearer realm="api", error="invalid_token", error_description="The audience \'https://api.staging.example.com\' is invalid"',
        "content-type: application/json",
      ],
      '{"error":"invalid_token"}',
    ),
  },
  {
    id: "insufficient-scope",
    label: "insufficient scope (curl -v)",
    text: curl(
      ["DELETE /v1/orders/1234 HTTP/2", "Host: api.example.com", "User-Agent: curl/8.5.0", "Accept: */*", `Authorization: Bearer ${readOnly}`],
      [
        "HTTP/2 401",
        `date: ${DATE}`,
        'www-authenticate: Bearer realm="api", error="insufficient_scope", scope="orders:write", error_description="The request requires higher privileges than provided by the access token"',
        "content-type: application/json",
      ],
      '{"error":"insufficient_scope"}',
    ),
  },
  {
    id: "cookie-not-sent",
    label: "cookie not sent",
    text: har(
      [
        harEntry("2025-11-25T14:19:50.000Z", "POST", "https://app.example.com/login", [["Host", "app.example.com"], ["Content-Type", "application/x-www-form-urlencoded"]], 302, [
          ["Date", "Tue, 25 Nov 2025 14:19:50 GMT"],
          ["Set-Cookie", "session=s%3A8f2a9c41d7e0b6; Path=/; Secure; HttpOnly; SameSite=Lax"],
          ["Location", "http://app.example.com/account"],
        ]),
        harEntry("2025-11-25T14:20:00.000Z", "GET", "http://app.example.com/api/me", [["Host", "app.example.com"], ["Accept", "application/json"]], 401, [
          ["Date", DATE],
          ["WWW-Authenticate", 'Cookie realm="app"'],
          ["Content-Type", "application/json"],
        ], '{"error":"not signed in"}'),
      ],
      "Firefox",
    ),
  },
  {
    id: "basic-wrong-password",
    label: "Basic, wrong password",
    text: [
      "GET /admin/ HTTP/1.1",
      "Host: intranet.example.com",
      `Authorization: Basic ${btoa("alice:hunter3")}`,
      "",
      "HTTP/1.1 401 Unauthorized",
      `Date: ${DATE}`,
      'WWW-Authenticate: Basic realm="Admin area", charset="UTF-8"',
      "Content-Length: 0",
    ].join("\n"),
  },
  {
    id: "bearer-undefined",
    label: "Bearer undefined",
    text: [
      "GET /v1/me HTTP/1.1",
      "Host: api.example.com",
      "Authorization: Bearer undefined",
      "",
      "HTTP/1.1 401 Unauthorized",
      `Date: ${DATE}`,
      'WWW-Authenticate: Bearer realm="api", error="invalid_token"',
    ].join("\n"),
  },
  {
    id: "sanitized-har",
    label: "sanitized HAR",
    text: har([
      harEntry("2025-11-25T14:20:00.000Z", "GET", "https://api.example.com/v1/orders", [["Host", "api.example.com"], ["Accept", "application/json"]], 401, [
        ["Date", DATE],
        ["WWW-Authenticate", 'Bearer realm="api", error="invalid_token"'],
        ["Content-Type", "application/json"],
      ], '{"error":"invalid_token"}'),
    ]),
  },
];
