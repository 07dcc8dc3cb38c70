import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoBackend, type DemoBackend } from "../../src/demo/backend.js";
import { SERVER_PATH } from "../helpers/spawn-server.js";

const USER_TOKEN = "doctor-right-user-token";
const PLATFORM_TOKEN = "doctor-right-platform-token";

let backend: DemoBackend;
let closedPort: number;
let other: Server;
let otherUrl: string;

/** A port that was just free on 127.0.0.1: nothing listens there. */
async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  backend = await startDemoBackend({ userToken: USER_TOKEN, platformToken: PLATFORM_TOKEN });
  closedPort = await freePort();
  // Not Chatwoot: an HTML sign-in page at /api, and an agent-bot answer for the profile.
  other = createHttpServer((req, res) => {
    if (req.url === "/bot/api") return void res.writeHead(200, { "content-type": "application/json" }).end('{"version":"4.1.0","timestamp":"2025-01-01 00:00:00"}');
    if (req.url === "/bot/api/v1/profile") return void res.writeHead(401, { "content-type": "application/json" }).end('{"error":"Access to this endpoint is not authorized for bots"}');
    res.writeHead(200, { "content-type": "text/html" }).end("<!DOCTYPE html><html><head><title>Sign in - Corporate SSO</title></head><body>login</body></html>");
  });
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await backend.close();
  other.closeAllConnections();
  await new Promise((resolve) => other.close(resolve));
});

interface DoctorRun {
  code: number | null;
  stdout: string;
  stderr: string;
  lines: string[];
  /** the line that mentions `text`, or "" */
  line(text: string): string;
}

/**
 * Runs `node dist/server.js doctor` with only these variables (and PATH). Any traffic not meant
 * for 127.0.0.1 goes to a proxy on a closed local port, so a bug cannot reach the internet.
 */
function doctor(env: Record<string, string>): Promise<DoctorRun> {
  const guard = `http://127.0.0.1:${closedPort}`;
  const child = spawn(process.execPath, [SERVER_PATH, "doctor"], {
    env: { PATH: process.env.PATH ?? "", HTTPS_PROXY: guard, HTTP_PROXY: guard, NO_PROXY: "127.0.0.1", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`doctor did not finish; stdout so far:\n${stdout}`));
    }, 15_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      const lines = stdout.split("\n").filter(Boolean);
      resolve({ code, stdout, stderr, lines, line: (text) => lines.find((candidate) => candidate.includes(text)) ?? "" });
    });
  });
}

function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const good = () => ({
  CHATWOOT_BASE_URL: backend.url,
  CHATWOOT_API_ACCESS_TOKEN: USER_TOKEN,
  CHATWOOT_ACCOUNT_ID: "1",
  CHATWOOT_PLATFORM_APP_TOKEN: PLATFORM_TOKEN,
});

