/**
 * auth-v2 for fetch-based clients: a signer holding the credentials, a `fetch` wrapper,
 * and middlewares for openapi-fetch and for openapi-generator's typescript-fetch.
 */
import { nodeHttpFetch, type FetchLike } from "./node-http-fetch.js";
import { PROFILE_ENV_VAR, profileFromEnv, profileToString, toProfile, type SigningProfile } from "./profile.js";
import { checkCredentials, signV2, type SignableRequest, type SignedRequest } from "./signer.js";

/** The `Content-Type` the CC-iSales and CC-CMS pages prescribe for every request, GETs too. */
export const CONTENT_TYPE_JSON_UTF8 = "application/json; charset=UTF-8";

/** Where the signer reports: `warn` on a 401 (the usual causes), `debug` each canonical request. */
export interface Logger {
  debug?(message: string): void;
  warn?(message: string): void;
}

export interface AuthV2Options {
  readonly accessKey: string;
  readonly secretKey: string;
  /** A profile or its text (`documented`, `java-demo`, `ts=seconds,query-line=omit`...). Default `documented`. */
  readonly profile?: SigningProfile | string;
  /**
   * The Content-Type every signed request is sent with, replacing the client's (default
   * `application/json; charset=UTF-8`, as the pages prescribe); `null` keeps the request's own.
   */
  readonly contentType?: string | null;
  /** The signing time (default: now). */
  readonly clock?: () => Date;
  /** Default: `warn` to `console.warn` (one line per 401), no `debug`. `null`: silent. */
  readonly logger?: Logger | null;
}

/** A request in the form it goes on the wire: what {@link AkSkSigner.signRequest} returns. */
export interface WireRequest {
  readonly url: string;
  readonly init: RequestInit & { method: string; headers: Headers; body: Uint8Array | null };
  readonly signed: SignedRequest;
}

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
const defaultLogger: Logger = { warn: (message) => console.warn(message) };

/** Signs requests with an access key / secret key at the current time. The secret key is a private field: never printed. */
export class AkSkSigner {
  readonly accessKey: string;
  readonly profile: SigningProfile;
  readonly contentType: string | null;
  readonly #secretKey: string;
  readonly #clock: () => Date;
  readonly #logger: Logger;

  constructor(options: AuthV2Options) {
    checkCredentials(options.accessKey, options.secretKey);
    this.accessKey = options.accessKey;
    this.#secretKey = options.secretKey;
    this.profile = toProfile(options.profile);
    const contentType = options.contentType === undefined ? CONTENT_TYPE_JSON_UTF8 : options.contentType;
    if (contentType !== null && !/^[\x20-\x7e]+$/.test(contentType)) {
      throw new TypeError("contentType must be printable ASCII");
    }
    this.contentType = contentType;
    this.#clock = options.clock ?? (() => new Date());
    this.#logger = options.logger === undefined ? defaultLogger : (options.logger ?? {});
  }

  /** From `CEC_AK`, `CEC_SK` and `CEC_SIGNING_PROFILE` (`documented` when unset). */
  static fromEnv(
    env: Readonly<Record<string, string | undefined>> = process.env,
    options: Omit<AuthV2Options, "accessKey" | "secretKey" | "profile"> = {},
  ): AkSkSigner {
    const missing = ["CEC_AK", "CEC_SK"].filter((name) => !env[name]);
    if (missing.length > 0) throw new TypeError(`set ${missing.join(" and ")} (the auth-v2 access key and secret key)`);
    return new AkSkSigner({ ...options, accessKey: env.CEC_AK as string, secretKey: env.CEC_SK as string, profile: profileFromEnv(env) });
  }

  /** Signs at the clock's current time (see {@link signV2}). */
  sign(request: SignableRequest): SignedRequest {
    const signed = signV2({ ...request, accessKey: this.accessKey, secretKey: this.#secretKey, time: this.#clock(), profile: this.profile });
    this.#logger.debug?.(
      `auth-v2 access_key=${this.accessKey} profile=${profileToString(this.profile)} ` +
        `signed_headers=${signed.signedHeaders} timestamp=${signed.timestamp} canonical request:\n${signed.canonicalRequest}`,
    );
    return signed;
  }

  /**
   * Reads the request's body bytes and returns it as it must go on the wire: the
   * Content-Type set, `Authorization`, and under `host=no-port` a `Host` header without
   * the port (which only a fetch that sends it, such as {@link nodeHttpFetch}, honours).
   * A POST/PUT/PATCH without a body is sent with an empty one (`Content-Length: 0`).
   */
  async signRequest(request: Request): Promise<WireRequest> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const headers = new Headers(request.headers);
    for (const name of ["host", "content-length", "transfer-encoding", "authorization"]) headers.delete(name);
    if (this.contentType !== null) headers.set("content-type", this.contentType);
    let body = request.body === null ? null : new Uint8Array(await request.arrayBuffer());
    if (body === null && BODY_METHODS.has(method)) body = new Uint8Array(0);
    const signed = this.sign({
      method,
      path: url.pathname,
      query: url.search.slice(1),
      host: url.host,
      contentType: headers.get("content-type"),
      body,
    });
    if (this.profile.host === "no-port") headers.set("host", signed.host);
    headers.set("authorization", signed.authorization);
    return {
      url: url.href,
      init: { method, headers, body, signal: request.signal, redirect: request.redirect },
      signed,
    };
  }

