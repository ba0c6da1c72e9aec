// PDF.js (pdfjs-dist, Firefox's PDF reader) reading PDFs back as Firefox's text layer does:
// each page's text items in content order, a line break where PDF.js sees one (hasEOL).
//
//   node tests/pdfjs_text.mjs a.pdf b.pdf ...   -> JSON list of texts, one per file
//
// Used by tests/extractors.py; several files per run, since starting node and PDF.js costs more
// than reading a PDF.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// pdfjs-dist 6 expects Promise.withResolvers (Node 22); Debian's Node 20 lacks it.
Promise.withResolvers ??= function withResolvers() {
  let resolve, reject;
  const promise = new this((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
};

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pdfjs = await import(join(root, "node_modules/pdfjs-dist/legacy/build/pdf.mjs"));

async function text(path) {
  const data = new Uint8Array(readFileSync(path));
  const task = pdfjs.getDocument({ data, verbosity: 0, disableFontFace: true, useSystemFonts: false });
  const doc = await task.promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => (item.str ?? "") + (item.hasEOL ? "\n" : "")).join(""));
    page.cleanup();
  }
  await task.destroy();
  return pages.join("\n");
}

const out = [];
for (const path of process.argv.slice(2)) out.push(await text(path));
process.stdout.write(JSON.stringify(out));
