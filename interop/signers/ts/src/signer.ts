/**
 * auth-v2, the AK/SK request signature of CC-iSales and CC-CMS, as a pure function
 * (docs/authentication.md in the huawei-cec repository):
 *
 *     Authorization: auth-v2/{AK}/{timestamp}/{SignedHeaders}/{Signature}
 *     authStringPrefix = "auth-v2/" + AK + "/" + timestamp + "/" + SignedHeaders
 *     SigningKey       = hex(HMAC-SHA256(key=SK, msg=authStringPrefix))
 *     CanonicalRequest = METHOD \n path \n canonical query \n SignedHeaders \n
 *                        canonical headers \n Normalize(body)
 *     Signature        = hex(HMAC-SHA256(key=SigningKey (its hex text), msg=CanonicalRequest))
 */
import { createHmac } from "node:crypto";

import { DOCUMENTED, type SigningProfile } from "./profile.js";

const UNRESERVED = new Uint8Array(256);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") UNRESERVED[c.charCodeAt(0)] = 1;
const HEX = "0123456789ABCDEF";
const encoder = new TextEncoder();

/** `Normalize(s)`: percent-encode every byte but `A-Z a-z 0-9 - . _ ~`, upper-case hex (a string is UTF-8 first). */
export function normalize(data: string | Uint8Array): string {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  let out = "";
  for (const byte of bytes) {
    out += UNRESERVED[byte] ? String.fromCharCode(byte) : "%" + HEX[byte >> 4] + HEX[byte & 15];
  }
  return out;
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x41 + 10;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  return -1;
}

/** Decodes `%XX` (either case) to bytes; `+` stays `+`; a stray `%` stays literal. */
function percentDecode(text: string): Uint8Array {
  const raw = encoder.encode(text);
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const hi = hexValue(raw[i + 1]);
    const lo = hexValue(raw[i + 2]);
    if (raw[i] === 0x25 && hi >= 0 && lo >= 0) {
      out.push(hi * 16 + lo);
      i += 2;
    } else {
      out.push(raw[i] as number);
    }
  }
  return Uint8Array.from(out);
}

/**
 * The canonical query from the raw query as sent (without `?`): each `&`-separated pair
 * split at its first `=`, name and value percent-decoded (`+` is a literal plus) and
 * normalized, sorted by byte order, joined with `&`. Empty pairs are skipped. A literal
 * `+` in a value must be sent as `%2B`.
 */
export function canonicalQuery(query: string | null | undefined): string {
  if (!query) return "";
  const pairs: string[] = [];
  for (const pair of query.split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const name = equals < 0 ? pair : pair.slice(0, equals);
    const value = equals < 0 ? "" : pair.slice(equals + 1);
    pairs.push(normalize(percentDecode(name)) + "=" + normalize(percentDecode(value)));
  }
  // ASCII only after normalize: comparing UTF-16 code units is byte order.
  return pairs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join("&");
}

/** UTC `yyyy-MM-ddTHH:mm:ss.SSSZ` (`ts=millis`) or `yyyy-MM-ddTHH:mm:ssZ` (`ts=seconds`). */
export function formatTimestamp(time: Date, profile: SigningProfile = DOCUMENTED): string {
  if (Number.isNaN(time.getTime())) throw new TypeError("the signing time is an invalid Date");
  const iso = time.toISOString(); // 2026-11-21T08:30:00.000Z
  if (iso.length !== 24) throw new RangeError("the signing time must be between years 0000 and 9999");
  return profile.ts === "millis" ? iso : iso.slice(0, 19) + "Z";
}

/** `hostname` of `hostname[:port]` (an IPv6 literal keeps its brackets). */
export function hostWithoutPort(host: string): string {
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    return end < 0 ? host : host.slice(0, end + 1);
  }
  const colon = host.indexOf(":");
  return colon < 0 ? host : host.slice(0, colon);
}

const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
const METHOD_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Throws (never quoting the secret key) unless both keys are non-empty visible ASCII and the AK has no `/`. */
export function checkCredentials(accessKey: string, secretKey: string): void {
  if (!VISIBLE_ASCII.test(accessKey)) {
    throw new TypeError("the access key (AK) is empty or contains spaces, control or non-ASCII characters");
  }
  if (accessKey.includes("/")) {
    throw new TypeError("the access key (AK) contains '/', which separates the parts of the auth-v2 header");
  }
  if (!VISIBLE_ASCII.test(secretKey)) {
    throw new TypeError("the secret key (SK) is empty or contains spaces, control or non-ASCII characters");
  }
}

