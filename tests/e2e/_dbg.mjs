import { ChromiumDriver } from "./ext/chromium.mjs";
import { startScenarioServer, SUFFIX } from "./scenario-server.mjs";
const server = await startScenarioServer();
const d = new ChromiumDriver({ extensionDir: process.env.EXT ?? "dist/chrome", suffix: SUFFIX });
await d.start();
const what = process.argv[2];
try {
if (what === "burst") {
  for (const n of [300, 1000]) {
    const t0 = Date.now();
    const page = await d.context.newPage();
    await page.goto(server.url("app.test", `/burst/?n=${n}`));
    await page.waitForFunction(() => document.title === "done", null, { timeout: 60000 });
    console.log(n, "page done in", Date.now() - t0, "ms");
  }
} else if (what === "secrets") {
  const { tabId } = await d.openTab(server.url("app.test", "/secrets/"));
  await new Promise(r => setTimeout(r, 3000));
  console.log(JSON.stringify(await d.ext(async (id) => (await chrome.storage.session.get(null)), tabId), null, 1).slice(0, 6000));
  console.log(server.log.filter(l => l.url.startsWith("/secrets")).map(l => l.method + " " + l.url.slice(0, 80)));
} else if (what === "hang") {
  await d.openTab(server.url("app.test", "/expired"));
  const t0 = Date.now();
  const page = await d.context.newPage();
  page.on("console", (m) => console.log("console:", m.text()));
  await page.goto(server.url("hang.test", `/hang/?port=${server.hangPort}`));
  for (let i = 0; i < 10; i++) { await new Promise(r => setTimeout(r, 1000)); console.log(Date.now() - t0, server.hang); }
  console.log(await d.backgroundHeap());
}
} finally { await d.stop(); await server.close(); }
