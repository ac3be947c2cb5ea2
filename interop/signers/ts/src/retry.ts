/**
 * The opt-in retry layer: the rules of the huawei-cec Rust client, as a `fetch` wrapper
 * ({@link retryFetch}) and for the token provider (`BearerTokenProvider`'s `retry`).
 *
 * - The four read operations (`getCallResultDetail`, `getExternalResult`,
 *   `queryCdrByCallId`, `queryCallRecords`; the POST queries too) and the token request
 *   are retried on connection errors, timeouts, a reply that broke off, and HTTP 429,
 *   502, 503 and 504; HTTP 500 too from CC-iSales and CC-CMS (whose pages document no
 *   500), not from the CEC open platform (which documents its 500 as a business failure).
 * - Anything else, the update of a reserved call's result (`updateReservedCallResult`)
 *   first, is sent again only when its connection could not be made (the request provably
 *   was not sent). Once it may have been sent, a timeout or a lost connection throws
 *   {@link OutcomeUnknownError}, and an error status is the result: check whether the
 *   server applied it before sending it again.
 * - TLS failures (an untrusted certificate, a failed handshake) are never retried.
 * - `Retry-After` (seconds or an HTTP date) sets the wait when it asks for at most
 *   `maxRetryAfterMs` (30 s); a longer one ends the retries. Otherwise the wait is drawn
 *   from `0..initialBackoffMs` (100 ms), the window doubling each retry up to
 *   `maxBackoffMs` (2 s): full jitter. `maxRetries` (2) retries after the first attempt.
 *
 * Which operation a request is comes from its method and path (a base URL with a path
 * prefix is allowed).
 */
import type { FetchLike } from "./node-http-fetch.js";

/** Where the retry layer reports: `info` for waits a server's `Retry-After` asked for, `debug` for other retries. */
export interface RetryLogger {
  debug?(message: string): void;
  info?(message: string): void;
}

/** When and how often a failed attempt is tried again (milliseconds). */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retries. Default 2. */
  readonly maxRetries: number;
  /** The backoff before the first retry is drawn from `0..initialBackoffMs`, doubling each retry. Default 100. */
  readonly initialBackoffMs: number;
  /** The most a backoff (without `Retry-After`) waits. Default 2000. */
  readonly maxBackoffMs: number;
  /** The longest `Retry-After` honoured. Default 30000. */
  readonly maxRetryAfterMs: number;
}

/** The Rust client's defaults. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxRetries: 2,
  initialBackoffMs: 100,
  maxBackoffMs: 2000,
  maxRetryAfterMs: 30_000,
});

/** No retries. */
export const NO_RETRIES: RetryPolicy = Object.freeze({ maxRetries: 0, initialBackoffMs: 0, maxBackoffMs: 0, maxRetryAfterMs: 0 });

/** The defaults with `options` over them, checked (a TypeError says what is allowed). */
export function retryPolicy(options: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...definedOnly(options) };
  if (!Number.isInteger(policy.maxRetries) || policy.maxRetries < 0) {
    throw new TypeError(`maxRetries must be an integer 0 or more, got ${String(policy.maxRetries)}`);
  }
  for (const name of ["initialBackoffMs", "maxBackoffMs", "maxRetryAfterMs"] as const) {
    const value = policy[name];
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`${name} must be a finite number of milliseconds, 0 or more, got ${String(value)}`);
    }
  }
  return Object.freeze(policy);
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The wait before retry number `retry` (1-based): full jitter over a window doubling each retry. */
export function backoffMs(policy: RetryPolicy, retry: number): number {
  const window = Math.min(policy.initialBackoffMs * 2 ** Math.min(Math.max(retry - 1, 0), 16), policy.maxBackoffMs);
  return Math.random() * window;
}

/** What the retry rules need to know of a request's operation. */
export interface Operation {
  /** The operationId, or `unknown`. */
  readonly name: string;
  /** Read-only: retried even when the request may have been sent. */
  readonly read: boolean;
  /** HTTP 500 is a server fault worth retrying (CC-iSales, CC-CMS). */
  readonly retry500: boolean;
}

