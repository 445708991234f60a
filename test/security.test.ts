import fs from "fs";
import path from "path";
import { XMLParser } from "fast-xml-parser";
import { DIST, loadFunctionsBundle, NETWORK_GLOBALS } from "./vm-bundle";

/*
 * Security checks on what ships: the built bundles, the task pane page, the
 * manifest. docs/sicherheit.md explains each rule; these tests keep it true.
 */
const ROOT = path.join(__dirname, "..");
const read = (...p: string[]) => fs.readFileSync(path.join(...p), "utf8");

const bundles = fs.readdirSync(DIST).filter((f) => f.endsWith(".js"));

describe("built bundles", () => {
  test("dist holds the four bundles the task pane page loads", () => {
    expect(bundles).toEqual(expect.arrayContaining(["runtime.js", "shared.js", "functions.js", "taskpane.js"]));
  });

  // Code built from strings is what a Content-Security-Policy without 'unsafe-eval' refuses.
  const CODE_FROM_STRING: [string, RegExp][] = [
    ["eval(", /(^|[^\w$.])eval\s*\(/],
    ["new Function", /\bnew\s+Function\s*\(/],
    ["Function(", /(^|[^\w$.])Function\s*\(/],
    ["setTimeout with text", /\bset(Timeout|Interval)\s*\(\s*["'`]/],
  ];

  test.each(bundles)("%s builds no code from strings", (file) => {
    const code = read(DIST, file);
    expect(CODE_FROM_STRING.filter(([, re]) => re.test(code)).map(([name]) => name)).toEqual([]);
  });

  test("webpack uses no eval-based source maps, in production or development", async () => {
    // The config is a function of (env, argv); WEBPACK_BUILD skips the dev server's certificates.
    const config = require(path.join(ROOT, "webpack.config.js"));
    for (const mode of ["production", "development"]) {
      const { devtool } = await config({ WEBPACK_BUILD: true }, { mode });
      expect(`${mode}: ${String(devtool)}`).not.toMatch(/eval/);
    }
    expect((await config({ WEBPACK_BUILD: true }, { mode: "production" })).devtool).toBe(false);
  });

  const texte = bundles.filter((f) => /^texte\.[0-9a-f]{8}\.js$/.test(f));
  test.each(["runtime.js", "shared.js", "functions.js", ...texte])("%s (loaded for the functions) names no network API", (file) => {
    const code = read(DIST, file);
    const found = ["fetch", "XMLHttpRequest", "WebSocket", "EventSource", "importScripts", "sendBeacon"].filter((name) => new RegExp(`\\b${name}\\b`).test(code));
    expect(found).toEqual([]);
  });

  test("the Excel bundles carry decimal.js and no package of the CLI (HyperFormula, exceljs and its zip libraries)", () => {
    const code = bundles.map((f) => read(DIST, f)).join("\n");
    expect(["HyperFormula", "hyperformula", "exceljs", "ExcelJS", "unzipper", "JSZip", "archiver"].filter((name) => code.includes(name))).toEqual([]);
    expect(read(DIST, "shared.js.LICENSE.txt")).toMatch(/decimal\.js v10\.6\.0/);
  });

  test("with every network API a trap, all functions bind and compute, and none is touched", async () => {
    const { bound, meta, networkAttempts, chunkRequests } = loadFunctionsBundle();
    expect(NETWORK_GLOBALS.length).toBe(6);
    expect([...bound.keys()].sort()).toEqual(meta.functions.map((f) => f.id).sort());
    // README examples: seed 003 (108,14 €), seed 002 (67,03 €), seed 001 (4.479,30 € and 15.545 min).
    expect(bound.get("EBM_HONORAR")!(35401, 2023, null)).toBe(108.14);
    expect(bound.get("GOAE_BETRAG")!(812, 2.3, null, null)).toBe(67.03);
    expect(bound.get("ABSTAFFELUNG")!(4725, 3150, "KVNO", 2011, null)).toBe(4479.3);
    expect(bound.get("KAPAZITAETSGRENZE")!(0.5, 4000, null)).toBe(15545);
    // Every other function once with its parameters left empty: an answer or an Excel error, never a request.
    for (const f of meta.functions) {
      try {
        await bound.get(f.id)!(...f.parameters.map(() => null));
      } catch {
        // errors are checked elsewhere; here only the network matters
      }
    }
    expect(networkAttempts).toEqual([]);
    // The one script the functions add to the page: the tables' texts, from the add-in's own folder.
    expect(chunkRequests).toEqual(texte);
  });
});

/** The policy of a page's meta http-equiv Content-Security-Policy, directive → sources. */
function csp(html: string): Map<string, string[]> {
  const meta = /<meta\s[^>]*http-equiv="?Content-Security-Policy"?[^>]*>/i.exec(html);
  if (!meta) throw new Error("keine Content-Security-Policy im <meta>");
  const content = /content="([^"]*)"/i.exec(meta[0])![1];
  return new Map(
    content
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

describe.each([
  ["src/taskpane/taskpane.html", path.join(ROOT, "src", "taskpane", "taskpane.html")],
  ["dist/taskpane.html", path.join(DIST, "taskpane.html")],
])("Content-Security-Policy of %s", (_, file) => {
  const html = fs.readFileSync(file, "utf8");
  const policy = csp(html);

  test("everything not named is refused", () => {
    expect(policy.get("default-src")).toEqual(["'none'"]);
  });

  test("scripts only from the add-in and office.js's CDN; no inline script, no eval", () => {
    expect(policy.get("script-src")).toEqual(["'self'", "https://appsforoffice.microsoft.com"]);
  });

  test("requests only to the add-in's own origin (functions.json for the formula reference)", () => {
    expect(policy.get("connect-src")).toEqual(["'self'"]);
  });

  test("styles and images from the add-in, a frame only for office.js's error page, no <base>, no form posts", () => {
    expect(policy.get("style-src")).toEqual(["'self'"]);
    expect(policy.get("img-src")).toEqual(["'self'"]);
    expect(policy.get("frame-src")).toEqual(["https://appsforoffice.microsoft.com"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("form-action")).toEqual(["'none'"]);
  });

  test("no directive a meta policy ignores (frame-ancestors, report-uri, sandbox), and nothing unsafe anywhere", () => {
    expect([...policy.keys()].filter((d) => ["frame-ancestors", "report-uri", "sandbox"].includes(d))).toEqual([]);
    const all = [...policy.values()].flat();
    expect(all.filter((s) => /unsafe|^\*$|^data:|^blob:|^https?:$/.test(s))).toEqual([]);
  });

  test("the policy comes before the first script, and the page has no inline script, handler or style", () => {
    expect(html.search(/http-equiv="?Content-Security-Policy/i)).toBeLessThan(html.search(/<script/i));
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter(([, attrs, body]) => !/\ssrc=/.test(attrs) || body.trim() !== "").length).toBe(0);
    expect(html).not.toMatch(/\son[a-z]+=|\sstyle=|javascript:/i);
  });
});

describe("manifest", () => {
  const manifest = new XMLParser().parse(read(ROOT, "manifest.xml"));

  test("asks for ReadWriteDocument, because the task pane uses the Excel JavaScript API", () => {
    /*
     * Why not less: the workbook's settings alone would do with Restricted ("allows use of the
     * Settings object API", [MS-OWEMXML] 2.3.35 ST_Permissions1; "Requesting permissions for API
     * use in add-ins", Restricted row). But after a change of KV or Stichtag the task pane runs
     * Excel.run(… application.calculate(Full)), the application-specific Excel API, which belongs to
     * "all remaining API supported by add-ins" that only ReadWriteDocument grants (same article).
     * Should the recalculation go, this test fails and the permission can be lowered to Restricted.
     */
    expect(manifest.OfficeApp.Permissions).toBe("ReadWriteDocument");
    const taskpane = fs.readdirSync(path.join(ROOT, "src", "taskpane")).map((f) => read(ROOT, "src", "taskpane", f)).join("\n");
    expect(taskpane).toMatch(/\bexcel\.run\(/i);
    expect(taskpane).toMatch(/application\.calculate\(/);
  });

  test("every URL in the manifest is https on one origin, the add-in's", () => {
    const urls = [...read(ROOT, "manifest.xml").matchAll(/(?:DefaultValue|Value)="(https?:\/\/[^"]+)"|<AppDomain>([^<]+)</g)].map((m) => m[1] ?? m[2]);
    expect(urls.length).toBeGreaterThan(5);
    expect([...new Set(urls.map((u) => new URL(u).origin))]).toEqual(["https://localhost:3000"]);
  });
});
