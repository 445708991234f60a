import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, readdirSync } from "fs";
import os from "os";
import path from "path";
import { EXAMPLES, ROOT } from "./workbooks";

/*
 * The CLI as an accountant installs it: `npm run pack:cli` makes a package of
 * its own, `npm install -g` installs it into an empty prefix with the runtime
 * dependencies only, and the installed `honorar` computes and recomputes.
 * The expected figures are seed 002's (GOÄ 812 at 2,3: 67,03 €; the example
 * workbook's 37 formula cells all as saved).
 */
jest.setTimeout(180_000);

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const dir = mkdtempSync(path.join(os.tmpdir(), "honorar-paket-"));
const prefix = path.join(dir, "global");
let tarball: string;
let honorar: string;

beforeAll(() => {
  const pack = spawnSync(process.execPath, [path.join(ROOT, "scripts", "pack-cli.js"), dir], { encoding: "utf8" });
  expect(pack.status).toBe(0);
  tarball = pack.stdout.trim().split("\n").pop()!;
  // The packages are in npm's cache after npm ci; --prefer-offline takes them from there.
  const install = spawnSync(npm, ["install", "-g", "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund", tarball], { encoding: "utf8", cwd: dir });
  expect(install.stderr).not.toMatch(/npm error/);
  expect(install.status).toBe(0);
  honorar = process.platform === "win32" ? path.join(prefix, "honorar.cmd") : path.join(prefix, "bin", "honorar");
});

test("the package is named honorar and carries the compiled CLI, its data, the licence and the README, nothing of the add-in's sources", () => {
  expect(path.basename(tarball)).toMatch(/^honorar-\d+\.\d+\.\d+\.tgz$/);
  const installed = path.join(prefix, "lib", "node_modules", "honorar");
  expect(readdirSync(installed).sort()).toEqual(["LICENSE", "README.md", "bin", "lib", "node_modules", "package.json"]);
  expect(existsSync(path.join(installed, "lib", "data", "ebm.json"))).toBe(true);
  expect(existsSync(path.join(installed, "src"))).toBe(false);
});

test("npm install -g brings the runtime dependencies only: no build tools, no Office tooling", () => {
  const modules = readdirSync(path.join(prefix, "lib", "node_modules", "honorar", "node_modules"));
  expect(modules).toEqual(expect.arrayContaining(["decimal.js", "hyperformula", "saxes"]));
  for (const tool of ["typescript", "webpack", "jest", "office-addin-debugging", "keytar", "exceljs", "jszip"]) expect(modules).not.toContain(tool);
});

test("the installed honorar computes a formula and recomputes an example workbook", () => {
  const evalRun = spawnSync(honorar, ["eval", "=PRAXIS.GOAE_BETRAG(812;2,3)"], { encoding: "utf8" });
  expect(evalRun.stdout.trim()).toBe("67,03");
  const recalcRun = spawnSync(honorar, ["recalc", path.join(EXAMPLES, "seed-002-privatrechnung.xlsx")], { encoding: "utf8", cwd: dir });
  expect(recalcRun.status).toBe(0);
  expect(recalcRun.stdout).toContain("37 Formelzellen: 37 gleich, 0 abweichend");
  // The version comes from the package it was installed from.
  expect(recalcRun.stdout).toMatch(/Werkzeug: honorar \d+\.\d+\.\d+\n/);
});
