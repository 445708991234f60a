import { execFileSync } from "child_process";
import fs from "fs";
import path from "path";

/*
 * The supply chain, checked offline: `npm audit` cannot run here or in CI (the
 * registry answers POST /-/npm/v1/security/advisories/bulk with 405), so these
 * tests check what can be checked without it. docs/sicherheit.md, "Lieferkette".
 */
const ROOT = path.join(__dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const deps = require(path.join(ROOT, "scripts", "runtime-deps.js"));

interface LockEntry {
  version: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  link?: boolean;
}
const entries = Object.entries(lock.packages as Record<string, LockEntry>).filter(([p]) => p !== "");
const nameOf = (p: string) => p.slice(p.lastIndexOf("node_modules/") + "node_modules/".length);
const EXACT = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

test("package-lock.json is committed and has lockfileVersion 3", () => {
  // In a checkout git knows the file; in an exported tree (no .git) it must at least not be ignored.
  if (fs.existsSync(path.join(ROOT, ".git"))) {
    expect(() => execFileSync("git", ["ls-files", "--error-unmatch", "package-lock.json"], { cwd: ROOT, stdio: "pipe" })).not.toThrow();
  } else {
    const ignore = fs.existsSync(path.join(ROOT, ".gitignore")) ? fs.readFileSync(path.join(ROOT, ".gitignore"), "utf8") : "";
    expect(ignore).not.toMatch(/^\/?package-lock\.json$/m);
  }
  expect(lock.lockfileVersion).toBe(3);
});

test.each(["dependencies", "devDependencies", "overrides"])("package.json %s are exact versions", (field) => {
  const loose = Object.entries((pkg[field] ?? {}) as Record<string, string>).filter(([, v]) => !EXACT.test(v));
  expect(loose).toEqual([]);
});

test("the lock's root lists exactly package.json's dependencies, and installs each at its pinned version", () => {
  expect(lock.packages[""].dependencies).toEqual(pkg.dependencies);
  expect(lock.packages[""].devDependencies).toEqual(pkg.devDependencies);
  for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
    expect([name, lock.packages[`node_modules/${name}`]?.version]).toEqual([name, version]);
  }
});

test("every override holds wherever the lock has that package", () => {
  for (const [name, version] of Object.entries((pkg.overrides ?? {}) as Record<string, string>)) {
    const found = entries.filter(([p]) => nameOf(p) === name).map(([, e]) => e.version);
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found)).toEqual(new Set([version]));
  }
});

test("every locked package comes from the npm registry with a sha512 integrity", () => {
  /*
   * `resolved` is absent here because the machine's npm config sets
   * omit-lockfile-registry-resolved=true: npm then fetches from the configured
   * registry (registry.npmjs.org) and still checks each tarball against `integrity`.
   * A `resolved` that is present must point at that registry; no git, file or link packages.
   */
  const bad = entries.filter(([, e]) => e.link || !EXACT.test(e.version) || !/^sha512-[A-Za-z0-9+/]+=*$/.test(e.integrity ?? "") || (e.resolved !== undefined && !e.resolved.startsWith("https://registry.npmjs.org/")));
  expect(bad.map(([p]) => p)).toEqual([]);
  expect(entries.length).toBeGreaterThan(1000);
});

describe("runtime dependencies", () => {
  const { packages, via } = deps.runtimePackages();

  test("are what the lock marks as not dev-only, and each is installed at its locked version", () => {
    // Optional packages are the sideload tool's (office-addin-debugging, left out where keytar cannot be built), never the CLI's.
    const prod = entries.filter(([, e]) => !e.dev && !e.devOptional && !e.optional).map(([p]) => p).sort();
    expect([...via.keys()].sort()).toEqual(prod);
    const wrong = prod.filter((p) => {
      const file = path.join(ROOT, p, "package.json");
      return !fs.existsSync(file) || JSON.parse(fs.readFileSync(file, "utf8")).version !== packages[p].version;
    });
    expect(wrong).toEqual([]);
  });

  test("docs/sicherheit.md lists them as scripts/runtime-deps.js does (node scripts/runtime-deps.js --write)", () => {
    expect(deps.documented()).toBe(deps.render());
  });

});

/*
 * Advisories known for versions of packages in the lock (since recalc reads
 * workbooks itself, these come only with the test tools exceljs and JSZip),
 * with the version that fixed them (docs/sicherheit.md).
 */
describe("locked packages with known advisories", () => {
  const locked = entries.map(([p, e]) => [p, e.version] as [string, string]);
  const FLOORS: [string, string, string][] = [
    ["fstream", "1.0.12", "CVE-2019-13173"],
    ["unzipper", "0.8.13", "CVE-2018-1002203"],
    ["tmp", "0.2.4", "CVE-2025-54798"],
    ["jszip", "3.8.0", "CVE-2022-48285, CVE-2021-23413"],
    ["@fast-csv/parse", "4.3.6", "CVE-2020-26256"],
    ["minimist", "1.2.6", "CVE-2021-44906"],
    ["minimatch", "3.0.5", "CVE-2022-3517"],
  ];
  const atLeast = (v: string, floor: string) => {
    const [a, b] = [v, floor].map((x) => x.split(/[.-]/).slice(0, 3).map(Number));
    for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
    return true;
  };

  test.each(FLOORS)("%s is at least %s (%s)", (name, floor) => {
    const versions = locked.filter(([p]) => nameOf(p) === name).map(([, v]) => v);
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.filter((v) => !atLeast(v, floor))).toEqual([]);
  });

  test("brace-expansion has the ReDoS fix of CVE-2025-5889 in each major line (1.1.12, 2.0.2)", () => {
    const versions = locked.filter(([p]) => nameOf(p) === "brace-expansion").map(([, v]) => v);
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.filter((v) => !atLeast(v, v.startsWith("1.") ? "1.1.12" : "2.0.2"))).toEqual([]);
  });
});
