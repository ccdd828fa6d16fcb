// The shared bench's two-listener reference with extraHeaders: request headers into a Map,
// joined with the response; a 401 into storage.session. extraHeaders is what Chrome needs to
// show Cookie and Set-Cookie: the cheapest way to see Cookie at all (issue 12's reference for
// the page with 401s).
const sent = new Map();
const filter = { urls: ["<all_urls>"] };
chrome.webRequest.onSendHeaders.addListener((d) => { sent.set(d.requestId, d.requestHeaders); }, filter, ["requestHeaders", "extraHeaders"]);
chrome.webRequest.onHeadersReceived.addListener((d) => {
  const h = sent.get(d.requestId);
  sent.delete(d.requestId);
  if (d.statusCode === 401) chrome.storage.session.set({ ["e" + d.requestId]: { u: d.url, h, r: d.responseHeaders } });
}, filter, ["responseHeaders", "extraHeaders"]);
chrome.webRequest.onErrorOccurred.addListener((d) => { sent.delete(d.requestId); }, filter);
