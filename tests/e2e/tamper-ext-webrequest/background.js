// Removes (…/remove) or rewrites (…/rewrite) the Authorization header the page set.
browser.webRequest.onBeforeSendHeaders.addListener((d) => {
  const rewrite = d.url.includes("/tamper-api/rewrite");
  const headers = d.requestHeaders.filter((h) => h.name.toLowerCase() !== "authorization");
  if (rewrite) headers.push({ name: "Authorization", value: "Bearer rewritten-by-another-extension" });
  return { requestHeaders: headers };
}, { urls: ["http://app.test/tamper-api/*"] }, ["blocking", "requestHeaders"]);
