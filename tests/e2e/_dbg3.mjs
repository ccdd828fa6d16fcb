import { ChromiumDriver } from "./ext/chromium.mjs";
import { startScenarioServer, SUFFIX } from "./scenario-server.mjs";
const server = await startScenarioServer();
const d = new ChromiumDriver({ extensionDir: "dist/chrome", suffix: SUFFIX });
await d.start();
try {
  const n = Number(process.argv[2] ?? 0);
  for (let i = 0; i < n; i++) await d.openTab(server.url("app.test", `/expired?x=${i}`));
  if (process.argv[3]) { const p = await d.context.newPage(); await p.goto(server.url("app.test", "/burst/?n=1000")); await p.waitForFunction(() => document.title === "done", null, { timeout: 60000 }); await p.close(); }
  if (process.env.HEAP) console.log("before", await d.backgroundHeap());
  const t0 = Date.now();
  const page = await d.context.newPage();
  page.on("console", (m) => console.log("console:", m.text()));
  await page.goto(server.url("hang.test", `/hang/?port=${server.hangPort}`));
  for (let i = 0; i < 6; i++) { await new Promise(r => setTimeout(r, 1000)); console.log(Date.now() - t0, server.hang); }
  console.log(await d.backgroundHeap());
} finally { await d.stop(); await server.close(); }
