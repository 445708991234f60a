/*
 * Whether the sideload tool is installed: office-addin-debugging is an
 * optional dependency, which npm leaves out where its keychain module
 * (keytar) cannot be built. npm start and npm stop ask.
 */
const path = require("path");

const root = path.resolve(__dirname, "..");

function hasSideloadTool() {
  try {
    require.resolve("office-addin-debugging/package.json", { paths: [root] });
    return true;
  } catch {
    return false;
  }
}

module.exports = { hasSideloadTool };
