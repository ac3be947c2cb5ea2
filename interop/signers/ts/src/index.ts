/**
 * Authentication for Huawei Cloud CEC interfaces, for clients generated from huawei-cec's
 * OpenAPI document (openapi-typescript + openapi-fetch, openapi-generator typescript-fetch):
 * the auth-v2 signature with signing profiles, and the bearer token of the data-process
 * interface, and an opt-in retry layer with the Rust client's rules ({@link retryFetch}). The
 * scheme is described in docs/authentication.md of the huawei-cec repository.
 */
export {
  DOCUMENTED,
  JAVA_DEMO,
  KNOBS,
  PRESETS,
  PROFILE_ENV_VAR,
  ProfileError,
  checkProfile,
  parseProfile,
  profileFromEnv,
  profileToString,
  type SigningProfile,
} from "./profile.js";
export {
  canonicalQuery,
  checkCredentials,
  formatTimestamp,
  hostWithoutPort,
  normalize,
  signV2,
  signingKey,
  type SignV2Input,
  type SignableRequest,
  type SignedRequest,
} from "./signer.js";
export {
  AkSkSigner,
  CONTENT_TYPE_JSON_UTF8,
  authV2Fetch,
  openapiFetchAuthV2,
  typescriptFetchAuthV2,
  type AuthV2FetchOptions,
  type AuthV2Options,
  type Logger,
  type MiddlewareOptions,
  type WireRequest,
} from "./auth-v2.js";
export { nodeHttpFetch, type FetchLike, type NodeHttpFetchOptions } from "./node-http-fetch.js";
export {
  DEFAULT_RETRY_POLICY,
  NO_RETRIES,
  OutcomeUnknownError,
  backoffMs,
  classifyError,
  operationOf,
  parseRetryAfter,
  retryFetch,
  retryPolicy,
  statusReason,
  type Operation,
  type RetryFetchOptions,
  type RetryLogger,
  type RetryPolicy,
} from "./retry.js";
export {
  BearerTokenProvider,
  DEFAULT_TOKEN_LIFETIME,
  MAX_REPLY_BYTES,
  MAX_TOKEN_LIFETIME,
  RENEW_BEFORE,
  TOKEN_PATH,
  TokenError,
  bearerFetch,
  openapiFetchBearer,
  parseTokenReply,
  renewAfter,
  typescriptFetchBearer,
  type BearerTokenProviderOptions,
  type TokenReply,
} from "./token.js";
