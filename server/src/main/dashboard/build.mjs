// Builds the dashboard into <outDir> (the server's target/classes/dashboard): one hashed JS bundle and
// one hashed CSS file (served with a long cache), and index.html naming them (served uncached).
// Run by the Maven build (exec-maven-plugin) after `npm ci`; usage: node build.mjs <outDir>
import * as esbuild from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";

const out = resolve(process.argv[2] || "dist");
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets"), { recursive: true });
const result = await esbuild.build({
  entryPoints: ["src/main.js", "src/style.css"],
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2020"],
  outdir: join(out, "assets"),
  entryNames: "[name]-[hash]",
  metafile: true,
  logLevel: "warning",
});
const files = Object.keys(result.metafile.outputs).map((f) => basename(f));
const js = files.find((f) => f.endsWith(".js"));
const css = files.find((f) => f.endsWith(".css"));
const html = readFileSync("src/index.html", "utf8")
  .replace("%JS%", `/_/assets/${js}`)
  .replace("%CSS%", `/_/assets/${css}`);
writeFileSync(join(out, "index.html"), html);
console.log(`dashboard: ${js}, ${css} -> ${out}`);
