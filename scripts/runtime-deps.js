#!/usr/bin/env node
/*
 * The runtime dependencies (package.json "dependencies" and everything they pull
 * in) as a Markdown table with version and licence, for docs/sicherheit.md.
 * Read from package-lock.json (what `npm ci` installs) and the installed
 * package.json files (the licence each package declares).
 *
 *   node scripts/runtime-deps.js           prints the table
 *   node scripts/runtime-deps.js --write   writes it into docs/sicherheit.md
 *
 * test/supply-chain.test.ts fails when the document's table is not this output.
 */
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const DOC = path.join(ROOT, "docs", "sicherheit.md");
const START = "<!-- runtime-deps:start (node scripts/runtime-deps.js --write) -->";
const END = "<!-- runtime-deps:end -->";

function lock() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
}

/** Where Node finds `name` from the package at `from`: its own node_modules, then each parent's. */
function resolve(packages, from, name) {
  let dir = from;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ""}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return undefined;
    const i = dir.lastIndexOf("/node_modules/");
    dir = i < 0 ? "" : dir.slice(0, i);
  }
}

/** Each runtime package path with the direct dependencies it is reached through. */
function runtimePackages() {
  const { packages } = lock();
  const via = new Map();
  for (const direct of Object.keys(packages[""].dependencies ?? {})) {
    const stack = [resolve(packages, "", direct)];
    while (stack.length) {
      const at = stack.pop();
      if (!at) continue;
      const seen = via.get(at) ?? new Set();
      if (seen.has(direct)) continue;
      seen.add(direct);
      via.set(at, seen);
      const deps = { ...packages[at].dependencies, ...packages[at].optionalDependencies };
      for (const dep of Object.keys(deps)) stack.push(resolve(packages, at, dep));
    }
  }
  return { packages, via };
}

function licence(dir, fromLock) {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, dir, "package.json"), "utf8"));
    if (typeof pkg.license === "string") return pkg.license;
    if (Array.isArray(pkg.licenses)) return pkg.licenses.map((l) => l.type ?? l).join(" OR ");
  } catch {
    return `${fromLock ?? "?"} (nicht installiert)`;
  }
  return fromLock ?? "keine Angabe";
}

function rows() {
  const { packages, via } = runtimePackages();
  const byKey = new Map();
  for (const [dir, directs] of via) {
    const name = dir.slice(dir.lastIndexOf("node_modules/") + "node_modules/".length);
    const { version } = packages[dir];
    const key = `${name}@${version}`;
    const row = byKey.get(key) ?? { name, version, licence: licence(dir, packages[dir].license), via: new Set(), copies: 0 };
    directs.forEach((d) => row.via.add(d));
    row.copies += 1;
    byKey.set(key, row);
  }
  return [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name, "en") || a.version.localeCompare(b.version, "en"));
}

function render() {
  const list = rows();
  const lines = [
    `${list.length} Pakete (Name und Version; mehrfach installierte Kopien gleicher Version einmal).`,
    "",
    "| Paket | Version | Lizenz | über |",
    "|---|---|---|---|",
    ...list.map((r) => `| ${r.name} | ${r.version} | ${r.licence} | ${[...r.via].sort().join(", ")} |`),
  ];
  return lines.join("\n");
}

/** The table as it stands in the document, or undefined without markers. */
function documented() {
  const text = fs.readFileSync(DOC, "utf8");
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return undefined;
  return text.slice(a + START.length, b).trim();
}

function write() {
  const text = fs.readFileSync(DOC, "utf8");
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${DOC}: Marker ${START} … ${END} fehlen`);
  fs.writeFileSync(DOC, `${text.slice(0, a + START.length)}\n${render()}\n${text.slice(b)}`);
}

module.exports = { rows, render, documented, runtimePackages };

if (require.main === module) {
  if (process.argv.includes("--write")) write();
  else console.log(render());
}
