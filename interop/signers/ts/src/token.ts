/**
 * The bearer token of the data-process interface (`tokenByAkSk`): fetched, cached,
 * shared and renewed; a fetch wrapper and middlewares that send it.
 *
 * `POST {base}/apigovernance/api/oauth/tokenByAkSk` with `{"app_key", "app_secret"}`
 * (optionally `X-Token-Expire: 1..3600`) answers
 * `{"AccessToken": "...", "ApplyType": "Bearer", "CreateTime": "...", "Expires": "600", ...}`.
 * Calls send `Authorization: Bearer {AccessToken}` and `X-APP-Key: {app_key}`.
 */
import type { FetchLike } from "./node-http-fetch.js";
import { Attempts, NO_RETRIES, classifyError, operationOf, retryPolicy, type RetryLogger, type RetryPolicy } from "./retry.js";

export const TOKEN_PATH = "/apigovernance/api/oauth/tokenByAkSk";
/** Seconds assumed when `Expires` is missing or not a positive number (the documented default). */
export const DEFAULT_TOKEN_LIFETIME = 600;
/** The longest lifetime believed (the documented maximum), in seconds. */
export const MAX_TOKEN_LIFETIME = 3600;
/** A token is renewed this many seconds before it expires (halfway through a lifetime under twice this). */
export const RENEW_BEFORE = 60;
/** Token replies larger than this are refused. */
export const MAX_REPLY_BYTES = 64 * 1024;

/** Obtaining a bearer token failed. The message never holds the app secret, a token, or the reply body. */
export class TokenError extends Error {
  override name = "TokenError";
}

/** A token endpoint's reply: the status, (at most `MAX_REPLY_BYTES + 1` bytes of) the body, its `Retry-After`. */
export interface TokenReply {
  readonly status: number;
  readonly body: Uint8Array;
  readonly retryAfter?: string | null;
}

const NUMBER = /^\s*(\d+)(\.\d+)?\s*$/;

function seconds(value: unknown): number | undefined {
  let n: number;
  if (typeof value === "number") {
    n = value;
  } else if (typeof value === "string") {
    const match = value.length <= 64 ? NUMBER.exec(value) : null;
    if (!match) return undefined;
    if ((match[1] ?? "").replace(/^0+/, "").length > 9) return MAX_TOKEN_LIFETIME;
    n = Number(value);
  } else {
    return undefined;
  }
  return Number.isFinite(n) && n > 0 ? Math.min(n, MAX_TOKEN_LIFETIME) : undefined;
}

const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * The token and its lifetime (seconds) from a `tokenByAkSk` reply, or a {@link TokenError}
 * that never quotes the body. The lifetime is `Expires` (alias `Expires_In`), a number or
 * numeric string; missing or not a positive number: `defaultLifetime`; at most 3600.
 */
export function parseTokenReply(reply: TokenReply, defaultLifetime = DEFAULT_TOKEN_LIFETIME): { token: string; lifetime: number } {
  const where = "tokenByAkSk";
  if (reply.status === 403) {
    throw new TokenError(
      `${where} answered HTTP 403: either the app key / app secret pair is wrong, or this machine's IP ` +
        "address is not on the app's allow-list (both are set in the CEC API management center)",
    );
  }
  if (reply.status >= 300 && reply.status < 400) {
    throw new TokenError(
      `${where} answered HTTP ${reply.status} (a redirect), which is not followed: it would send the app ` +
        "secret to another address; check the base URL",
    );
  }
  if (reply.status === 401) throw new TokenError(`${where} answered HTTP 401: check the app key and app secret`);
  if (reply.status !== 200) throw new TokenError(`${where} answered HTTP ${reply.status} (the reply is not shown)`);
  if (reply.body.length > MAX_REPLY_BYTES) throw new TokenError(`the ${where} reply is larger than ${MAX_REPLY_BYTES} bytes: refused`);
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder().decode(reply.body));
  } catch {
    document = undefined;
  }
  if (typeof document !== "object" || document === null || Array.isArray(document) || !("AccessToken" in document)) {
    throw new TokenError(`the ${where} reply (HTTP 200) is not the documented JSON object with AccessToken and Expires (the reply is not shown)`);
  }
  const fields = document as Record<string, unknown>;
  const token = fields.AccessToken;
  if (typeof token !== "string" || !VISIBLE_ASCII.test(token)) {
    throw new TokenError(
      `the AccessToken of the ${where} reply is empty, not a string, or contains control characters ` +
        "(CR, LF, ...), spaces or non-ASCII characters: refused, it cannot be sent in a header",
    );
  }
  const raw = Object.hasOwn(fields, "Expires") ? fields.Expires : fields.Expires_In;
  return { token, lifetime: seconds(raw) ?? Math.min(defaultLifetime, MAX_TOKEN_LIFETIME) };
}

