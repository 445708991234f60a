import { XMLParser } from "fast-xml-parser";
import fs from "fs";
import path from "path";

/*
 * The manifest cannot be validated offline (Microsoft's validator is a web
 * service), so its structure is checked here: shared runtime, the
 * custom-functions extension point, namespace, and URLs that match what
 * webpack writes to dist/.
 */
const ROOT = path.join(__dirname, "..");
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" });

function load(file: string) {
  return parser.parse(fs.readFileSync(file, "utf8")).OfficeApp;
}

const app = load(path.join(ROOT, "manifest.xml"));
const host = app.VersionOverrides.Hosts.Host;
const res = app.VersionOverrides.Resources;
const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
const urls = new Map<string, string>(list(res["bt:Urls"]["bt:Url"]).map((u: Record<string, string>) => [u["@id"], u["@DefaultValue"]]));
const strings = new Map<string, string>(list(res["bt:ShortStrings"]["bt:String"]).map((u: Record<string, string>) => [u["@id"], u["@DefaultValue"]]));

test("identity: a GUID and a four-part version", () => {
  expect(app.Id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(app.Version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect(app.Hosts.Host["@Name"]).toBe("Workbook");
});

test("requires the shared runtime and declares exactly one long-lived runtime", () => {
  const sets = list(app.Requirements.Sets.Set);
  expect(sets).toContainEqual(expect.objectContaining({ "@Name": "SharedRuntime", "@MinVersion": "1.1" }));
  const runtimes = list(host.Runtimes.Runtime);
  expect(runtimes).toHaveLength(1);
  expect(runtimes[0]["@lifetime"]).toBe("long");
});

test("functions, function file and task pane all use the runtime's page", () => {
  const runtime = host.Runtimes.Runtime["@resid"];
  const cf = host.AllFormFactors.ExtensionPoint;
  expect(cf["@xsi:type"]).toBe("CustomFunctions");
  expect(cf.Page.SourceLocation["@resid"]).toBe(runtime);
  expect(host.DesktopFormFactor.FunctionFile["@resid"]).toBe(runtime);
  const button = host.DesktopFormFactor.ExtensionPoint.OfficeTab.Group.Control;
  expect(button.Action.SourceLocation["@resid"]).toBe(runtime);
  expect(button.Action.TaskpaneId).toBeUndefined();
});

test("the namespace is PRAXIS", () => {
  const cf = host.AllFormFactors.ExtensionPoint;
  expect(strings.get(cf.Namespace["@resid"])).toBe("PRAXIS");
});

test("every resid resolves and every URL is https and names a file webpack writes", () => {
  const xml = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");
  const ids = new Set([...urls.keys(), ...strings.keys(), ...list(res["bt:Images"]["bt:Image"]).map((i: Record<string, string>) => i["@id"]), ...list(res["bt:LongStrings"]["bt:String"]).map((i: Record<string, string>) => i["@id"])]);
  for (const m of xml.matchAll(/resid="([^"]+)"/g)) expect(ids).toContain(m[1]);
  const all = [...xml.matchAll(/(?:DefaultValue|Value)="(https?:\/\/[^"]+)"/g)].map((m) => m[1]);
  expect(all.length).toBeGreaterThan(5);
  for (const u of all) {
    expect(u.startsWith("https://localhost:3000/")).toBe(true);
    const file = u.replace("https://localhost:3000/", "");
    if (file) expect(fs.existsSync(path.join(ROOT, "dist", file))).toBe(true);
  }
  const cf = host.AllFormFactors.ExtensionPoint;
  expect(urls.get(cf.Metadata.SourceLocation["@resid"])).toMatch(/\/functions\.json$/);
  expect(urls.get(cf.Script.SourceLocation["@resid"])).toMatch(/\/functions\.js$/);
  expect(urls.get(host.Runtimes.Runtime["@resid"])).toMatch(/\/taskpane\.html$/);
});

test("the built manifest is the source manifest with the production URL", () => {
  const built = fs.readFileSync(path.join(ROOT, "dist", "manifest.xml"), "utf8");
  const source = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");
  const prod = process.env.ADDIN_URL || "https://localhost:3000/";
  expect(built).toBe(source.split("https://localhost:3000/").join(prod));
});
