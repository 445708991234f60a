import { Page } from "playwright-core";
import { FAKE_OFFICE, Launched, launchChromium, OFFICE_JS, Served, serveDist } from "./browser";

/*
 * The task pane's Content-Security-Policy in Debian's Chromium: the built page
 * works under it without a single violation (office.js faked as in
 * taskpane.browser.test.ts), and the policy is really enforced: an injected
 * inline script does not run and eval is refused, each reported as a violation.
 */
jest.setTimeout(120_000);


// Runs before any page script and records what the browser refuses.
const RECORD_VIOLATIONS = `
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.effectiveDirective + " " + (e.blockedURI || ""));
});
`;

// Tries eval as the add-in's own code would; under the policy it must throw.
const EVAL_PROBE = `try { window.__eval = String(eval("1 + 1")); } catch (e) { window.__eval = e.name; }`;

let served: Served;
let chromium: Launched;
let page: Page;
const consoleProblems: string[] = [];
const violations = (): Promise<string[]> => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

beforeAll(async () => {
  served = await serveDist();
  const base = served.base;
  chromium = await launchChromium("honorar-csp-");
  page = await chromium.browser.newPage();
  await page.addInitScript(RECORD_VIOLATIONS);
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning" || /Content Security Policy/i.test(m.text())) consoleProblems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => consoleProblems.push(`pageerror: ${e.message}`));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS) return route.fulfill({ status: 200, contentType: "application/javascript", body: FAKE_OFFICE });
    if (url === `${base}/csp-probe.js`) return route.fulfill({ status: 200, contentType: "application/javascript", body: EVAL_PROBE });
    if (url.startsWith(base)) return route.continue();
    return route.abort();
  });
  await page.goto(`${base}/taskpane.html`);
  // The values table needs the scripts; the formula reference also needs functions.json (connect-src).
  await page.waitForSelector('#werte .karte[data-key="ebm.orientierungswert"]', { timeout: 30_000 });
  await page.waitForSelector("#formel-EBM_HONORAR", { timeout: 30_000 });
});

afterAll(async () => {
  await chromium?.close();
  await served?.close();
});

test("the page runs under its policy: values and formula reference shown, no violation, nothing in the console", async () => {
  expect(await page.locator("#formel-EBM_HONORAR").innerText()).toContain("=PRAXIS.EBM_HONORAR(");
  // Fluent UI's elements are defined and styled (constructed style sheets in their shadow roots, the theme's on the document) without 'unsafe-inline'.
  const fluent = await page.evaluate(() => {
    const button = document.querySelector("#uebernehmen") as HTMLElement;
    return {
      defined: ["fluent-button", "fluent-badge", "fluent-text-input", "fluent-message-bar"].filter((t) => customElements.get(t) !== undefined),
      sheets: button.shadowRoot?.adoptedStyleSheets.length ?? 0,
      theme: getComputedStyle(document.documentElement).getPropertyValue("--colorBrandBackground").trim(),
      background: getComputedStyle(button).backgroundColor,
    };
  });
  expect(fluent.defined).toEqual(["fluent-button", "fluent-badge", "fluent-text-input", "fluent-message-bar"]);
  expect(fluent.sheets).toBeGreaterThan(0);
  expect(fluent.theme).toMatch(/^#[0-9a-f]{6}$/i);
  // The primary button takes the theme's brand colour.
  const [r, g, b] = fluent.theme.slice(1).match(/../g)!.map((h) => parseInt(h, 16));
  expect(fluent.background).toBe(`rgb(${r}, ${g}, ${b})`);
  expect(await violations()).toEqual([]);
  expect(consoleProblems).toEqual([]);
});

test("the policy is enforced: an injected inline script does not run, eval is refused", async () => {
  const ran = await page.evaluate(async () => {
    const s = document.createElement("script");
    s.textContent = "window.__inline = true;";
    document.head.appendChild(s);
    await new Promise((r) => setTimeout(r, 50));
    return (window as unknown as { __inline?: boolean }).__inline === true;
  });
  expect(ran).toBe(false);
  // eval from a page script (a script of the add-in's origin); Playwright's own evaluate would bypass the policy.
  const evalError = await page.evaluate(async () => {
    const s = document.createElement("script");
    s.src = "/csp-probe.js";
    const loaded = new Promise((r) => (s.onload = r));
    document.head.appendChild(s);
    await loaded;
    return (window as unknown as { __eval?: string }).__eval;
  });
  expect(evalError).toBe("EvalError");
  await page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length >= 2, undefined, { timeout: 10_000 });
  expect((await violations()).map((v) => v.split(" ")[0]).sort()).toEqual(["script-src", "script-src-elem"]);
});
