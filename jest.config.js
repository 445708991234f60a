/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }] },
  moduleFileExtensions: ["ts", "js", "json"],
  // Many tests spawn the CLI or read whole workbooks; on a loaded machine Jest's 5 s default failed correct tests. Speed is measured in bench/, never asserted here.
  testTimeout: 60_000,
  // office-addin-mock requires office-addin-manifest only for an enum; its ESM-only dependencies do not load under Jest.
  moduleNameMapper: { "^office-addin-manifest$": "<rootDir>/test/stubs/office-addin-manifest.js" },
};
