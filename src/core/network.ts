const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"];

/**
 * Node's built-in fetch ignores HTTP(S)_PROXY and NO_PROXY. When a proxy is configured, or
 * certificate checks are turned off, route every request through undici's EnvHttpProxyAgent,
 * which reads those variables itself. Returns what it set up, for the startup log.
 */
export async function configureNetwork(options: { tlsInsecure: boolean }, env: Record<string, string | undefined> = process.env): Promise<string[]> {
  const proxied = PROXY_VARIABLES.some((name) => (env[name] ?? "").trim() !== "");
  if (!proxied && !options.tlsInsecure) return [];
  // undici is loaded only when needed: it is a large module and most setups use neither option
  const { EnvHttpProxyAgent, setGlobalDispatcher } = await import("undici");
  setGlobalDispatcher(new EnvHttpProxyAgent({
    connect: { rejectUnauthorized: !options.tlsInsecure },
    ...(options.tlsInsecure ? { requestTls: { rejectUnauthorized: false } } : {}),
  }));
  const notes: string[] = [];
  if (proxied) notes.push("using the proxy from HTTPS_PROXY/HTTP_PROXY (NO_PROXY honoured)");
  if (options.tlsInsecure) notes.push("WARNING: CHATWOOT_TLS_INSECURE=true: TLS certificates are NOT checked; anyone on the network path can read and change the traffic. Prefer NODE_EXTRA_CA_CERTS for a private certificate authority.");
  return notes;
}
