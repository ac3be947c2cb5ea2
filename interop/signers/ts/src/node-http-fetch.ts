/**
 * A small `fetch` over `node:http` / `node:https` that sends the headers it is given,
 * `Host` included.
 *
 * Node's own `fetch` (undici) ignores a `Host` header and always sends the URL's
 * `host[:port]`, so the `host=no-port` signing profile (Host sent and signed without the
 * port) cannot go through it. {@link authV2Fetch} uses this transport for that profile.
 */
import * as http from "node:http";
import * as https from "node:https";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";

/** The signature of `fetch` (what openapi-fetch's `fetch` and typescript-fetch's `fetchApi` accept). */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface NodeHttpFetchOptions {
  /** An agent for `http:` URLs (keep-alive, sockets). */
  readonly httpAgent?: http.Agent;
  /** An agent for `https:` URLs: set `ca` here for a private CA (on-premises deployments). */
  readonly httpsAgent?: https.Agent;
}

const NO_BODY_STATUS = new Set([204, 205, 304]);

/**
 * A fetch-compatible function that sends exactly the request's headers (a `Host` header
 * too) and body bytes. Redirects are never followed: a 3xx is returned as it is. The
 * request's `signal` aborts it; there is no other timeout (use `AbortSignal.timeout`).
 */
export function nodeHttpFetch(options: NodeHttpFetchOptions = {}): FetchLike {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new TypeError(`nodeHttpFetch sends http: and https: URLs only, not ${url.protocol}`);
    }
    const body = request.body === null ? null : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (body !== null) headers["content-length"] = String(body.length);
    const secure = url.protocol === "https:";
    const agent = secure ? options.httpsAgent : options.httpAgent;
    const requestOptions: https.RequestOptions = {
      protocol: url.protocol,
      hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port === "" ? undefined : Number(url.port),
      path: url.pathname + url.search,
      method: request.method,
      headers,
      signal: request.signal,
      setHost: !("host" in headers),
      ...(agent === undefined ? {} : { agent }),
    };
    return await new Promise<Response>((resolve, reject) => {
      const outgoing = (secure ? https : http).request(requestOptions, (incoming) => {
        const responseHeaders = new Headers();
        for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) {
          responseHeaders.append(incoming.rawHeaders[i] as string, incoming.rawHeaders[i + 1] as string);
        }
        const status = incoming.statusCode ?? 0;
        const empty = NO_BODY_STATUS.has(status) || request.method === "HEAD";
        if (empty) incoming.resume();
        const stream = empty ? null : (Readable.toWeb(incoming) as NodeReadableStream<Uint8Array>);
        resolve(
          new Response(stream as unknown as ConstructorParameters<typeof Response>[0], {
            status,
            statusText: incoming.statusMessage ?? "",
            headers: responseHeaders,
          }),
        );
      });
      outgoing.on("error", reject);
      outgoing.end(body ?? undefined);
    });
  };
}