function hmacHex(key: string, message: string): string {
  return createHmac("sha256", Buffer.from(key, "utf8")).update(message, "utf8").digest("hex");
}

/** `SigningKey = hex(HMAC-SHA256(SK, authStringPrefix))`. Derived from the secret key: treat it as a secret. */
export function signingKey(secretKey: string, authStringPrefix: string): string {
  return hmacHex(secretKey, authStringPrefix);
}

/** What auth-v2 signs of a request: the values exactly as they go on the wire. */
export interface SignableRequest {
  /** E.g. `POST` (upper-cased). */
  readonly method: string;
  /** The URL path as sent (percent-encoded as on the wire). */
  readonly path: string;
  /** The raw query as sent, without `?`; null/undefined/"" for none. */
  readonly query?: string | null | undefined;
  /** `hostname[:port]` as an HTTP client sends it (port only when not the scheme's default). */
  readonly host: string;
  /** The Content-Type sent; null/undefined when none is sent (then it is not signed). */
  readonly contentType?: string | null | undefined;
  /** The body bytes sent; null/undefined for a request without a body (GET); empty for `Content-Length: 0`. */
  readonly body?: Uint8Array | null | undefined;
}

/** The result of signing (never the secret key). `canonicalRequest` holds the body: log it only when debugging. */
export interface SignedRequest {
  /** The `Authorization` header value. */
  readonly authorization: string;
  /** The `Host` value to send: the one signed (without the port under `host=no-port`). */
  readonly host: string;
  /** The canonical request that was signed. */
  readonly canonicalRequest: string;
  /** `SignedHeaders`, e.g. `content-length;content-type;host`. */
  readonly signedHeaders: string;
  /** The timestamp in the header. */
  readonly timestamp: string;
  /** The profile used. */
  readonly profile: SigningProfile;
}

export interface SignV2Input extends SignableRequest {
  readonly accessKey: string;
  readonly secretKey: string;
  readonly time: Date;
  readonly profile?: SigningProfile | undefined;
}

function checkRequest(request: SignableRequest): void {
  if (!METHOD_TOKEN.test(request.method)) {
    throw new TypeError(`the HTTP method ${JSON.stringify(request.method)} is not a valid method token`);
  }
  const path = request.path;
  if (!path.startsWith("/") || path.includes("?") || path.includes("#") || !VISIBLE_ASCII.test(path)) {
    throw new TypeError(
      `the path ${JSON.stringify(path)} must start with '/', be percent-encoded as sent (visible ASCII), ` +
        "and not include the query (pass it separately, without '?')",
    );
  }
  if (!VISIBLE_ASCII.test(request.host)) {
    throw new TypeError(`the host ${JSON.stringify(request.host)} must be hostname[:port] as sent (visible ASCII)`);
  }
}

const TRIM = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g;

/** Signs one request: a pure function of its input (see {@link SignableRequest}). Throws TypeError for what cannot be signed. */
export function signV2(input: SignV2Input): SignedRequest {
  const profile = input.profile ?? DOCUMENTED;
  checkCredentials(input.accessKey, input.secretKey);
  checkRequest(input);
  const timestamp = formatTimestamp(input.time, profile);
  const host = profile.host === "no-port" ? hostWithoutPort(input.host) : input.host;
  const body = input.body ?? null;

  const headers: [string, string][] = []; // sorted by name
  if (profile.headers === "standard") {
    if (body !== null) headers.push(["content-length", String(body.length)]);
    if (input.contentType != null) headers.push(["content-type", input.contentType]);
  }
  headers.push(["host", host]);
  const signedHeaders = headers.map(([name]) => name).join(";");

  const lines = [input.method.toUpperCase(), input.path];
  const queryLine = canonicalQuery(input.query);
  if (queryLine !== "" || profile.queryLine === "keep") lines.push(queryLine);
  lines.push(signedHeaders);
  lines.push(headers.map(([name, value]) => normalize(name) + ":" + normalize(value.replace(TRIM, ""))).join("\n"));
  lines.push(body === null ? "" : normalize(body));
  const canonicalRequest = lines.join("\n");

  const prefix = `auth-v2/${input.accessKey}/${timestamp}/${signedHeaders}`;
  const signature = hmacHex(signingKey(input.secretKey, prefix), canonicalRequest);
  return Object.freeze({
    authorization: `${prefix}/${signature}`,
    host,
    canonicalRequest,
    signedHeaders,
    timestamp,
    profile,
  });
}
