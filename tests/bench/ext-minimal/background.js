// The cheapest useful observer: one non-blocking listener that sees every response's status.
let seen = 0;
chrome.webRequest.onHeadersReceived.addListener((d) => { if (d.statusCode === 401) seen += 1; }, { urls: ["<all_urls>"] });