/** Seconds after which a token of this lifetime is renewed. */
export function renewAfter(lifetime: number): number {
  return lifetime > 2 * RENEW_BEFORE ? lifetime - RENEW_BEFORE : lifetime / 2;
}

async function readBounded(response: Response, max: number): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
    if (total > max) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks);
}

export interface BearerTokenProviderOptions {
  /** The CEC open platform, e.g. `https://cec.example.com` (the token path is appended). */
  readonly baseUrl: string;
  readonly appKey: string;
  readonly appSecret: string;
  /** `X-Token-Expire`, 1..3600 seconds; unset sends none (the server's default, documented as 600 s). */
  readonly tokenExpire?: number;
  /** Token request timeout, ms (default 30000). */
  readonly timeoutMs?: number;
  /** The fetch used for token requests (default `globalThis.fetch`). Called with `redirect: "manual"`. */
  readonly fetch?: FetchLike;
  /** A monotonic clock in milliseconds (default `performance.now`). */
  readonly clock?: () => number;
  /**
   * Retry token requests as the Rust client does (connection errors, timeouts, HTTP
   * 429/502/503/504; not 500, which the open platform documents as a business failure):
   * `{}` for the defaults (2 retries...), or a policy. Default: no retries.
   */
  readonly retry?: Partial<RetryPolicy>;
  /** Where token request retries are reported (default: silent). */
  readonly retryLogger?: RetryLogger;
}

/**
 * Obtains, caches and renews the bearer token. A token is renewed 60 s before it expires
 * (halfway through a short lifetime); however many calls need one at once, one request is
 * in flight. {@link invalidate} drops a token a server answered 401 to.
 */
export class BearerTokenProvider {
  readonly url: string;
  readonly appKey: string;
  readonly #appSecret: string;
  readonly #tokenExpire: number | undefined;
  readonly #timeoutMs: number;
  readonly #fetch: FetchLike;
  readonly #clock: () => number;
  readonly #retry: RetryPolicy;
  readonly #retryLogger: RetryLogger;
  #current: { token: string; renewAt: number } | undefined;
  #pending: Promise<string> | undefined;
  #requests = 0;

  constructor(options: BearerTokenProviderOptions) {
    let base: URL;
    try {
      base = new URL(options.baseUrl);
    } catch {
      throw new TypeError(`the token base URL ${JSON.stringify(options.baseUrl)} is not a URL (e.g. https://cec.example.com)`);
    }
    if ((base.protocol !== "https:" && base.protocol !== "http:") || base.search || base.hash) {
      throw new TypeError(
        `the token base URL ${JSON.stringify(options.baseUrl)} must be http(s)://host[:port][/prefix], without query or fragment`,
      );
    }
    if (!VISIBLE_ASCII.test(options.appKey)) throw new TypeError("the app key is empty or contains spaces, control or non-ASCII characters");
    if (!VISIBLE_ASCII.test(options.appSecret)) throw new TypeError("the app secret is empty or contains spaces, control or non-ASCII characters");
    const expire = options.tokenExpire;
    if (expire !== undefined && !(Number.isInteger(expire) && expire >= 1 && expire <= 3600)) {
      throw new TypeError(`tokenExpire (X-Token-Expire) must be an integer 1..3600 seconds, got ${String(expire)}`);
    }
    const timeout = options.timeoutMs ?? 30_000;
    if (!(timeout > 0)) throw new TypeError("timeoutMs must be a positive number of milliseconds");
    this.url = base.href.replace(/\/+$/, "") + TOKEN_PATH;
    this.appKey = options.appKey;
    this.#appSecret = options.appSecret;
    this.#tokenExpire = expire;
    this.#timeoutMs = timeout;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#clock = options.clock ?? (() => performance.now());
    this.#retry = options.retry === undefined ? NO_RETRIES : retryPolicy(options.retry);
    this.#retryLogger = options.retryLogger ?? {};
  }

