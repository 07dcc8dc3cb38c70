import { DEFAULT_BASE_URL, type Config } from "./core/config.js";
import { execute, TransportError, type HttpResponse } from "./core/executor.js";
import { buildRequest, type HttpRequest } from "./core/request.js";
import { chatwootMessage, isHtml, pageTitle } from "./core/results.js";
import { allTools } from "./tools/index.js";

/**
 * `chatwoot-mcp doctor`: checks the configuration against the real Chatwoot, one line per check.
 * Read-only requests only, through the one executor; never prints a token or a header value.
 * Returns true when every check that applies passed. With no token at all there is nothing to
 * authenticate, and that counts as a failure.
 */
export type Mark = "ok" | "FAIL" | "skip" | "info";

export interface DoctorOptions {
  /** what configureNetwork set up (proxy, TLS), shown as info lines */
  networkNotes?: string[];
}

type Probe = { response: HttpResponse } | { failure: string };

interface Profile {
  name?: string;
  email?: string;
  role?: string;
  accounts: { id: number; name?: string; role?: string }[];
}

export async function runDoctor(config: Config, write: (line: string) => void, options: DoctorOptions = {}): Promise<boolean> {
  const secrets = [config.apiAccessToken, config.platformAppToken].filter((value): value is string => !!value && value.length >= 6);
  let failed = 0;
  const line = (mark: Mark, text: string): void => {
    if (mark === "FAIL") failed++;
    // Defence in depth: nothing printed comes from a token, but a server could echo one back.
    const safe = secrets.reduce((out, secret) => out.split(secret).join("[token]"), text);
    write(`${mark.padEnd(4)}  ${safe}`);
  };
  const problemOf = (variable: string): boolean => config.problems.some((problem) => problem.startsWith(variable));

  // 1. configuration
  for (const problem of config.problems) line("FAIL", problem);
  if (config.problems.length === 0) line("ok", "configuration: no problems in the environment");
  for (const note of options.networkNotes ?? []) line("info", note);

  // 2. base URL
  let reachable = false;
  if (problemOf("CHATWOOT_BASE_URL")) {
    line("skip", "Chatwoot not contacted: fix CHATWOOT_BASE_URL first");
  } else {
    const where = `CHATWOOT_BASE_URL ${config.baseUrl}${config.baseUrl === DEFAULT_BASE_URL ? " (the default, Chatwoot Cloud)" : ""}`;
    const probe = await send(config, { method: "GET", url: `${config.baseUrl}/api`, accept: "application/json" });
    if ("failure" in probe) line("FAIL", `${where}: ${probe.failure}`);
    else if (isHtml(probe.response)) line("FAIL", `${where} answers with ${htmlPage(probe.response)}, not Chatwoot's API: set it to the address of the install itself (e.g. https://chat.example.com), not a login page, a page under /app or a proxy's sign-in.`);
    else if (probe.response.status >= 500) line("FAIL", `${where} answers HTTP ${probe.response.status}: Chatwoot or a proxy in front of it is failing; try again later or check the server.`);
    else {
      reachable = true;
      const version = json<{ version?: unknown }>(probe.response)?.version;
      line("ok", `${where} answers${typeof version === "string" ? `: Chatwoot ${version}` : ` (HTTP ${probe.response.status} for /api; no Chatwoot version reported)`}`);
    }
  }
  const unreachable = problemOf("CHATWOOT_BASE_URL") ? "Chatwoot was not contacted (fix CHATWOOT_BASE_URL first)" : "Chatwoot could not be reached (see above)";

  // 3. user token
  let profile: Profile | undefined;
  let tokenNote = "CHATWOOT_API_ACCESS_TOKEN is not set";
  if (problemOf("CHATWOOT_API_ACCESS_TOKEN")) {
    line("skip", "CHATWOOT_API_ACCESS_TOKEN not checked: fix the problem above");
    tokenNote = "CHATWOOT_API_ACCESS_TOKEN has a problem (see above)";
  } else if (!config.apiAccessToken) {
    line("skip", "CHATWOOT_API_ACCESS_TOKEN not set: the account API tools (conversations, contacts, reports, ...) need it (Chatwoot: Profile settings > Access token).");
  } else if (!reachable) {
    line("skip", `CHATWOOT_API_ACCESS_TOKEN not checked: ${unreachable}`);
    tokenNote = unreachable;
  } else {
    tokenNote = "the CHATWOOT_API_ACCESS_TOKEN check failed";
    const probe = await send(config, toolRequest("get_profile", config));
    const said = "response" in probe ? chatwootMessage(probe.response) ?? "" : "";
    if ("failure" in probe) line("FAIL", `CHATWOOT_API_ACCESS_TOKEN not checked: ${probe.failure}`);
    else if (probe.response.status === 200 && (profile = readProfile(probe.response))) {
      const who = [profile.name, profile.email && `<${profile.email}>`].filter(Boolean).join(" ") || "a user";
      const account = profile.accounts.find((candidate) => candidate.id === config.accountId);
      const role = account?.role ?? profile.role;
      line("ok", `CHATWOOT_API_ACCESS_TOKEN accepted: ${who}${role ? `, role ${role}` : ""}${account ? ` in account ${account.id}` : ""}`);
    } else if (probe.response.status === 401 && /bots/i.test(said)) {
      line("ok", "CHATWOOT_API_ACCESS_TOKEN accepted as an agent bot token: only the conversation and message tools work with it (use a user's access token for the rest).");
      tokenNote = "an agent bot token cannot read the profile";
    } else if (probe.response.status === 401) {
      line("FAIL", `CHATWOOT_API_ACCESS_TOKEN was rejected (HTTP 401${said ? `: ${said}` : ""}). Copy it again from Chatwoot (Profile settings > Access token), and check that CHATWOOT_BASE_URL is the install that issued it.`);
    } else {
      line("FAIL", `CHATWOOT_API_ACCESS_TOKEN not confirmed: GET /api/v1/profile answered ${describe(probe.response, said)}. Check CHATWOOT_BASE_URL and the token.`);
    }
  }

  // 4. account id
  const listed = profile ? profile.accounts.map((account) => `${account.id}${account.name ? ` "${account.name}"` : ""}`).join(", ") : "";
  if (problemOf("CHATWOOT_ACCOUNT_ID")) {
    line("skip", "CHATWOOT_ACCOUNT_ID not checked: fix the problem above");
  } else if (config.accountId !== undefined && !profile) {
    line("skip", `CHATWOOT_ACCOUNT_ID ${config.accountId} not checked: ${tokenNote}`);
  } else if (config.accountId !== undefined && profile) {
    const account = profile.accounts.find((candidate) => candidate.id === config.accountId);
    if (account) line("ok", `CHATWOOT_ACCOUNT_ID ${account.id}${account.name ? ` "${account.name}"` : ""} is one of this token's accounts`);
    else line("FAIL", `CHATWOOT_ACCOUNT_ID ${config.accountId} is not one of the accounts this token can see${listed ? `: ${listed}. Set it to one of those ids.` : " (it sees none)."}`);
  } else if (profile) {
    line("info", listed
      ? `CHATWOOT_ACCOUNT_ID not set: set it to ${profile.accounts.length > 1 ? "one of " : ""}${listed} so that account_id becomes optional in the account API tools`
      : "CHATWOOT_ACCOUNT_ID not set, and this token sees no accounts");
  }

  // 5. platform token
  if (problemOf("CHATWOOT_PLATFORM_APP_TOKEN")) {
    line("skip", "CHATWOOT_PLATFORM_APP_TOKEN not checked: fix the problem above");
  } else if (!config.platformAppToken) {
    line("skip", "CHATWOOT_PLATFORM_APP_TOKEN not set: only the platform_* tools need it (self-hosted installs).");
  } else if (!reachable) {
    line("skip", `CHATWOOT_PLATFORM_APP_TOKEN not checked: ${unreachable}`);
  } else {
    const probe = await send(config, toolRequest("platform_list_agent_bots", config));
    const said = "response" in probe ? chatwootMessage(probe.response) ?? "" : "";
    if ("failure" in probe) line("FAIL", `CHATWOOT_PLATFORM_APP_TOKEN not checked: ${probe.failure}`);
    else if (probe.response.status === 200 && json(probe.response) !== undefined) line("ok", "CHATWOOT_PLATFORM_APP_TOKEN accepted by the platform API");
    else if (probe.response.status === 401) line("FAIL", `CHATWOOT_PLATFORM_APP_TOKEN was rejected (HTTP 401${said ? `: ${said}` : ""}). Use the token of a platform app (Super Admin > Platform Apps), not a user's access token.`);
    else if (probe.response.status === 404) line("FAIL", "CHATWOOT_PLATFORM_APP_TOKEN not confirmed: this install has no platform API (HTTP 404); it exists on self-hosted installs only. Unset the variable if you do not need the platform_* tools.");
    else line("FAIL", `CHATWOOT_PLATFORM_APP_TOKEN not confirmed: GET /platform/api/v1/agent_bots answered ${describe(probe.response, said)}.`);
  }

  const tokenProblem = problemOf("CHATWOOT_API_ACCESS_TOKEN") || problemOf("CHATWOOT_PLATFORM_APP_TOKEN");
  if (!config.apiAccessToken && !config.platformAppToken && !tokenProblem) {
    line("FAIL", "no token set: set CHATWOOT_API_ACCESS_TOKEN (account API) and/or CHATWOOT_PLATFORM_APP_TOKEN (platform API); without one only the public_* tools work.");
  }
  write(failed === 0 ? "All checks passed." : `${failed} check${failed === 1 ? "" : "s"} failed: fix the FAIL lines above, then run chatwoot-mcp doctor again.`);
  return failed === 0;
}