  /** Logs (warn) why a 401 to a signed request usually happens. */
  logRejection(method: string, url: string, signed?: SignedRequest): void {
    this.#logger.warn?.(
      `HTTP 401 to the auth-v2 signed request ${method} ${new URL(url).pathname} (access key ${this.accessKey}, ` +
        `timestamp ${signed?.timestamp ?? "?"}, profile ${profileToString(this.profile)}): check the AK/SK pair, ` +
        "this machine's clock (the timestamp must be close to the server's), and the signing profile " +
        `(${PROFILE_ENV_VAR}=java-demo is the other known variant)`,
    );
  }

  toJSON(): object {
    return { accessKey: this.accessKey, secretKey: "***", profile: profileToString(this.profile) };
  }
}

const NO_PORT_NEEDS_HOST =
  "the host=no-port signing profile sends a Host header without the port, which Node's fetch " +
  "ignores (it always sends the URL's host:port): use authV2Fetch without a fetch option (it then " +
  "sends through nodeHttpFetch), or give it a fetch that sends the Host header";

function signerOf(options: AkSkSigner | AuthV2Options): AkSkSigner {
  return options instanceof AkSkSigner ? options : new AkSkSigner(options);
}

export interface AuthV2FetchOptions {
  /**
   * The fetch that sends the signed request. Default: `globalThis.fetch`, or
   * {@link nodeHttpFetch} under `host=no-port`. Under `host=no-port` it must send the
   * Host header it is given (`globalThis.fetch` is refused).
   */
  readonly fetch?: FetchLike;
}

/**
 * A fetch that signs every request with auth-v2 over exactly the bytes it sends, with a
 * fresh timestamp each call (a retry that calls it again is signed again). Use it as
 * openapi-fetch's `createClient({ fetch })` or typescript-fetch's
 * `new Configuration({ fetchApi })`.
 */
export function authV2Fetch(signer: AkSkSigner | AuthV2Options, options: AuthV2FetchOptions = {}): FetchLike {
  const s = signerOf(signer);
  const noPort = s.profile.host === "no-port";
  if (noPort && options.fetch === globalThis.fetch) throw new TypeError(NO_PORT_NEEDS_HOST);
  const send = options.fetch ?? (noPort ? nodeHttpFetch() : (input, init) => globalThis.fetch(input, init));
  return async (input, init) => {
    const wire = await s.signRequest(new Request(input, init));
    const response = await send(wire.url, { ...init, ...wire.init });
    if (response.status === 401) s.logRejection(wire.init.method, wire.url, wire.signed);
    return response;
  };
}

export interface MiddlewareOptions {
  /**
   * Under `host=no-port` the middlewares set a Host header, which only a fetch that sends
   * it honours (Node's fetch does not): set this when the client's fetch is
   * {@link nodeHttpFetch} (or another that sends Host). Otherwise `host=no-port` is refused.
   */
  readonly fetchSendsHostHeader?: boolean;
}

function checkMiddleware(s: AkSkSigner, options: MiddlewareOptions): void {
  if (s.profile.host === "no-port" && !options.fetchSendsHostHeader) {
    throw new TypeError(`${NO_PORT_NEEDS_HOST}; for a middleware, set fetchSendsHostHeader with such a fetch`);
  }
}

/** openapi-fetch middleware (`client.use(...)`): signs each request in `onRequest`. */
export function openapiFetchAuthV2(
  signer: AkSkSigner | AuthV2Options,
  options: MiddlewareOptions = {},
): {
  onRequest(params: { request: Request }): Promise<Request>;
  onResponse(params: { request: Request; response: Response }): void;
} {
  const s = signerOf(signer);
  checkMiddleware(s, options);
  return {
    async onRequest({ request }) {
      const wire = await s.signRequest(request);
      return new Request(wire.url, wire.init);
    },
    onResponse({ request, response }) {
      if (response.status === 401) s.logRejection(request.method, request.url);
    },
  };
}

/** typescript-fetch middleware (`new Configuration({ middleware: [...] })`): signs in `pre`. */
export function typescriptFetchAuthV2(
  signer: AkSkSigner | AuthV2Options,
  options: MiddlewareOptions = {},
): {
  pre(context: { url: string; init: RequestInit }): Promise<{ url: string; init: RequestInit }>;
  post(context: { url: string; init: RequestInit; response: Response }): Promise<void>;
} {
  const s = signerOf(signer);
  checkMiddleware(s, options);
  return {
    async pre({ url, init }) {
      const wire = await s.signRequest(new Request(url, init));
      return { url: wire.url, init: { ...init, ...wire.init } };
    },
    async post({ url, init, response }) {
      if (response.status === 401) s.logRejection(init.method ?? "GET", url);
    },
  };
}