  /** From `CEC_APP_KEY`, `CEC_APP_SECRET` and (unless `baseUrl` is given) `CEC_APIACCESS_URL`. */
  static fromEnv(
    env: Readonly<Record<string, string | undefined>> = process.env,
    options: Partial<Omit<BearerTokenProviderOptions, "appKey" | "appSecret">> = {},
  ): BearerTokenProvider {
    const names = ["CEC_APP_KEY", "CEC_APP_SECRET", ...(options.baseUrl ? [] : ["CEC_APIACCESS_URL"])];
    const missing = names.filter((name) => !env[name]);
    if (missing.length > 0) throw new TypeError(`set ${missing.join(", ")} (the app key and secret of tokenByAkSk and its base URL)`);
    return new BearerTokenProvider({
      ...options,
      baseUrl: options.baseUrl ?? (env.CEC_APIACCESS_URL as string),
      appKey: env.CEC_APP_KEY as string,
      appSecret: env.CEC_APP_SECRET as string,
    });
  }

  /** How many token requests this provider has made. */
  get tokenRequests(): number {
    return this.#requests;
  }

  /** The cached token if it is not due for renewal. */
  cached(): string | undefined {
    const current = this.#current;
    return current !== undefined && this.#clock() < current.renewAt ? current.token : undefined;
  }

