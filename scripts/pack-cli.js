#!/usr/bin/env node
/*
 * npm run pack:cli: the command-line tool as an npm package of its own,
 * honorar-<version>.tgz in the project folder, which `npm install -g` installs
 * with the runtime dependencies only (decimal.js, hyperformula, saxes): no
 * webpack, no Office tooling, nothing to compile. The add-in project itself
 * stays private; this package holds the compiled CLI (lib/), its entry point,
 * the licence and the README.
 */
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.resolve(__dirname, "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(" ")} fehlgeschlagen (Exit ${r.status}).`);
    process.exit(1);
  }
  return r.stdout;
}

/** The package's manifest: the project's identity and runtime dependencies, nothing of its development. */
function manifest(project) {
  return {
    name: "honorar",
    version: project.version,
    description: "honorar: PRAXIS-Formeln (EBM, GOÄ, HVM, Weiterbildung) ohne Excel berechnen und Arbeitsmappen nachrechnen, vergleichen und prüfen",
    license: project.license,
    engines: project.engines,
    bin: { honorar: "bin/honorar.js" },
    files: ["bin/", "lib/", "LICENSE", "README.md"],
    dependencies: project.dependencies,
  };
}

function main() {
  const project = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  run(npx, ["tsc", "-p", "tsconfig.cli.json"], root);
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), "honorar-pack-"));
  try {
    fs.cpSync(path.join(root, "lib"), path.join(stage, "lib"), { recursive: true });
    fs.mkdirSync(path.join(stage, "bin"));
    fs.copyFileSync(path.join(root, "bin", "honorar.js"), path.join(stage, "bin", "honorar.js"));
    fs.chmodSync(path.join(stage, "bin", "honorar.js"), 0o755);
    for (const f of ["LICENSE", "README.md"]) fs.copyFileSync(path.join(root, f), path.join(stage, f));
    fs.writeFileSync(path.join(stage, "package.json"), `${JSON.stringify(manifest(project), null, 2)}\n`);
    const out = process.argv[2] ? path.resolve(process.argv[2]) : root;
    fs.mkdirSync(out, { recursive: true });
    const name = run(npm, ["pack", "--silent", "--pack-destination", out], stage).trim().split("\n").pop();
    console.log(path.join(out, name));
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

main();
