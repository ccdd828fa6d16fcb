// axe-core (npm) for the e2e tests: runs every rule axe ships as stable (WCAG 2.0/2.1/2.2 A and
// AA, best practices; not the experimental ones) on a page, in any browser the tests drive.
//
//   import { axeCheck } from "../lib/axe.mjs";
//   await axeCheck((body) => page.evaluate(`(async () => { ${body} })()`), "popup, light");  // a Playwright page
//   await axeCheck((body) => d.runScript(page, body), "panel, dark");  // an ext/ driver's page (Chromium or Firefox)
//
// `run(body)` must evaluate `body` (an async function body that returns the result) in the
// page under test: Playwright's page.evaluate (CDP, not bound by the page's CSP), or WebDriver
// execute/async (a sandbox per script, so axe is injected and run in one script). Pages with
// `[aria-busy="true"]` are waited for first.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
/** axe.min.js of the pinned axe-core. */
export const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const AXE_VERSION = JSON.parse(readFileSync(require.resolve("axe-core/package.json"), "utf8")).version;

/** The script body: injects axe (once per page) and resolves to its violations, reduced. */
export function axeScript({ include = "html", rules = {} } = {}) {
  return `
    if (!window.axe) { ${AXE_SOURCE}\n }
    for (let i = 0; i < 100 && document.querySelector('[aria-busy="true"]'); i++) await new Promise((r) => setTimeout(r, 50));
    const r = await window.axe.run(${JSON.stringify(include)}, { rules: ${JSON.stringify(rules)}, resultTypes: ["violations"] });
    return {
      passes: r.passes.map((p) => p.id),
      violations: r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(" "), summary: n.failureSummary, html: n.html.slice(0, 200) })),
      })),
    };`;
}

/** Runs axe through `run` and throws a readable error when anything is violated; returns
 * {violations: 0, passed} (passed: the ids of the rules that applied and passed). */
export async function axeCheck(run, what, options) {
  const r = await run(axeScript(options));
  if (!r || !Array.isArray(r.violations)) throw new Error(`axe did not run on ${what}: ${JSON.stringify(r)}`);
  if (r.violations.length) {
    const lines = r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => `${n.target}: ${n.summary?.split("\n").slice(0, 3).join(" ")} ${n.html}`).join("\n    ")}`);
    throw new Error(`axe: ${r.violations.length} violation(s) on ${what}:\n  ${lines.join("\n  ")}`);
  }
  return { violations: 0, passed: r.passes };
}
