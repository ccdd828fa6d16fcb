// The reference recorder with extraHeaders: what any Chrome extension that must see Cookie,
// Set-Cookie and CORS preflights pays (the network service consults the browser per request).
const requests = new Map();
chrome.webRequest.onSendHeaders.addListener((d) => {
  requests.set(d.requestId, { url: d.url, method: d.method, requestHeaders: d.requestHeaders.map((h) => ({ name: h.name, value: h.value })) });
}, { urls: ["<all_urls>"] }, ["requestHeaders", "extraHeaders"]);
chrome.webRequest.onHeadersReceived.addListener((d) => {
  const r = requests.get(d.requestId);
  if (r) {
    r.status = d.statusCode;
    r.responseHeaders = d.responseHeaders.map((h) => ({ name: h.name, value: h.value }));
  }
  requests.delete(d.requestId);
}, { urls: ["<all_urls>"] }, ["responseHeaders", "extraHeaders"]);
