import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export type Behaviour = (req: IncomingMessage, res: ServerResponse, attempt: number) => void;

/** A stand-in Chatwoot that misbehaves on demand, on 127.0.0.1 and an ephemeral port. */
export interface FaultServer {
  url: string;
  seen: SeenRequest[];
  /** requests whose socket closed before an answer was written */
  abandoned: number;
  behave(behaviour: Behaviour): void;
  close(): Promise<void>;
}

export async function startFaultServer(): Promise<FaultServer> {
  let behaviour: Behaviour = (_req, res) => json(res, 200, {});
  const state = { seen: [] as SeenRequest[], abandoned: 0 };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      state.seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      res.on("close", () => {
        if (!res.writableFinished) state.abandoned++;
      });
      behaviour(req, res, state.seen.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get seen() {
      return state.seen;
    },
    get abandoned() {
      return state.abandoned;
    },
    behave(next) {
      behaviour = next;
      state.seen.length = 0;
      state.abandoned = 0;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(text);
}
