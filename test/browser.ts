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
export async function launchChromium(profilePrefix: string, viewport?: { width: number; height: number }): Promise<Launched> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} fehlt: apt-get install chromium (.ci/run installiert es).`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), profilePrefix));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ...(viewport ? { viewport } : {}),
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
