/* eslint-disable no-undef */
const fs = require("fs");
const os = require("os");
const path = require("path");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const { NormalModuleReplacementPlugin } = require("webpack");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const { LocalizeFunctionsPlugin } = require("./scripts/localize-functions");

const URL_DEV = "https://localhost:3000/";
// The production host is set at build time; without it the built manifest keeps the dev URL.
const URL_PROD = addinUrl(process.env.ADDIN_URL);

/**
 * The address dist/ will be served from: Office loads add-ins over HTTPS only
 * ("Requirements for running Office Add-ins", Microsoft Learn), and every URL
 * of the manifest is this address plus a file name, so it must end with "/".
 */
function addinUrl(value) {
  if (value === undefined || value === "") return URL_DEV;
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`ADDIN_URL "${value}" ist keine URL; erwartet z. B. https://addins.example.org/honorar/`);
  }
  if (url.protocol !== "https:" || url.search || url.hash || !url.pathname.endsWith("/") || url.username || url.password) {
    throw new Error(`ADDIN_URL "${value}": Office lädt Add-ins nur über https; die Adresse endet mit "/" und hat weder Anmeldedaten noch ?… oder #…, z. B. https://addins.example.org/honorar/`);
  }
  return url.href;
}

/** The manifest for the host: every URL moved to it, and the app domain its origin (scheme, host and port). */
function manifestFor(content) {
  const origin = new URL(URL_PROD).origin;
  return content.split(URL_DEV).join(URL_PROD).split(`<AppDomain>${new URL(URL_DEV).origin}</AppDomain>`).join(`<AppDomain>${origin}</AppDomain>`);
}

async function httpsOptions() {
  try {
    const devCerts = require("office-addin-dev-certs");
    return await devCerts.getHttpsServerOptions();
  } catch (e) {
    // On Linux the tool generates its certificates but cannot trust its CA without sudo;
    // the generated files still serve, and the user trusts ca.crt in the browser.
    const dir = path.join(os.homedir(), ".office-addin-dev-certs");
    const file = (name) => path.join(dir, name);
    if (["localhost.key", "localhost.crt", "ca.crt"].every((n) => fs.existsSync(file(n)))) {
      console.warn(`office-addin-dev-certs: CA nicht installiert (${e.message.trim()}); nutze ${dir}.`);
      return { key: fs.readFileSync(file("localhost.key")), cert: fs.readFileSync(file("localhost.crt")), ca: fs.readFileSync(file("ca.crt")) };
    }
    console.warn(`office-addin-dev-certs: ${e.message.trim()}; nutze ein selbstsigniertes Zertifikat.`);
    return undefined;
  }
}

module.exports = async (env, options) => {
  const dev = options.mode === "development";
  return {
    devtool: dev ? "source-map" : false,
    entry: {
      functions: "./src/functions/functions.ts",
      taskpane: "./src/taskpane/taskpane.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      // Loaded on demand (the tables' texts, the pane's Fluent UI): the hash in the name keeps a cached copy from ever meeting numbers of another build.
      chunkFilename: "[name].[contenthash:8].js",
      // Chunks sit beside taskpane.html, the page that loads them; "auto" would look for the current script, which a vm test lacks.
      publicPath: "",
      clean: true,
    },
    resolve: { extensions: [".ts", ".js"] },
    module: {
      rules: [
        // ES modules let webpack hoist the modules into one scope and drop unused exports.
        { test: /\.ts$/, exclude: /node_modules/, use: { loader: "ts-loader", options: { configFile: "tsconfig.webpack.json", onlyCompileBundledFiles: true, compilerOptions: { module: "es2020" } } } },
        // The data tables travel packed (src/data/packed.ts) and unpack to the same JSON on load.
        { test: /[\\/]src[\\/]data[\\/][^\\/]+\.json$/, type: "javascript/auto", use: path.resolve(__dirname, "scripts/pack-tables.js") },
      ],
    },
    // One runtime and one shared chunk: task pane and functions run on the same page in
    // Excel's shared runtime and must see the same module instances (settings!).
    optimization: {
      runtimeChunk: "single",
      // Only what both entries use is shared. Without its own vendors group, a package only the
      // task pane loads (Fluent UI, in a chunk it requests) stays out of shared.js, and the functions never load it.
      splitChunks: { chunks: "all", name: "shared", minSize: 0, cacheGroups: { defaultVendors: false, default: { minChunks: 2, reuseExistingChunk: true } } },
    },
    performance: { hints: false },
    plugins: [
      // WB_DEFIZIT's model is loaded later, with the texts: praxis.ts gets the stand-in that waits for it (src/api/wb.nachgeladen.ts says why).
      new NormalModuleReplacementPlugin(/^\.\/wb$/, (resolveData) => {
        if (/[\\/]src[\\/]api[\\/]praxis\.ts$/.test(resolveData.contextInfo.issuer)) resolveData.request = "./wb.nachgeladen";
      }),
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: "./src/functions/functions.ts" }),
      new LocalizeFunctionsPlugin(),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["runtime", "shared", "functions", "taskpane"],
        chunksSortMode: "manual",
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "src/taskpane/taskpane.css", to: "taskpane.css" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => (dev ? content : manifestFor(content.toString())),
          },
        ],
      }),
    ],
    devServer: {
      static: { directory: path.resolve(__dirname, "dist") },
      host: "localhost",
      headers: { "Access-Control-Allow-Origin": "*" },
      server: env && env.WEBPACK_BUILD ? "http" : { type: "https", options: await httpsOptions() },
      port: Number(process.env.npm_package_config_dev_server_port || 3000),
    },
  };
};
