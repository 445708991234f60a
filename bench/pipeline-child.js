/*
 * The CLI as bin/honorar.js starts it, reporting the process's peak resident
 * memory (getrusage ru_maxrss, in KB, worker thread included) on exit.
 */
process.on("exit", () => process.stderr.write(`maxrss_kb=${process.resourceUsage().maxRSS}\n`));
require("../lib/cli/start").main();
