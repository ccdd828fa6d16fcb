// Builds dist/www/: the page's sources, the wasm package (target/pkg, from `make wasm`), the
// renderer's stylesheet (src/render/why401.css) and the shared names (extension/names.js). Cleans dist/www first. Usage: node www/build.mjs
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "www");
const pkg = join(root, "target", "pkg");
const out = join(root, "dist", "www");

// Page sources; the build and serve scripts stay behind.
const SKIP = new Set(["build.mjs", "serve.mjs"]);

for (const f of ["why401.js", "why401_bg.wasm"]) {
  if (!existsSync(join(pkg, f))) {
    console.error(`www/build.mjs: ${join("target", "pkg", f)} is missing: run \`make wasm\` first.`);
    process.exit(1);
  }
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const name of readdirSync(src)) {
  if (SKIP.has(name) || name.startsWith(".")) continue;
  cpSync(join(src, name), join(out, name), { recursive: true });
}
for (const f of ["why401.js", "why401_bg.wasm"]) cpSync(join(pkg, f), join(out, f));
cpSync(join(root, "src", "render", "why401.css"), join(out, "why401.css"));
cpSync(join(root, "extension", "names.js"), join(out, "names.js"));

let bytes = 0;
const walk = (d) => {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    const s = statSync(p);
    if (s.isDirectory()) walk(p);
    else bytes += s.size;
  }
};
walk(out);
console.log(`built dist/www (${bytes} bytes)`);
