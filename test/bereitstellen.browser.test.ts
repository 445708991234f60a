import { spawnSync } from "child_process";
import fs from "fs";
import https from "https";
import { AddressInfo, createServer } from "net";
import os from "os";
import path from "path";
import { Page } from "playwright-core";
import { FAKE_OFFICE, Launched, launchChromium, OFFICE_JS, ROOT } from "./browser";

/*
 * The add-in as an administrator deploys it: built with ADDIN_URL for a host
 * that is not the dev server, served by a plain static HTTPS server (not
 * webpack) under a path of its own, on another origin. Every URL of the built
 * manifest must answer, and the task pane and the functions must load from
 * there in Chromium. The certificate is a throwaway one made by openssl for 127.0.0.1.
 */
jest.setTimeout(240_000);

const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "honorar-bereitstellen-"));
const dist = path.join(dir, "dist");
const PFAD = "/honorar/";
let origin: string;
let server: https.Server;
let chromium: Launched;
let page: Page;
let manifest: string;
const requested: { url: string; status: number }[] = [];

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "application/javascript", ".json": "application/json", ".css": "text/css", ".png": "image/png", ".xml": "application/xml" };

/** GET over HTTPS, trusting the test's own certificate only. */
function get(url: string, ca: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    https.get(url, { ca }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on("error", reject);
  });
}

beforeAll(async () => {
  const port = await freePort();
  origin = `https://127.0.0.1:${port}`;
  const build = spawnSync(npx, ["webpack", "--mode", "production", "--output-path", dist, "--stats", "errors-only"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ADDIN_URL: `${origin}${PFAD}` },
  });
  expect(build.status).toBe(0);
  const ssl = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { encoding: "utf8" });
  expect(ssl.status).toBe(0);
  // A static host: files under PFAD, nothing else; no webpack, no rewriting.
  server = https.createServer({ key: fs.readFileSync(path.join(dir, "key.pem")), cert: fs.readFileSync(path.join(dir, "cert.pem")) }, (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url!, origin).pathname);
    const file = path.join(dist, path.normalize(pathname.slice(PFAD.length)));
    if (!pathname.startsWith(PFAD) || !file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  manifest = fs.readFileSync(path.join(dist, "manifest.xml"), "utf8");
  chromium = await launchChromium("honorar-bereitstellen-", { width: 420, height: 1000 }, true);
  page = await chromium.browser.newPage();
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS) return route.fulfill({ status: 200, contentType: "application/javascript", body: FAKE_OFFICE });
    if (url.startsWith(origin)) return route.continue();
    requested.push({ url, status: -1 });
    return route.abort();
  });
  page.on("response", (r) => {
    if (r.url().startsWith(origin)) requested.push({ url: r.url(), status: r.status() });
  });
});

afterAll(async () => {
  await chromium?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
});

test("the built manifest names the host everywhere: no localhost left, the app domain is its origin", () => {
  expect(manifest).not.toMatch(/localhost/);
  expect(manifest).toContain(`<AppDomain>${origin}</AppDomain>`);
  expect(manifest).toContain(`<SourceLocation DefaultValue="${origin}${PFAD}taskpane.html"/>`);
});

test("every URL in the built manifest answers 200 from the static host", async () => {
  const urls = [...new Set([...manifest.matchAll(/(?:DefaultValue|Value)="(https:\/\/[^"]+)"/g)].map((m) => m[1]))];
  // Icons, task pane, functions script, metadata in German and English, support and learn-more pages.
  expect(urls.length).toBeGreaterThanOrEqual(8);
  const ca = fs.readFileSync(path.join(dir, "cert.pem"));
  const answers = await Promise.all(urls.map(async (u) => [u, await get(u, ca)] as const));
  expect(answers.filter(([u]) => !u.startsWith(`${origin}${PFAD}`))).toEqual([]);
  expect(answers.filter(([, status]) => status !== 200)).toEqual([]);
});

test("the task pane and the functions load from the host in Chromium, nothing from anywhere else", async () => {
  await page.goto(`${origin}${PFAD}taskpane.html`);
  await page.waitForSelector('#werte .karte[data-key="ebm.orientierungswert"]', { timeout: 30_000 });
  const scripts = requested.filter((r) => r.url.endsWith(".js")).map((r) => [r.url.slice(origin.length), r.status]);
  expect(scripts).toEqual(
    expect.arrayContaining([
      [`${PFAD}runtime.js`, 200],
      [`${PFAD}shared.js`, 200],
      [`${PFAD}functions.js`, 200],
      [`${PFAD}taskpane.js`, 200],
      [expect.stringMatching(/^\/honorar\/texte\.[0-9a-f]{8}\.js$/), 200],
    ]),
  );
  expect(requested.filter((r) => r.status !== 200)).toEqual([]);
  fs.mkdirSync(path.join(ROOT, "test-results"), { recursive: true });
  await page.screenshot({ path: path.join(ROOT, "test-results", "bereitstellung.png") });
});