const OPERATIONS: [string, RegExp, Operation][] = [
  ["GET", /\/rest\/isales\/v1\/openapi\/campaigns\/[^/]+\/callresultdetail\/[^/]+$/, { name: "getCallResultDetail", read: true, retry500: true }],
  ["GET", /\/rest\/isales\/v1\/openapi\/campaigns\/[^/]+\/[^/]+\/queryObsResultDetail$/, { name: "getExternalResult", read: true, retry500: true }],
  ["POST", /\/rest\/cmsapp\/v1\/openapi\/calldata\/querycalldetailbyid$/, { name: "queryCdrByCallId", read: true, retry500: true }],
  ["POST", /\/apiaccess\/rest\/dataprocess\/v1\/openapp\/queryCallManualDetailInfo$/, { name: "queryCallRecords", read: true, retry500: false }],
  ["POST", /\/apigovernance\/api\/oauth\/tokenByAkSk$/, { name: "createToken", read: true, retry500: false }],
  ["POST", /\/rest\/isales\/v1\/openapi\/campaigns\/[^/]+\/appoint\/updateResult$/, { name: "updateReservedCallResult", read: false, retry500: false }],
];
const UNKNOWN: Operation = { name: "unknown", read: false, retry500: false };

/** The operation of a request by method and path; anything unknown is treated as the update is. */
export function operationOf(method: string, path: string): Operation {
  const upper = method.toUpperCase();
  const bare = path.split("?", 1)[0] ?? "";
  return OPERATIONS.find(([m, pattern]) => m === upper && pattern.test(bare))?.[2] ?? UNKNOWN;
}

/** Why a reply's status deserves another attempt, if it does. */
export function statusReason(status: number, operation: Operation): string | undefined {
  if (!operation.read) return undefined;
  return [429, 502, 503, 504].includes(status) || (status === 500 && operation.retry500) ? `HTTP ${status}` : undefined;
}

/**
 * The wait a `Retry-After` value asks for, in milliseconds: seconds, or an HTTP date (0 for
 * one in the past); `Infinity` for a number too large to mean anything; `undefined` for a
 * missing value or one in neither form (then ignored).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^[0-9]+$/.test(text)) return text.length <= 15 ? Number(text) * 1000 : Infinity;
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(at - nowMs, 0);
}

/**
 * The request may have reached the server, which may have applied it (an update whose
 * reply timed out or broke off): check before sending it again. `cause` is the error.
 */
export class OutcomeUnknownError extends Error {
  override name = "OutcomeUnknownError";
}

/** The error's `code`s and `name`s, down its chain of causes. */
function codes(error: unknown): { codes: string[]; syscalls: string[] } {
  const found = { codes: [] as string[], syscalls: [] as string[] };
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === "object" && current !== null && !seen.has(current)) {
    seen.add(current);
    const { code, syscall, name, cause } = current as { code?: unknown; syscall?: unknown; name?: unknown; cause?: unknown };
    if (typeof code === "string") found.codes.push(code);
    if (typeof name === "string") found.codes.push(name);
    if (typeof syscall === "string") found.syscalls.push(syscall);
    current = cause;
  }
  return found;
}

const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "UND_ERR_CONNECT_TIMEOUT", "ConnectTimeoutError"]);
const TIMED_OUT = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "HeadersTimeoutError", "BodyTimeoutError", "ETIMEDOUT"]);
const LOST = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "ECONNABORTED", "SocketError", "ERR_STREAM_PREMATURE_CLOSE"]);
const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "UNABLE_TO_GET_ISSUER_CERT", "CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID",
  "CERT_REVOKED", "CERT_UNTRUSTED", "CERT_REJECTED", "HOSTNAME_MISMATCH",
]);

/**
 * What a failed attempt means: `sent` (the request may have reached the server) and what
 * happened; `undefined` for a final error (TLS, a malformed request, unknown).
 */
export function classifyError(error: unknown): { sent: boolean; what: string } | undefined {
  const { codes: found, syscalls } = codes(error);
  if (found.some((c) => TLS_CODES.has(c) || c.startsWith("ERR_TLS_") || c.startsWith("ERR_SSL_"))) return undefined;
  if (found.some((c) => NOT_SENT.has(c)) || (syscalls.includes("connect") && found.some((c) => c.startsWith("E")))) {
    return { sent: false, what: "connection failed" };
  }
  if (found.some((c) => TIMED_OUT.has(c) || c === "TimeoutError")) return { sent: true, what: "timed out" };
  if (found.some((c) => LOST.has(c))) return { sent: true, what: "the connection was lost" };
  return undefined;
}

/** The attempts of one call: what follows each failure, and the waits between them. */
export class Attempts {
  attempt = 1;
  constructor(
    readonly policy: RetryPolicy,
    readonly operation: Operation,
    readonly where: string,
    readonly logger: RetryLogger,
  ) {}

