/**
 * Test helpers: the vectors, a real local HTTP server that records what arrives on the
 * wire, and an auth-v2 verifier written separately from src/ (encodeURIComponent-based,
 * sharing no code with the signer) that checks what arrived.
 */
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export const VECTORS_URL = new URL("../../../vectors.json", import.meta.url);
export const REPO = new URL("../../../../../", import.meta.url);
export const CASES = new URL("tests/signing-vectors/", REPO);

export interface VectorRequest {
  method: string;
  scheme: string;
  host: string;
  path: string;
  query: string | null;
  content_type: string;
  body: string | null;
}
export interface Vectors {
  access_key: string;
  secret_key: string;
  time: string;
  requests: { post: VectorRequest; get: VectorRequest };
  documented: {
    post: { canonical_request: string; authorization: string };
    get: { auth_string_prefix: string; signing_key: string; authorization: string };
  };
  profiles: { name: string; profile: string; post: { host: string; authorization: string }; get: { host: string; authorization: string } }[];
}
export const VECTORS = JSON.parse(readFileSync(VECTORS_URL, "utf8")) as Vectors;

export interface Received {
  method: string;
  target: string;
  headers: Record<string, string>;
  rawHeaders: string[];
  body: Buffer;
}

/**
 * A reply: `drop` closes the connection without one (after the whole request arrived);
 * `delayMs` answers that much later; `shortBy` declares that many more body bytes than are
 * sent, then closes the connection (a reply that breaks off).
 */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  drop?: boolean;
  delayMs?: number;
  shortBy?: number;
}
export type Handler = (received: Received) => Reply;

export interface TestServer {
  url: string;
  port: number;
  received: Received[];
  handler: Handler;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const state = {
    received: [] as Received[],
    handler: (() => ({ status: 200, headers: { "content-type": "application/json" }, body: "{}" })) as Handler,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const received: Received = {
        method: req.method ?? "",
        target: req.url ?? "",
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")])),
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
      };
      state.received.push(received);
      const reply = state.handler(received);
      if (reply.drop) {
        req.socket.destroy();
        return;
      }
      const send = (): void => {
        if (res.destroyed) return;
        const body = Buffer.from(reply.body ?? "");
        if (reply.shortBy) {
          res.writeHead(reply.status, { ...reply.headers, "content-length": String(body.length + reply.shortBy) });
          res.write(body, () => req.socket.destroy());
          return;
        }
        res.writeHead(reply.status, reply.headers ?? {});
        res.end(body);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const result: TestServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    get received() {
      return state.received;
    },
    get handler() {
      return state.handler;
    },
    set handler(h: Handler) {
      state.handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return result;
}

export function json(status: number, body: unknown): ReturnType<Handler> {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

// ---- the separately written verifier ----

function enc(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

function hmac(key: string, message: string): string {
  return createHmac("sha256", key).update(message).digest("hex");
}

/**
 * Verifies the Authorization of a request as it arrived (headers and body as received).
 * Returns what the header said and which query-line variant matched; throws otherwise.
 */
export function verify(received: Received, secretKey: string): { accessKey: string; timestamp: string; signedHeaders: string; queryLine: "keep" | "omit" } {
  const authorization = received.headers["authorization"];
  if (authorization === undefined) throw new Error("no Authorization header arrived");
  const [scheme, accessKey, timestamp, signedHeaders, signature] = authorization.split("/") as [string, string, string, string, string];
  if (scheme !== "auth-v2") throw new Error(`scheme ${scheme}`);
  const [path, query = ""] = received.target.split(/\?(.*)/s) as [string, string?];
  const canonicalQuery = query
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const [name, value = ""] = pair.split(/=(.*)/s) as [string, string?];
      return enc(decodeURIComponent(name)) + "=" + enc(decodeURIComponent(value));
    })
    .sort()
    .join("&");
  const canonicalHeaders = signedHeaders
    .split(";")
    .map((name) => {
      const value = received.headers[name];
      if (value === undefined) throw new Error(`signed header ${name} did not arrive`);
      return enc(name) + ":" + enc(value.trim());
    })
    .join("\n");
  const hasBody = received.headers["content-length"] !== undefined;
  const body = hasBody ? enc(received.body.toString("utf8")) : "";
  const key = hmac(secretKey, `auth-v2/${accessKey}/${timestamp}/${signedHeaders}`);
  const keep = [received.method, path, canonicalQuery, signedHeaders, canonicalHeaders, body].join("\n");
  if (hmac(key, keep) === signature) return { accessKey, timestamp, signedHeaders, queryLine: "keep" };
  if (canonicalQuery === "") {
    const omit = [received.method, path, signedHeaders, canonicalHeaders, body].join("\n");
    if (hmac(key, omit) === signature) return { accessKey, timestamp, signedHeaders, queryLine: "omit" };
  }
  throw new Error(`the signature that arrived does not verify; canonical request:\n${keep}`);
}

/** Parses a tests/signing-vectors request.txt (see that folder's README). */
export function parseRequestTxt(data: Buffer): { method: string; path: string; query: string | null; headers: Record<string, string>; body: Uint8Array | null } {
  const split = data.indexOf("\n\n");
  const head = data.subarray(0, split).toString("utf8").split("\n");
  const body = data.subarray(split + 2);
  const [method, target] = (head[0] ?? "").split(" ") as [string, string];
  const q = target.indexOf("?");
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1);
  }
  return {
    method,
    path: q < 0 ? target : target.slice(0, q),
    query: q < 0 ? null : target.slice(q + 1),
    headers,
    body: "content-length" in headers ? new Uint8Array(body) : null,
  };
}
