//! Hand-written types for values whose wire form the pages leave open.
//!
//! The generated code (see `build.rs`) uses these in place of the spec's schemas of the same
//! purpose, because the documentation pages contradict themselves and a real server sends
//! what their examples show:
//!
//! | spec schema | Rust type | why |
//! |---|---|---|
//! | `CallStatus` | [`CallStatus`] | documented Integer, sent as `"6"` |
//! | `ResultMappingVdnId`, `CallRecordsTotal`, `CallRecordVdn` | [`LenientInt`] | number or numeric string |
//! | `TokenExpires`, `TokenExpiresIn` | [`TokenLifetime`] | numeric string or number; an unusable value is read as unknown, not a failed reply |
//! | `CdrRecord` | [`CdrRecord`] | the key `"agentId "` (trailing space) is read as `agentId` |
//! | `CdrCallResult`, `CallType`, `MediaType` | [`CdrCallResult`], [`CallType`], [`MediaType`] | open enumerations (`x-extensible-enum`): documented values that servers step outside of |
//! | `ErrorBody` | `ErrorBody` (internal) | an undocumented JSON object, shared by all hosts |
//!
//! Decoding is lenient (both forms are accepted); encoding uses the documented form.

mod enums;
mod numbers;
mod records;
mod secret;

pub use enums::{CallType, CdrCallResult, MediaType};
pub use numbers::{CallStatus, LenientInt, TokenLifetime};
pub use records::CdrRecord;
/// Not part of the API (the error replies are read into [`crate::Error`]).
#[doc(hidden)]
pub use records::ErrorBody;
pub use secret::Secret;
pub(crate) use secret::redact_url;
