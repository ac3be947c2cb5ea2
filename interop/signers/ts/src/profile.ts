/**
 * Signing profiles: the four places where auth-v2 variants differ.
 *
 * `documented` (the default) is the documentation page; `java-demo` is what Huawei's Java
 * demo for these interfaces sends. Knob names and values are those of the Rust crate and
 * the `cec` CLI: `ts=millis|seconds`, `query-line=keep|omit`, `headers=standard|host`,
 * `host=port|no-port`.
 */

/** The environment variable read by {@link profileFromEnv}. */
export const PROFILE_ENV_VAR = "CEC_SIGNING_PROFILE";

/** How auth-v2 is computed. */
export interface SigningProfile {
  /** `millis`: `2026-11-21T08:30:00.000Z`; `seconds`: `2026-11-21T08:30:00Z`. */
  readonly ts: "millis" | "seconds";
  /** The canonical query line when the request has no query: kept empty, or left out. */
  readonly queryLine: "keep" | "omit";
  /** `standard`: `content-type;host`, plus `content-length` with a body; `host`: only `host`. */
  readonly headers: "standard" | "host";
  /** `no-port`: the Host header is sent and signed without the port. */
  readonly host: "port" | "no-port";
}

/** Each knob's name in profile text, its field, and its values (the documented one first). */
export const KNOBS = {
  ts: { field: "ts", values: ["millis", "seconds"] },
  "query-line": { field: "queryLine", values: ["keep", "omit"] },
  headers: { field: "headers", values: ["standard", "host"] },
  host: { field: "host", values: ["port", "no-port"] },
} as const satisfies Record<string, { field: keyof SigningProfile; values: readonly string[] }>;

type KnobName = keyof typeof KNOBS;
const KNOB_NAMES = Object.keys(KNOBS) as KnobName[];

/** The documentation page's variant (the default). */
export const DOCUMENTED: SigningProfile = Object.freeze({
  ts: "millis",
  queryLine: "keep",
  headers: "standard",
  host: "port",
});

/** Huawei's Java demo: seconds, no empty query line, only `host` signed, no port. */
export const JAVA_DEMO: SigningProfile = Object.freeze({
  ts: "seconds",
  queryLine: "omit",
  headers: "host",
  host: "no-port",
});

/** The presets by name. */
export const PRESETS: Readonly<Record<string, SigningProfile>> = Object.freeze({
  documented: DOCUMENTED,
  "java-demo": JAVA_DEMO,
});

/** A signing profile that is not one of the allowed forms (the message lists them). */
export class ProfileError extends Error {
  override name = "ProfileError";
}

function allowed(): string {
  const knobs = KNOB_NAMES.map((name) => `${name}=${KNOBS[name].values.join("|")}`).join(", ");
  return (
    "a profile is 'documented', 'java-demo', or a comma list of knobs such as " +
    `'ts=seconds,query-line=omit' (knobs: ${knobs}; a knob left out keeps its documented value)`
  );
}

function badValue(name: KnobName, value: string): ProfileError {
  return new ProfileError(
    `signing profile knob ${name}=${JSON.stringify(value)} is not allowed: ${name} is ${KNOBS[name].values.join(" or ")}`,
  );
}

/** Only ASCII letters change case (`toLowerCase()` would read the Kelvin sign as k): as in every helper and the Rust crate. */
function lower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/**
 * Reads `documented`, `java-demo` or a comma list such as
 * `ts=seconds,query-line=omit,headers=host,host=no-port`; knobs left out keep their
 * documented value. Names and values are read in any ASCII case (`Java-Demo` is
 * `java-demo`), white space around them is ignored, as the Rust crate and the other helpers
 * read them (one table tests all: tests/signing-vectors/profile-text.json). Throws
 * {@link ProfileError} saying what is wrong and what is allowed.
 */
export function parseProfile(text: string): SigningProfile {
  const trimmed = text.trim();
  const name = lower(trimmed);
  const preset = Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
  if (preset) return preset;
  if (trimmed === "") throw new ProfileError(`the signing profile is empty: ${allowed()}`);
  const profile: Record<string, string> = { ...DOCUMENTED };
  const seen = new Set<string>();
  for (const item of trimmed.split(",")) {
    const equals = item.indexOf("=");
    if (equals < 0) throw new ProfileError(`signing profile ${JSON.stringify(text)} is not understood: ${allowed()}`);
    const typed = item.slice(0, equals).trim();
    const value = item.slice(equals + 1).trim();
    if (!Object.hasOwn(KNOBS, lower(typed))) {
      throw new ProfileError(`unknown signing profile knob ${JSON.stringify(typed)} in ${JSON.stringify(text)}: ${allowed()}`);
    }
    const knob = lower(typed) as KnobName;
    if (seen.has(knob)) throw new ProfileError(`signing profile knob "${knob}" is given twice in ${JSON.stringify(text)}`);
    seen.add(knob);
    if (!(KNOBS[knob].values as readonly string[]).includes(lower(value))) throw badValue(knob, value);
    profile[KNOBS[knob].field] = lower(value);
  }
  return checkProfile(profile as unknown as SigningProfile);
}

/** Checks a profile object built in code (any knob with a wrong value throws). */
export function checkProfile(profile: SigningProfile): SigningProfile {
  for (const name of KNOB_NAMES) {
    const value = profile[KNOBS[name].field];
    if (!(KNOBS[name].values as readonly string[]).includes(value)) throw badValue(name, String(value));
  }
  return Object.freeze({ ts: profile.ts, queryLine: profile.queryLine, headers: profile.headers, host: profile.host });
}

/** A profile from a {@link SigningProfile}, or from its text. */
export function toProfile(profile: SigningProfile | string | undefined): SigningProfile {
  if (profile === undefined) return DOCUMENTED;
  return typeof profile === "string" ? parseProfile(profile) : checkProfile(profile);
}

/** The profile named by `CEC_SIGNING_PROFILE`; `documented` when it is unset or empty. */
export function profileFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): SigningProfile {
  const text = env[PROFILE_ENV_VAR] ?? "";
  if (text.trim() === "") return DOCUMENTED;
  try {
    return parseProfile(text);
  } catch (error) {
    if (error instanceof ProfileError) throw new ProfileError(`${PROFILE_ENV_VAR}: ${error.message}`);
    throw error;
  }
}

/** `documented`, `java-demo`, or the knobs that differ from `documented` (reads back with {@link parseProfile}). */
export function profileToString(profile: SigningProfile): string {
  for (const [name, preset] of Object.entries(PRESETS)) {
    if (KNOB_NAMES.every((knob) => preset[KNOBS[knob].field] === profile[KNOBS[knob].field])) return name;
  }
  return KNOB_NAMES.filter((knob) => profile[KNOBS[knob].field] !== KNOBS[knob].values[0])
    .map((knob) => `${knob}=${profile[KNOBS[knob].field]}`)
    .join(",");
}
