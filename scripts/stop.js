#!/usr/bin/env node
/*
 * npm stop: ends what `npm start` sideloaded into Excel desktop. The sideload
 * tool is an optional dependency (npm leaves it out where its keychain module
 * cannot be built); without it nothing was sideloaded, and there is nothing to stop.
 */
const { spawn } = require("child_process");
const path = require("path");
const { hasSideloadTool } = require("./sideload-tool");

const root = path.resolve(__dirname, "..");
if (!hasSideloadTool()) {
  console.log("office-addin-debugging ist nicht installiert: es wurde nichts per Sideload geladen, also ist nichts zu beenden.");
  process.exit(0);
}
const npx = process.platform === "win32" ? "npx.cmd" : "npx";
spawn(npx, ["office-addin-debugging", "stop", "manifest.xml"], { cwd: root, stdio: "inherit" }).on("exit", (code) => process.exit(code ?? 0));
