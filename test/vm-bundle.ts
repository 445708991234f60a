import fs from "fs";
import path from "path";
import vm from "vm";

/*
 * The functions bundle Excel loads (runtime.js, shared.js, functions.js in the
 * order taskpane.html lists them), run in Node's vm with a fake CustomFunctions.
 * Every way a page script could reach the network is a trap that records the
 * attempt and throws, so a bundle that tried would both fail and be seen trying.
 */
export const DIST = path.join(__dirname, "..", "dist");

export const EXCEL_ERRORS = ["#VALUE!", "#N/A", "#NUM!"];

export class FakeError {
  constructor(readonly code: string, readonly message?: string) {}
}

const ErrorCode = { invalidValue: "#VALUE!", notAvailable: "#N/A", invalidNumber: "#NUM!", divisionByZero: "#DIV/0!", nullReference: "#NULL!", invalidName: "#NAME?", invalidReference: "#REF!" };

export interface Meta {
  functions: { id: string; parameters: { name: string; dimensionality?: string; repeating?: boolean }[]; result?: { dimensionality?: string } }[];
}

/** The globals through which a script in a page can send or fetch something. */
export const NETWORK_GLOBALS = ["fetch", "XMLHttpRequest", "WebSocket", "EventSource", "importScripts", "navigator.sendBeacon"];

/**
 * Loads the bundle. A chunk the bundle asks for (webpack adds a script element
 * to the page, as for the tables' texts) is read from dist/ and run in the same
 * context, as a browser would fetch it from the add-in's own folder;
 * `failChunks` makes that many requests fail first, as a lost connection would.
 */
type Script = { src: string; onload?: (e: unknown) => void; onerror?: (e: unknown) => void };

/**
 * Just enough of a page's document for webpack to load a chunk: the script
 * element it adds is read from dist/ and run in the sandbox (a vm context by then), or fails when
 * `fail()` says so or the file is not the add-in's own.
 */
export function fakeDocument(sandbox: object, requests: string[], fail: () => boolean = () => false): unknown {
  return {
    getElementsByTagName: () => [],
    createElement: (): Script & Record<string, unknown> => ({ src: "", setAttribute() {}, getAttribute: () => null }),
    head: {
      appendChild(script: Script) {
        requests.push(script.src);
        setTimeout(() => {
          const file = path.join(DIST, script.src);
          const ok = !fail() && !/[/:\\]/.test(script.src) && fs.existsSync(file);
          if (ok) vm.runInContext(fs.readFileSync(file, "utf8"), sandbox as vm.Context, { filename: script.src });
          (ok ? script.onload : script.onerror)?.({ type: ok ? "load" : "error", target: script });
        }, 0);
      },
    },
  };
}

export function loadFunctionsBundle(options: { failChunks?: number } = {}): {
  bound: Map<string, (...a: unknown[]) => unknown>;
  /** Ids bound more than once (a bundle that associates twice has two copies of a module). */
  duplicates: string[];
  meta: Meta;
  networkAttempts: string[];
  /** The src of every script element the bundle added, in order. */
  chunkRequests: string[];
  FakeError: typeof FakeError;
} {
  let failChunks = options.failChunks ?? 0;
  const chunkRequests: string[] = [];
  const bound = new Map<string, (...a: unknown[]) => unknown>();
  const duplicates: string[] = [];
  const networkAttempts: string[] = [];
  const trap = (name: string) =>
    function blocked(): never {
      networkAttempts.push(name);
      throw new Error(`${name} ist im Funktions-Bundle nicht erlaubt`);
    };
  const sandbox: Record<string, unknown> = {
    console,
    setTimeout,
    clearTimeout,
    CustomFunctions: {
      associate(id: string, fn: (...a: unknown[]) => unknown) {
        if (bound.has(id)) duplicates.push(id);
        bound.set(id, fn);
      },
      Error: FakeError,
      ErrorCode,
    },
    fetch: trap("fetch"),
    XMLHttpRequest: trap("XMLHttpRequest"),
    WebSocket: trap("WebSocket"),
    EventSource: trap("EventSource"),
    importScripts: trap("importScripts"),
    navigator: { sendBeacon: trap("navigator.sendBeacon"), language: "de-DE" },
  };
  sandbox.window = sandbox;
  sandbox.self = sandbox;
  // The sandbox becomes the context: the document runs chunks in it.
  sandbox.document = fakeDocument(sandbox, chunkRequests, () => failChunks-- > 0);
  const context = vm.createContext(sandbox);
  for (const file of ["runtime.js", "shared.js", "functions.js"]) {
    vm.runInContext(fs.readFileSync(path.join(DIST, file), "utf8"), context, { filename: file });
  }
  const meta: Meta = JSON.parse(fs.readFileSync(path.join(DIST, "functions.json"), "utf8"));
  return { bound, duplicates, meta, networkAttempts, chunkRequests, FakeError };
}
