/**
 * Credentials inside Chatwoot's answers. Chatwoot's user partial carries every listed agent's
 * `access_token` and `pubsub_token` (app/views/api/v1/models/_user.json.jbuilder), agent bots their
 * token, inboxes their `hmac_token`, webhooks their `secret`. A model never needs them to work the
 * desk (this server sends its own token), and a model that has read one can be talked into passing
 * it on, so they are hidden unless the tool exists to issue one (spec `x-reveals-secrets`).
 */

/**
 * Field names whose string values are credentials, wherever they appear in an answer: any name
 * ending in password, secret, token, api_key or private_key (access_token, pubsub_token,
 * hmac_token, imap_password, smtp_password, client_secret, webhook_verify_token...).
 */
const SECRET_NAME = /(?:password|secret|token|apikey|privatekey)$/;

/** Names that match but are public by design: the widget's token sits in every page's script tag. */
const PUBLIC_NAMES: ReadonlySet<string> = new Set(["websitetoken"]);

/** Whether a field of that name holds a credential, in snake_case or camelCase (imap_password, apiKey). */
export function isSecretField(name: string): boolean {
  const plain = name.toLowerCase().replace(/[^a-z]/g, "");
  return SECRET_NAME.test(plain) && !PUBLIC_NAMES.has(plain);
}

/** What replaces a hidden value: short, and says why the field is there but empty. */
export const HIDDEN = "[hidden]";

/**
 * A copy of a parsed JSON answer with every non-empty string under a secret field name replaced
 * by `[hidden]`, and the names that were hidden (each once, in order of first appearance). The
 * input is not modified; parts without secrets are shared, not copied.
 */
export function hideSecrets(value: unknown): { value: unknown; hidden: string[] } {
  const hidden = new Set<string>();
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      let changed = false;
      const items = node.map((item) => {
        const next = walk(item);
        if (next !== item) changed = true;
        return next;
      });
      return changed ? items : node;
    }
    if (node === null || typeof node !== "object") return node;
    let copy: Record<string, unknown> | undefined;
    for (const [key, entry] of Object.entries(node)) {
      const next = isSecretField(key) && typeof entry === "string" && entry !== "" ? HIDDEN : walk(entry);
      if (next === entry) continue;
      if (next === HIDDEN) hidden.add(key);
      copy ??= { ...(node as Record<string, unknown>) };
      copy[key] = next;
    }
    return copy ?? node;
  };
  return { value: walk(value), hidden: [...hidden] };
}
