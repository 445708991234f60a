#!/usr/bin/env node
// Runs the compiled CLI (lib/ is built by `npm ci`/`npm install` through the prepare script).
require("../lib/cli/start").main();
