import fs from "fs";
import http from "http";
import { AddressInfo } from "net";
import os from "os";
import path from "path";
import { BrowserContext, chromium } from "playwright-core";

/*
 * What the browser tests share: dist/ served on a loopback port, and Debian's
 * Chromium (never a downloaded browser) in a fresh profile. CI installs the
 * chromium package; without it these tests fail rather than skip.
 */
export const ROOT = path.join(__dirname, "..");
export const DIST = path.join(ROOT, "dist");
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "application/javascript", ".json": "application/json", ".css": "text/css", ".png": "image/png" };

// Just enough of Office for the page to start: settings in memory, recalculation a no-op.
export const FAKE_OFFICE = `
window.CustomFunctions = {
  associate: function () {},
  Error: function (code, message) { this.code = code; this.message = message; },
  ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", invalidNumber: "#NUM!" }
};
window.Office = {
  onReady: function (cb) { var info = { host: "Excel", platform: "OfficeOnline" }; setTimeout(function () { if (cb) cb(info); }, 0); return Promise.resolve(info); },
  context: { displayLanguage: "de-DE", document: { settings: {
    get: function () { return null; }, set: function () {}, remove: function () {},
    saveAsync: function (cb) { if (cb) cb({ status: "succeeded" }); }
  } } }
};
window.Excel = { CalculationType: { full: "Full" }, run: function (batch) { return Promise.resolve(batch({ workbook: { functions: { date: function () { return { value: 1462, load: function () {} }; } }, application: { calculate: function () {} } }, sync: function () { return Promise.resolve(); } })); } };
`;

export interface Served {
  base: string;
  close(): Promise<void>;
}

/** Serves dist/ on 127.0.0.1 at a free port; nothing outside dist/ is reachable. */
export async function serveDist(): Promise<Served> {
  const server = http.createServer((req, res) => {
    const file = path.join(DIST, path.normalize(decodeURIComponent(new URL(req.url!, "http://x").pathname)));
    if (!file.startsWith(DIST) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export interface Launched {
  browser: BrowserContext;
  close(): Promise<void>;
}

/**
 * Headless Chromium in a fresh profile, so no state of an earlier run or of the
 * machine's user leaks in; background networking off, since this machine has no network.
 */
export async function launchChromium(profilePrefix: string, viewport?: { width: number; height: number }, ignoreHTTPSErrors = false): Promise<Launched> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} fehlt: apt-get install chromium (.ci/run installiert es).`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), profilePrefix));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ...(viewport ? { viewport } : {}),
    // Only for a test's own self-signed certificate on 127.0.0.1.
    ignoreHTTPSErrors,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