  #wait(reason: string, retryAfterMs: number | undefined): number | undefined {
    if (this.attempt > this.policy.maxRetries) return undefined;
    const { name } = this.operation;
    let wait: number;
    if (retryAfterMs !== undefined) {
      if (retryAfterMs > this.policy.maxRetryAfterMs) {
        this.logger.info?.(`${name} ${this.where}: not retrying after ${reason}: the server's Retry-After asks for ${retryAfterMs} ms, more than ${this.policy.maxRetryAfterMs} ms`);
        return undefined;
      }
      this.logger.info?.(`${name} ${this.where}: attempt ${this.attempt}: ${reason}; waiting ${retryAfterMs} ms as the server's Retry-After asks before trying again`);
      wait = retryAfterMs;
    } else {
      wait = backoffMs(this.policy, this.attempt);
      this.logger.debug?.(`${name} ${this.where}: attempt ${this.attempt}: ${reason}; retrying in ${Math.round(wait)} ms`);
    }
    this.attempt += 1;
    return wait;
  }

  /** The wait before the next attempt after a reply with this status, or `undefined`: the reply is the result. */
  afterStatus(status: number, retryAfter: string | null): number | undefined {
    const reason = statusReason(status, this.operation);
    return reason === undefined ? undefined : this.#wait(reason, parseRetryAfter(retryAfter));
  }

  /** The wait before the next attempt after an attempt that got no (whole) reply, or `undefined`: the error ends the call. */
  afterError(failure: { sent: boolean; what: string }): number | undefined {
    if (failure.sent && !this.operation.read) return undefined;
    return this.#wait(failure.what, undefined);
  }
}

export interface RetryFetchOptions extends Partial<RetryPolicy> {
  /** The time allowed for each attempt, reply body included (ms). Default 30000, the Rust client's; `null`: none. */
  readonly attemptTimeoutMs?: number | null;
  /** Default: silent. */
  readonly logger?: RetryLogger | null;
}

const NO_BODY_STATUS = new Set([204, 205, 304]);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A fetch that retries what the huawei-cec Rust client retries, with the same defaults,
 * around `fetch` (which is called anew for every attempt: give it `authV2Fetch(...)` or
 * `bearerFetch(...)`, and each attempt is signed, or given the token, anew). The reply's
 * body is read whole within each attempt (a body that breaks off is a failed attempt).
 * The update, once it may have been sent, is never sent again: a timeout or lost
 * connection throws {@link OutcomeUnknownError}, an error status is returned as it came.
 */
export function retryFetch(fetch: FetchLike, options: RetryFetchOptions = {}): FetchLike {
  const { attemptTimeoutMs = 30_000, logger = null, ...rest } = options;
  const policy = retryPolicy(rest);
  if (attemptTimeoutMs !== null && !(typeof attemptTimeoutMs === "number" && attemptTimeoutMs > 0)) {
    throw new TypeError(`attemptTimeoutMs must be a positive number of milliseconds or null, got ${String(attemptTimeoutMs)}`);
  }
  const log = logger ?? {};
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const body = request.body === null ? null : new Uint8Array(await request.arrayBuffer());
    const attempts = new Attempts(policy, operationOf(method, url.pathname), url.pathname, log);
    for (;;) {
      const timer = attemptTimeoutMs === null ? undefined : AbortSignal.timeout(attemptTimeoutMs);
      const signal = timer === undefined ? request.signal : AbortSignal.any([request.signal, timer]);
      let wait: number | undefined;
      try {
        const response = await fetch(request.url, {
          ...init,
          method,
          headers: new Headers(request.headers),
          body,
          signal,
          redirect: request.redirect,
        });
        if (response.status < 200 || response.status > 599) return response;
        const bytes = NO_BODY_STATUS.has(response.status) || method === "HEAD" ? null : new Uint8Array(await response.arrayBuffer());
        const whole = new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
        Object.defineProperty(whole, "url", { value: response.url });
        wait = attempts.afterStatus(whole.status, whole.headers.get("retry-after"));
        if (wait === undefined) return whole;
      } catch (error) {
        if (request.signal.aborted) throw error; // the caller's own abort
        const failure = timer?.aborted ? { sent: true, what: "timed out" } : classifyError(error);
        if (failure === undefined) throw error;
        wait = attempts.afterError(failure);
        if (wait === undefined) {
          if (failure.sent && !attempts.operation.read) {
            throw new OutcomeUnknownError(
              `${attempts.operation.name} ${method} ${url.pathname}: ${failure.what} after the request may have been sent, ` +
                "so the server may have applied it: check before sending it again (not retried)",
              { cause: error },
            );
          }
          throw error;
        }
      }
      await sleep(wait);
    }
  };
}
