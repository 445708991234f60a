#!/usr/bin/env node
/*
 * npm start: runs the product.
 * - Shows the CLI on one formula (the same engine the add-in uses).
 * - Windows/macOS with Excel desktop: office-addin-debugging builds, serves and sideloads.
 * - Elsewhere (Linux, or for Excel on the web): serves the add-in over https on
 *   localhost:3000 and prints how to upload manifest.xml in Excel on the web.
 */
const { spawn, spawnSync } = require("child_process");
const path = require("path");
const { hasSideloadTool } = require("./sideload-tool");

const root = path.resolve(__dirname, "..");
const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const port = process.env.npm_package_config_dev_server_port || 3000;

const demo = spawnSync(process.execPath, [path.join(root, "bin", "honorar.js"), "eval", "=PRAXIS.GOAE_BETRAG(812;2,3)"], { encoding: "utf8" });
console.log(`CLI: npx honorar eval '=PRAXIS.GOAE_BETRAG(812;2,3)'  →  ${demo.stdout.trim() || demo.stderr.trim()}`);

const wantsDesktop = (process.platform === "win32" || process.platform === "darwin") && !process.argv.includes("--web");
const desktop = wantsDesktop && hasSideloadTool();
if (wantsDesktop && !desktop) {
  console.log("office-addin-debugging fehlt (optional, von npm ausgelassen, weil sein Schlüsselbund-Modul keytar hier nicht gebaut werden konnte):\nkein automatisches Sideload; das Add-in wie für Excel im Web hochladen (unten).");
}
if (desktop) {
  console.log("Excel desktop: baue, starte den Dev-Server und lade das Add-in per Sideload (office-addin-debugging) …");
  const child = spawn(npx, ["office-addin-debugging", "start", "manifest.xml", "desktop"], { cwd: root, stdio: "inherit" });
  child.on("exit", (code) => process.exit(code ?? 0));
} else {
  console.log(`
Dev-Server: https://localhost:${port}/taskpane.html

Excel im Web (auch unter Linux):
  1. Zertifikat: "npx office-addin-dev-certs install" erzeugt eine lokale CA unter
     ~/.office-addin-dev-certs; unter Linux diese ca.crt im Browser als vertrauenswürdig
     importieren (das Tool selbst kann es ohne sudo nicht).
  2. Eine Arbeitsmappe in Excel im Web öffnen: Start > Add-ins > Weitere Add-ins >
     Meine Add-ins > Mein Add-In hochladen > ${path.join(root, "manifest.xml")}
  3. In einer Zelle: =PRAXIS.EBM_HONORAR(35401; 2025)
Excel Desktop (Windows/macOS): npm start sideloadt dort automatisch.
Beenden: Strg+C
`);
  const child = spawn(npx, ["webpack", "serve", "--mode", "development"], { cwd: root, stdio: "inherit" });
  child.on("exit", (code) => process.exit(code ?? 0));
}