function toolRequest(name: string, config: Config): HttpRequest {
  const tool = allTools.find((candidate) => candidate.name === name);
  if (!tool) throw new Error(`doctor: tool ${name} is missing`);
  return buildRequest(tool, {}, config);
}

/** One attempt, no retries: the doctor reports what happens now. */
async function send(config: Config, request: HttpRequest): Promise<Probe> {
  try {
    return { response: await execute(request, { timeoutMs: config.timeoutMs, retry: { retries: 0 } }) };
  } catch (error) {
    if (error instanceof TransportError && error.kind === "timeout") {
      return { failure: `no answer within ${config.timeoutMs} ms (CHATWOOT_TIMEOUT_MS): check the address, firewalls and any proxy (HTTPS_PROXY).` };
    }
    return { failure: error instanceof Error ? error.message : String(error) };
  }
}

function json<T = unknown>(response: HttpResponse): T | undefined {
  try {
    return JSON.parse(response.text) as T;
  } catch {
    return undefined;
  }
}

function htmlPage(response: HttpResponse): string {
  const title = pageTitle(response);
  return `an HTML page${title ? ` titled "${title}"` : ""} (HTTP ${response.status})`;
}

function describe(response: HttpResponse, said: string): string {
  if (isHtml(response)) return htmlPage(response);
  return `HTTP ${response.status}${said ? `: ${said}` : ""}`;
}

function readProfile(response: HttpResponse): Profile | undefined {
  const body = json<Record<string, unknown>>(response);
  if (!body || typeof body !== "object" || Array.isArray(body)) return undefined;
  const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value : undefined);
  const accounts = (Array.isArray(body.accounts) ? body.accounts : [])
    .filter((account): account is Record<string, unknown> => !!account && typeof account === "object" && typeof (account as { id?: unknown }).id === "number")
    .map((account) => ({ id: account.id as number, name: text(account.name), role: text(account.role) }));
  return { name: text(body.available_name) ?? text(body.name), email: text(body.email), role: text(body.role), accounts };
}