function expectNoSecrets(run: DoctorRun, ...secrets: string[]): void {
  for (const secret of secrets) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

describe("chatwoot-mcp doctor", () => {
  it("passes every check with a good configuration, and prints no token", async () => {
    const run = await doctor(good());
    expect(run.code).toBe(0);
    expect(run.line("configuration")).toMatch(/^ok /);
    expect(run.line("CHATWOOT_BASE_URL")).toMatch(/^ok .*answers/);
    expect(run.line("CHATWOOT_API_ACCESS_TOKEN")).toMatch(/^ok .*accepted: Alex Rivera \(demo agent\) <alex@demo\.example\.com>, role administrator/);
    expect(run.line("CHATWOOT_ACCOUNT_ID")).toMatch(/^ok .*CHATWOOT_ACCOUNT_ID 1 /);
    expect(run.line("CHATWOOT_PLATFORM_APP_TOKEN")).toMatch(/^ok .*accepted/);
    expect(run.stdout).not.toMatch(/^(FAIL|skip)/m);
    expect(run.lines.at(-1)).toBe("All checks passed.");
    expectNoSecrets(run, USER_TOKEN, PLATFORM_TOKEN);
    // one call each to /api, the profile and the platform API: read-only GETs
    const sent = backend.requests.slice(-3);
    expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual(["GET /api", "GET /api/v1/profile", "GET /platform/api/v1/agent_bots"]);
  });

  it("fails on a rejected user token, naming CHATWOOT_API_ACCESS_TOKEN without printing it", async () => {
    const run = await doctor({ ...good(), CHATWOOT_API_ACCESS_TOKEN: "doctor-wrong-user-token" });
    expect(run.code).toBe(1);
    expect(run.line("CHATWOOT_API_ACCESS_TOKEN")).toMatch(/^FAIL .*CHATWOOT_API_ACCESS_TOKEN was rejected \(HTTP 401.*Profile settings > Access token/);
    expect(run.line("CHATWOOT_ACCOUNT_ID")).toMatch(/^skip /);
    expect(run.line("CHATWOOT_PLATFORM_APP_TOKEN")).toMatch(/^ok /);
    expectNoSecrets(run, "doctor-wrong-user-token", PLATFORM_TOKEN);
  });

  it("fails when the account id is not visible to the token, listing the ids it can see", async () => {
    const run = await doctor({ ...good(), CHATWOOT_ACCOUNT_ID: "7" });
    expect(run.code).toBe(1);
    expect(run.line("CHATWOOT_ACCOUNT_ID")).toMatch(/^FAIL .*CHATWOOT_ACCOUNT_ID 7 is not one of the accounts this token can see: 1 "Demo Support Desk/);
  });

  it("suggests CHATWOOT_ACCOUNT_ID when it is not set", async () => {
    const { CHATWOOT_ACCOUNT_ID: _unset, ...env } = good();
    const run = await doctor(env);
    expect(run.code).toBe(0);
    expect(run.line("CHATWOOT_ACCOUNT_ID")).toMatch(/^info .*CHATWOOT_ACCOUNT_ID not set: set it to 1 /);
  });

  it("fails on a rejected platform token", async () => {
    const run = await doctor({ ...good(), CHATWOOT_PLATFORM_APP_TOKEN: "doctor-wrong-platform-token" });
    expect(run.code).toBe(1);
    expect(run.line("CHATWOOT_PLATFORM_APP_TOKEN")).toMatch(/^FAIL .*CHATWOOT_PLATFORM_APP_TOKEN was rejected/);
    expect(run.line("CHATWOOT_API_ACCESS_TOKEN")).toMatch(/^ok /);
    expectNoSecrets(run, "doctor-wrong-platform-token", USER_TOKEN);
  });

  it("reports an unreachable base URL in plain words and skips the token checks", async () => {
    const run = await doctor({ ...good(), CHATWOOT_BASE_URL: `http://127.0.0.1:${closedPort}` });
    expect(run.code).toBe(1);
    expect(run.line("CHATWOOT_BASE_URL")).toMatch(/^FAIL .*connection was refused/);
    expect(run.line("CHATWOOT_API_ACCESS_TOKEN")).toMatch(/^skip .*could not be reached/);
    expect(run.line("CHATWOOT_ACCOUNT_ID")).toMatch(/^skip /);
    expect(run.line("CHATWOOT_PLATFORM_APP_TOKEN")).toMatch(/^skip /);
  });

  it("reports an HTML page (a login page or proxy) instead of Chatwoot", async () => {
    const run = await doctor({ ...good(), CHATWOOT_BASE_URL: otherUrl });
    expect(run.code).toBe(1);
    expect(run.line("CHATWOOT_BASE_URL")).toMatch(/^FAIL .*an HTML page titled "Sign in - Corporate SSO".*not Chatwoot's API/);
  });

  it("accepts an agent bot token and says what it can do", async () => {
    const run = await doctor({ CHATWOOT_BASE_URL: `${otherUrl}/bot`, CHATWOOT_API_ACCESS_TOKEN: "doctor-bot-token", CHATWOOT_ACCOUNT_ID: "1" });
    expect(run.code).toBe(0);
    expect(run.line("CHATWOOT_BASE_URL")).toMatch(/^ok .*Chatwoot 4\.1\.0/);
    expect(run.line("CHATWOOT_API_ACCESS_TOKEN")).toMatch(/^ok .*agent bot token/);
    expect(run.line("CHATWOOT_ACCOUNT_ID")).toMatch(/^skip /);
  });

  it.skipIf(!hasOpenssl())("reports a self-signed certificate with the NODE_EXTRA_CA_CERTS hint, and passes once it is trusted", async () => {
    const dir = mkdtempSync(join(tmpdir(), "doctor-tls-"));
    let tls: HttpsServer | undefined;
    try {
      execFileSync("openssl", [
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1", "-addext", "basicConstraints=critical,CA:TRUE",
        "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
      ], { stdio: "ignore" });
      const server = (tls = createHttpsServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) }, (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" }).end('{"version":"4.1.0"}');
      }));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

      const untrusted = await doctor({ CHATWOOT_BASE_URL: url, CHATWOOT_PLATFORM_APP_TOKEN: PLATFORM_TOKEN });
      expect(untrusted.code).toBe(1);
      expect(untrusted.line("CHATWOOT_BASE_URL")).toMatch(/^FAIL .*TLS certificate is self-signed.*NODE_EXTRA_CA_CERTS/);

      const trusted = await doctor({ CHATWOOT_BASE_URL: url, NODE_EXTRA_CA_CERTS: join(dir, "cert.pem") });
      expect(trusted.line("CHATWOOT_BASE_URL")).toMatch(/^ok .*Chatwoot 4\.1\.0/);
    } finally {
      tls?.closeAllConnections();
      await new Promise((resolve) => (tls ? tls.close(resolve) : resolve(undefined)));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails on an invalid CHATWOOT_BASE_URL without contacting anything", async () => {
    const before = backend.requests.length;
    const run = await doctor({ ...good(), CHATWOOT_BASE_URL: "chat.example.com" });
    expect(run.code).toBe(1);
    expect(run.line("CHATWOOT_BASE_URL")).toMatch(/^FAIL .*CHATWOOT_BASE_URL is not a valid URL/);
    expect(run.stdout).not.toMatch(/^ok .*answers/m);
    for (const name of ["CHATWOOT_API_ACCESS_TOKEN", "CHATWOOT_ACCOUNT_ID", "CHATWOOT_PLATFORM_APP_TOKEN"]) {
      expect(run.line(name)).toMatch(/^skip /);
    }
    expect(run.stdout).not.toContain("app.chatwoot.com");
    expect(backend.requests.length).toBe(before);
  });

  it("with no token at all: skips the token checks and exits 1 saying no token is set", async () => {
    const run = await doctor({ CHATWOOT_BASE_URL: backend.url });
    expect(run.code).toBe(1);
    expect(run.line("CHATWOOT_BASE_URL")).toMatch(/^ok /);
    expect(run.line("CHATWOOT_API_ACCESS_TOKEN not set")).toMatch(/^skip .*account API tools/);
    expect(run.line("CHATWOOT_PLATFORM_APP_TOKEN not set")).toMatch(/^skip /);
    expect(run.line("no token set")).toMatch(/^FAIL /);
  });

  it("lists doctor in --help and still refuses unknown arguments", async () => {
    const help = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, [SERVER_PATH, "--help"], { env: { PATH: process.env.PATH ?? "" } });
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
      child.on("exit", () => resolve(stdout));
    });
    expect(help).toMatch(/chatwoot-mcp doctor/);
    const code = await new Promise<number | null>((resolve) => {
      spawn(process.execPath, [SERVER_PATH, "doctor", "--demo"], { env: { PATH: process.env.PATH ?? "" } }).on("exit", resolve);
    });
    expect(code).toBe(2);
  });
});
