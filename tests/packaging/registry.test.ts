// server.json, the entry for the official MCP registry: valid against the registry's published
// schema (vendored in schemas/registry/, source and version in its README), named as package.json's
// mcpName (the registry's ownership check for npm packages), and listing exactly the environment
// variables the server reads, with defaults and choices the server itself accepts.
import AjvModule from "ajv";
import addFormatsModule from "ajv-formats";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../../src/core/config.js";
import { selectTools, SPECIAL_TOOLSETS } from "../../src/core/tool-selection.js";
import { allTools, defaultTools, defaultToolsets, toolsetNames } from "../../src/tools/index.js";

const ROOT = new URL("../../", import.meta.url);
const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, ROOT), "utf8"));

interface EnvironmentVariable {
  name: string;
  description?: string;
  isRequired?: boolean;
  isSecret?: boolean;
  format?: string;
  default?: string;
  choices?: string[];
}
interface ServerJson {
  $schema: string;
  name: string;
  version: string;
  packages: { registryType: string; identifier: string; transport: { type: string }; environmentVariables?: EnvironmentVariable[] }[];
}

const schema = readJson("schemas/registry/server.schema.json") as { $id: string; $schema: string };
const server = readJson("server.json") as ServerJson;
const packageJson = readJson("package.json") as { name: string; mcpName?: string };
const configSource = readFileSync(new URL("src/core/config.ts", ROOT), "utf8");

/**
 * Variables the server reads that server.json leaves out on purpose. The registry entry describes
 * the stdio package; these only matter with `--http`, which a registry client does not start.
 */
const NOT_LISTED = new Set([
  "CHATWOOT_MCP_HOST", // --http: address to listen on
  "CHATWOOT_MCP_PORT", // --http: port
  "CHATWOOT_MCP_AUTH_TOKEN", // --http: bearer token clients must send to /mcp
  "CHATWOOT_MCP_ALLOWED_ORIGINS", // --http: extra browser Origins
]);

/** The registry validator: ajv for the schema's draft-07, with the formats it names ("uri"); compiled once. */
const registryValidator = (() => {
  let compiled: ReturnType<typeof compile> | undefined;
  return () => (compiled ??= compile());
})();

function compile() {
  // ajv and ajv-formats are CommonJS with a `default` export beside module.exports
  const Ajv = AjvModule.default;
  const addFormats = addFormatsModule.default;
  expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv);
  ajv.addKeyword("example"); // an OpenAPI annotation the registry's schema carries; no effect on validation
  return ajv.compile(schema);
}

/** The names loadConfig reads from the environment, recorded as it reads them. */
function namesConfigReads(): string[] {
  const read = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get: (_target, key) => (typeof key === "string" && read.add(key), undefined),
  });
  loadConfig(env);
  return [...read].sort();
}

/** Which tools a configuration offers (the selection the server makes from it). */
function offered(config: Config): string[] {
  return selectTools({ tools: allTools, toolsetNames, defaultToolsets, defaultTools }, {
    toolsets: config.toolsets,
    tools: config.tools,
    excludeTools: config.excludeTools,
    readOnly: config.readOnly,
    hasPlatformToken: config.platformAppToken !== undefined,
  }).tools.map((tool) => tool.name);
}

const [npmPackage] = server.packages;
const variables = npmPackage?.environmentVariables ?? [];

describe("server.json (MCP registry entry)", () => {
  it("is valid against the registry's published schema, the version its $schema names", () => {
    expect(server.$schema).toBe(schema.$id);
    const validate = registryValidator();
    expect(validate(server), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it("is checked by a validator that rejects what the registry rejects", () => {
    const validate = registryValidator();
    const broken = structuredClone(server);
    broken.name = "chatwoot-mcp"; // no namespace
    expect(validate(broken)).toBe(false);
    const latest = structuredClone(server) as ServerJson & { packages: { version?: string }[] };
    latest.packages[0]!.version = "latest";
    expect(validate(latest)).toBe(false);
    expect(validate({ ...server, description: "x".repeat(101) })).toBe(false);
  });

  it("has the name package.json's mcpName holds, which the registry checks for npm packages", () => {
    expect(packageJson.mcpName, 'package.json has no "mcpName": add "mcpName": "' + server.name + '" (the registry requires it to equal server.json\'s name)').toBeDefined();
    expect(packageJson.mcpName).toBe(server.name);
  });

  it("describes the npm package chatwoot-mcp over stdio", () => {
    expect(server.packages).toHaveLength(1);
    expect(npmPackage).toMatchObject({ registryType: "npm", identifier: packageJson.name, transport: { type: "stdio" } });
  });

  it("lists every variable the server reads from the environment, and no other", () => {
    const read = namesConfigReads();
    expect(read.length).toBeGreaterThanOrEqual(10);
    const listed = variables.map((variable) => variable.name);
    expect(new Set(listed).size).toBe(listed.length);
    expect(read.filter((name) => !listed.includes(name) && !NOT_LISTED.has(name)), "read by src/core/config.ts but not in server.json (nor in NOT_LISTED)").toEqual([]);
    for (const name of listed) {
      expect(read, `${name} is in server.json but src/core/config.ts does not read it`).toContain(name);
      expect(configSource).toContain(`"${name}"`);
    }
    for (const name of NOT_LISTED) expect(read, `NOT_LISTED names ${name}, which config.ts no longer reads`).toContain(name);
  });

  it("marks the tokens secret, and only them; requires only the access token", () => {
    for (const variable of variables) {
      expect(variable.description, `${variable.name} needs a description`).toMatch(/\S/);
      expect(variable.isSecret ?? false, `${variable.name}: isSecret`).toBe(/_TOKEN$/.test(variable.name));
    }
    // the server starts without it, but every account API tool (all of the default set) needs it
    expect(variables.filter((variable) => variable.isRequired).map((variable) => variable.name)).toEqual(["CHATWOOT_API_ACCESS_TOKEN"]);
  });

  it("states defaults that are what the server does when the variable is unset", () => {
    const unset = loadConfig({});
    const withDefaults = variables.filter((variable) => variable.default !== undefined);
    expect(withDefaults.map((variable) => variable.name)).toContain("CHATWOOT_BASE_URL");
    for (const variable of withDefaults) {
      expect(variable.isRequired ?? false, `${variable.name} has a default, so it is not required`).toBe(false);
      const set = loadConfig({ [variable.name]: variable.default });
      expect(set.problems, variable.name).toEqual([]);
      if (variable.name === "CHATWOOT_TOOLSETS") expect(offered(set)).toEqual(offered(unset));
      else expect(set, variable.name).toEqual(unset);
    }
  });

  it("offers only choices and numbers the server accepts", () => {
    for (const variable of variables) {
      for (const choice of variable.choices ?? []) expect(loadConfig({ [variable.name]: choice }).problems, `${variable.name}=${choice}`).toEqual([]);
      if (variable.format === "number") expect(loadConfig({ [variable.name]: variable.default ?? "7" }).problems, variable.name).toEqual([]);
      if (variable.format === "boolean") expect(variable.choices).toEqual(["true", "false"]);
    }
  });

  it("names exactly the toolsets the server has in CHATWOOT_TOOLSETS' description", () => {
    const description = variables.find((variable) => variable.name === "CHATWOOT_TOOLSETS")?.description ?? "";
    const named = /Toolsets: ([a-z_, ]+)\.$/.exec(description)?.[1]?.split(", ");
    expect(named, 'the description ends with "Toolsets: a, b, c."').toBeDefined();
    expect([...named!].sort()).toEqual([...SPECIAL_TOOLSETS, ...toolsetNames].sort());
  });
});