  /** A valid token: the cached one, or a new one (one request at a time). */
  token(): Promise<string> {
    const cached = this.cached();
    if (cached !== undefined) return Promise.resolve(cached);
    this.#pending ??= this.#renew().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Drops `token` (one a server answered 401 to); a token renewed meanwhile is kept. */
  invalidate(token: string): void {
    if (this.#current?.token === token) this.#current = undefined;
  }

  /** The headers of a data-process call: `Authorization` and `X-APP-Key`. */
  headers(token: string): { Authorization: string; "X-APP-Key": string } {
    return { Authorization: `Bearer ${token}`, "X-APP-Key": this.appKey };
  }

  async #renew(): Promise<string> {
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
    if (this.#tokenExpire !== undefined) headers["x-token-expire"] = String(this.#tokenExpire);
    const attempts = new Attempts(this.#retry, operationOf("POST", TOKEN_PATH), TOKEN_PATH, this.#retryLogger);
    let reply: TokenReply | undefined;
    for (;;) {
      this.#requests += 1;
      let wait: number | undefined;
      try {
        reply = await this.#send(headers);
        wait = attempts.afterStatus(reply.status, reply.retryAfter ?? null);
      } catch (error) {
        const failure = classifyError(error) ?? (isTimeout(error) ? { sent: true, what: "timed out" } : undefined);
        wait = failure === undefined ? undefined : attempts.afterError(failure);
        if (wait === undefined) throw new TokenError(`tokenByAkSk at ${this.url} could not be reached: ${describe(error)}`);
      }
      if (wait === undefined && reply !== undefined) break;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const { token, lifetime } = parseTokenReply(reply, this.#tokenExpire ?? DEFAULT_TOKEN_LIFETIME);
    this.#current = { token, renewAt: this.#clock() + renewAfter(lifetime) * 1000 };
    return token;
  }

  async #send(headers: Record<string, string>): Promise<TokenReply> {
    const response = await this.#fetch(this.url, {
      method: "POST",
      headers,
      body: JSON.stringify({ app_key: this.appKey, app_secret: this.#appSecret }),
      redirect: "manual",
      signal: AbortSignal.timeout(this.#timeoutMs),
    });
    if (response.status === 200) return { status: 200, body: await readBounded(response, MAX_REPLY_BYTES) };
    await response.body?.cancel(); // the body of a failure is never read, let alone shown
    return { status: response.status, body: new Uint8Array(0), retryAfter: response.headers.get("retry-after") };
  }

  toJSON(): object {
    return { url: this.url, appKey: this.appKey, appSecret: "***" };
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

function describe(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return "no answer in time";
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === "string" ? code : cause.message;
  }
  return error instanceof Error ? error.message : "unknown error";
}

async function bytesOf(request: Request): Promise<Uint8Array | null> {
  return request.body === null ? null : new Uint8Array(await request.arrayBuffer());
}

/**
 * A fetch that sends `Authorization: Bearer {token}` and `X-APP-Key` (unless the request
 * has one), and after a 401 renews the token once and sends the request again. Use it as
 * openapi-fetch's `createClient({ fetch })` or typescript-fetch's `new Configuration({ fetchApi })`.
 */
export function bearerFetch(provider: BearerTokenProvider, options: { readonly fetch?: FetchLike } = {}): FetchLike {
  const send: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return async (input, init) => {
    const request = new Request(input, init);
    const body = await bytesOf(request);
    const attempt = async (token: string): Promise<Response> => {
      const headers = new Headers(request.headers);
      for (const [name, value] of Object.entries(provider.headers(token))) {
        if (name === "Authorization" || !headers.has(name)) headers.set(name, value);
      }
      return send(request.url, { ...init, method: request.method, headers, body, signal: request.signal, redirect: request.redirect });
    };
    const token = await provider.token();
    const response = await attempt(token);
    if (response.status !== 401) return response;
    await response.body?.cancel();
    provider.invalidate(token);
    return attempt(await provider.token());
  };
}

function withToken(provider: BearerTokenProvider, headers: Headers, token: string): void {
  for (const [name, value] of Object.entries(provider.headers(token))) {
    if (name === "Authorization" || !headers.has(name)) headers.set(name, value);
  }
}

/**
 * openapi-fetch middleware: sets the token headers; a 401 drops the token so that the next
 * call renews it (to send the call itself again, use {@link bearerFetch} as the client's fetch).
 */
export function openapiFetchBearer(provider: BearerTokenProvider): {
  onRequest(params: { request: Request }): Promise<Request>;
  onResponse(params: { request: Request; response: Response }): void;
} {
  return {
    async onRequest({ request }) {
      const headers = new Headers(request.headers);
      withToken(provider, headers, await provider.token());
      return new Request(request, { headers });
    },
    onResponse({ request, response }) {
      const sent = request.headers.get("authorization") ?? "";
      if (response.status === 401 && sent.startsWith("Bearer ")) provider.invalidate(sent.slice(7));
    },
  };
}

/** typescript-fetch middleware: as {@link openapiFetchBearer}, in `pre` and `post`. */
export function typescriptFetchBearer(provider: BearerTokenProvider): {
  pre(context: { url: string; init: RequestInit }): Promise<{ url: string; init: RequestInit }>;
  post(context: { url: string; init: RequestInit; response: Response }): Promise<void>;
} {
  return {
    async pre({ url, init }) {
      const headers = new Headers(init.headers);
      withToken(provider, headers, await provider.token());
      return { url, init: { ...init, headers } };
    },
    async post({ init, response }) {
      const sent = new Headers(init.headers).get("authorization") ?? "";
      if (response.status === 401 && sent.startsWith("Bearer ")) provider.invalidate(sent.slice(7));
    },
  };
}
