// `npm run build`: src/ -> dist/, a static site for S3 + CloudFront (no server-side rendering).
//
// - CSS: src/styles/application.scss compiled with GOV.UK Frontend's Sass (only the components used).
// - JS: src/js copied as is (native ES modules, no bundler), GOV.UK Frontend's ES module beside it.
// - The maps: src/map bundled by esbuild (OpenLayers from npm) into js/map-bundle.js and .css, which
//   js/maps.js imports only on the pages that show a map (so no other page pays for OpenLayers).
// - HTML: each src/pages/*.html wrapped in src/layout.html. The pages hold no data: the scripts fetch
//   it from the API and insert it as text.
// - Assets: src/assets, plus GOV.UK Frontend's fonts only when the Sass asks for GDS Transport.
import { cp, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build as bundle } from "esbuild";
import { compile } from "sass";

const root = dirname(fileURLToPath(import.meta.url));
const src = join(root, "src");
const dist = join(root, "dist");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

async function build() {
  await rm(dist, { recursive: true, force: true });
  await mkdir(join(dist, "css"), { recursive: true });

  const css = compile(join(src, "styles", "application.scss"), {
    loadPaths: [join(root, "node_modules", "govuk-frontend", "dist")],
    style: "compressed",
    quietDeps: true,
    // GOV.UK Frontend 5 is written with @import; its own deprecations are not ours to fix.
    silenceDeprecations: ["import", "global-builtin", "color-functions", "slash-div", "if-function"],
  }).css;
  await writeFile(join(dist, "css", "application.css"), css);
  if (css.includes("GDS Transport")) {
    await cp(join(govuk, "assets", "fonts"), join(dist, "assets", "fonts"), { recursive: true });
  }

  await cp(join(src, "js"), join(dist, "js"), { recursive: true });
  await bundle({
    entryPoints: { "map-bundle": join(src, "map", "map.js") },
    outdir: join(dist, "js"),
    bundle: true,
    format: "esm",
    minify: true,
    target: ["es2020"],
    legalComments: "eof", // OpenLayers' licence (BSD-2-Clause) stays with its code
    logLevel: "warning",
  });
  // The ODP file types' readable names: the API's own data file (one source of truth), as a module.
  const fileTypes = JSON.parse(await readFile(join(root, "..", "layers", "bops", "python", "bops", "domain", "data", "file_types.json"), "utf8"));
  const names = Object.fromEntries(fileTypes.file_types.map(({ code, name }) => [code, name]));
  await writeFile(join(dist, "js", "file-types.js"), `// Written by build.mjs from bops/domain/data/file_types.json\nexport default ${JSON.stringify(names)};\n`);
  // The GPDO classes the permitted development rights task offers: the API's data file, as a module.
  const gpdo = JSON.parse(await readFile(join(root, "..", "layers", "bops", "python", "bops", "domain", "data", "gpdo_classes.json"), "utf8"));
  const classes = Object.fromEntries(gpdo.classes.map((entry) => [entry.class, entry.description]));
  await writeFile(join(dist, "js", "gpdo-classes.js"), `// Written by build.mjs from bops/domain/data/gpdo_classes.json\nexport default ${JSON.stringify(classes)};\n`);
  await mkdir(join(dist, "vendor"), { recursive: true });
  await cp(join(govuk, "govuk-frontend.min.js"), join(dist, "vendor", "govuk-frontend.min.js"));
  await cp(join(src, "assets"), join(dist, "assets"), { recursive: true });

  const layout = await readFile(join(src, "layout.html"), "utf8");
  const pages = (await readdir(join(src, "pages"))).filter((name) => name.endsWith(".html"));
  for (const name of pages) {
    const text = await readFile(join(src, "pages", name), "utf8");
    // The first line of a page names its title and script (and, optionally, body_class, service and home), as JSON.
    const match = text.match(/^<!--\s*({.*?})\s*-->\n/);
    if (!match) throw new Error(`${name}: the first line must be <!-- {"title": ..., "script": ...} -->`);
    const meta = JSON.parse(match[1]);
    const html = layout
      .replaceAll("{{title}}", escape(meta.title))
      .replaceAll("{{script}}", escape(meta.script))
      .replaceAll("{{body_class}}", escape(meta.body_class || ""))
      // A page for the public (the applicant's) names its own service and home; officers' pages the back office.
      .replaceAll("{{service_name}}", escape(meta.service || "Back-office Planning System"))
      .replaceAll("{{home}}", escape(meta.home || "/"))
      .replace("{{content}}", () => text.slice(match[0].length).trimEnd());
    if (html.includes("{{")) throw new Error(`${name}: an unknown {{placeholder}} is left`);
    await writeFile(join(dist, name), html);
  }
  console.log(`built ${pages.length} pages into ${dist}`);
}

function escape(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

await build();
