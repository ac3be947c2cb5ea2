//! Hand-written types for values whose wire form the pages leave open.
//!
//! The generated code (see `build.rs`) uses these in place of the spec's schemas of the same
//! purpose, because the documentation pages contradict themselves and a real server sends
//! what their examples show:
//!
//! | spec schema | Rust type | why |
//! |---|---|---|
//! | `CallStatus` | [`CallStatus`] | documented Integer, sent as `"6"` |
//! | `ResultMappingVdnId`, `CallRecordsTotal`, `CallRecordVdn`, `TokenExpiresIn` | [`LenientInt`] | number or numeric string |
//! | `CdrRecord` | [`CdrRecord`] | the key `"agentId "` (trailing space) is read as `agentId` |
//! | `CdrCallResult`, `CallType`, `MediaType` | [`CdrCallResult`], [`CallType`], [`MediaType`] | open enumerations (`x-extensible-enum`): documented values that servers step outside of |
//! | `ErrorBody` | [`ErrorBody`] | an undocumented JSON object, shared by all hosts |
//!
//! Decoding is lenient (both forms are accepted); encoding uses the documented form.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// An integer that servers send either as a JSON number or as a decimal string (`2` or `"2"`).
///
/// It decodes from both and encodes as a JSON number. Use [`LenientInt::get`] or `i64::from`
/// for the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct LenientInt(pub i64);

impl LenientInt {
    /// The integer value.
    pub const fn get(self) -> i64 {
        self.0
    }
}

impl From<i64> for LenientInt {
    fn from(value: i64) -> Self {
        Self(value)
    }
}

impl From<LenientInt> for i64 {
    fn from(value: LenientInt) -> Self {
        value.0
    }
}

impl PartialEq<i64> for LenientInt {
    fn eq(&self, other: &i64) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for LenientInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for LenientInt {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for LenientInt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LenientInt;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer, as a JSON number or a decimal string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<LenientInt, E> {
                Ok(LenientInt(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<LenientInt, E> {
                i64::try_from(v)
                    .map(LenientInt)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LenientInt, E> {
                v.trim()
                    .parse()
                    .map(LenientInt)
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl JsonSchema for LenientInt {
    fn schema_name() -> Cow<'static, str> {
        "LenientInt".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An integer, sent as a JSON number or as a decimal string.",
            "oneOf": [
                { "type": "integer", "format": "int64" },
                { "type": "string", "pattern": "^-?[0-9]+$" }
            ]
        })
    }
}

/// Outcome of an outbound call (`callStatus` of call result detail): 5 failed, 6 succeeded.
///
/// Documented as an integer; servers send `"6"`. Both forms decode; a value the page does not
/// list is kept in [`CallStatus::Other`] rather than failing the whole reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CallStatus {
    /// `5`: the call failed.
    Failed,
    /// `6`: the call succeeded.
    Succeeded,
    /// A value the page does not document.
    Other(i64),
}

impl CallStatus {
    /// The documented numeric value.
    pub const fn code(self) -> i64 {
        match self {
            Self::Failed => 5,
            Self::Succeeded => 6,
            Self::Other(v) => v,
        }
    }

    /// Whether the call succeeded (`6`).
    pub const fn is_success(self) -> bool {
        matches!(self, Self::Succeeded)
    }
}

impl From<i64> for CallStatus {
    fn from(value: i64) -> Self {
        match value {
            5 => Self::Failed,
            6 => Self::Succeeded,
            other => Self::Other(other),
        }
    }
}

impl fmt::Display for CallStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Failed => f.write_str("5 (failed)"),
            Self::Succeeded => f.write_str("6 (succeeded)"),
            Self::Other(v) => write!(f, "{v}"),
        }
    }
}

impl Serialize for CallStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.code())
    }
}

impl<'de> Deserialize<'de> for CallStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        LenientInt::deserialize(deserializer).map(|v| Self::from(v.get()))
    }
}

impl JsonSchema for CallStatus {
    fn schema_name() -> Cow<'static, str> {
        "CallStatus".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Call result: 5 failed, 6 succeeded, other values kept as sent. Sent as a number or a numeric string.",
            "x-extensible-enum": [5, 6],
            "oneOf": [
                { "type": "integer", "format": "int64" },
                { "type": "string", "pattern": "^-?[0-9]+$" }
            ]
        })
    }
}

/// Declares a string enumeration that keeps values outside its documented list.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )* }
    ) => {
        $(#[$meta])*
        ///
        /// Decodes from a JSON string (or a number, which servers also send); a value outside
        /// the documented list is kept in `Other`. Encodes as the documented string.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value the page does not document, as sent.
            Other(String),
        }

        impl $name {
            /// Every documented value.
            pub const DOCUMENTED: &'static [$name] = &[$(Self::$variant),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Other(v) => v,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(s))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Ok(Self::from(deserializer.deserialize_any(StringOrNumber)?))
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({ "type": "string", "x-extensible-enum": [$($wire),*] })
            }
        }
    };
}

/// Visits a JSON string or number and yields its text.
struct StringOrNumber;

impl Visitor<'_> for StringOrNumber {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a number")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

open_enum! {
    /// Call type (`callType` of call records).
    CallType {
        /// `0`: inbound call.
        Inbound = "0",
        /// `1`: outbound call.
        Outbound = "1",
        /// `2`: predicted outbound call.
        PredictedOutbound = "2",
        /// `3`: previewed outbound call.
        PreviewedOutbound = "3",
        /// `4`: preempted outbound call.
        PreemptedOutbound = "4",
        /// `10`: bidirectional call.
        Bidirectional = "10",
        /// `11`: collaborative call.
        Collaborative = "11",
        /// `12`: click-to-dial call.
        ClickToDial = "12",
    }
}

open_enum! {
    /// Multimedia type (`mediaType` in the call records request, `mediatype` in its results).
    MediaType {
        /// `2`: voice click-to-dial.
        VoiceClickToDial = "2",
        /// `5`: voice.
        Voice = "5",
        /// `18`: video click-to-dial.
        VideoClickToDial = "18",
        /// `19`: video.
        Video = "19",
        /// `53`: multimedia.
        Multimedia = "53",
    }
}

open_enum! {
    /// Call result of a CDR (`result`; valid only for predicted and preempted outbound calls).
    CdrCallResult {
        /// `0000`: the OBS successfully makes an outbound call before the call is transferred
        /// to the automatic flow.
        ConnectedToAutomaticFlow = "0000",
        /// `0900`: the OBS successfully makes an outbound call before the call is transferred
        /// to an agent.
        ConnectedToAgent = "0900",
        /// `0101`: the outbound call fails.
        Failed = "0101",
        /// `-1`: no number can be called in the current task.
        NoNumberToCall = "-1",
        /// `0601`: the call is returned.
        Returned = "0601",
    }
}

/// One CDR (`resultDatas`, or `resultDesc` on success, of the CDR query).
///
/// Servers send the agent's ID under the key `"agentId "` (with a trailing space, as the
/// page's example shows); it is read into [`CdrRecord::agent_id`] like `agentId`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CdrRecord {
    /// ID of a VDN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vdn: Option<i32>,
    /// Call ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<String>,
    /// Calling number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_no: Option<String>,
    /// Called number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callee_no: Option<String>,
    /// Call type (see Huawei's call type reference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_type: Option<i32>,
    /// Agent ID. Sent as `"agentId "` (trailing space) by servers; both keys are read.
    #[serde(default, alias = "agentId ", skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<i64>,
    /// Skill queue ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_id: Option<i32>,
    /// Anonymous call identifier (valid only for inbound calls).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anony_call: Option<i32>,
    /// Queue waiting duration, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_wait_time: Option<i32>,
    /// IVR call duration, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ivr_call_time: Option<i32>,
    /// Ring duration, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ack_time: Option<i32>,
    /// Call duration, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_time: Option<i32>,
    /// Call release cause code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_cause: Option<i32>,
    /// Call start time, `yyyy-MM-dd HH:mm:ss` (predicted and preempted outbound calls only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub begin_time: Option<String>,
    /// Call end time, `yyyy-MM-dd HH:mm:ss` (predicted and preempted outbound calls only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// Call result (predicted and preempted outbound calls only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<CdrCallResult>,
    /// External result code corresponding to the failure cause code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// Outbound call business result code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub busi_result: Option<String>,
    /// Outbound call business result sub-status code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub busi_sub_status: Option<String>,
}

/// The JSON object a server sends with an error status. The pages document no body for
/// these statuses, so it is kept as it was sent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct ErrorBody(pub serde_json::Map<String, serde_json::Value>);

impl ErrorBody {
    /// A field of the body, if present.
    pub fn get(&self, key: &str) -> Option<&serde_json::Value> {
        self.0.get(key)
    }
}

/// A secret sent or received in a body (app secret, access and refresh tokens).
///
/// `Debug` and `Display` print `[REDACTED]`; [`Secret::expose`] gives the value. It encodes
/// and decodes as a plain JSON string.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret value. Do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl JsonSchema for Secret {
    fn schema_name() -> Cow<'static, str> {
        "Secret".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "password" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn de<T: for<'de> Deserialize<'de>>(v: serde_json::Value) -> Result<T, String> {
        serde_json::from_value(v).map_err(|e| e.to_string())
    }

    #[test]
    fn lenient_int_reads_numbers_and_numeric_strings_and_writes_numbers() {
        assert_eq!(de::<LenientInt>(json!(40)), Ok(LenientInt(40)));
        assert_eq!(de::<LenientInt>(json!("40")), Ok(LenientInt(40)));
        assert_eq!(de::<LenientInt>(json!(" -3 ")), Ok(LenientInt(-3)));
        assert_eq!(serde_json::to_string(&LenientInt(40)).unwrap(), "40");
        for bad in [
            json!("forty"),
            json!(""),
            json!(1.5),
            json!(null),
            json!([1]),
            json!(u64::MAX),
        ] {
            let err = de::<LenientInt>(bad.clone()).expect_err(&bad.to_string());
            assert!(
                err.contains("an integer, as a JSON number or a decimal string"),
                "{err}"
            );
        }
    }

    #[test]
    fn call_status_accepts_both_forms_and_keeps_unknown_values() {
        assert_eq!(de::<CallStatus>(json!("6")), Ok(CallStatus::Succeeded));
        assert_eq!(de::<CallStatus>(json!(5)), Ok(CallStatus::Failed));
        assert_eq!(de::<CallStatus>(json!("9")), Ok(CallStatus::Other(9)));
        assert!(de::<CallStatus>(json!("six")).is_err());
        assert_eq!(serde_json::to_string(&CallStatus::Succeeded).unwrap(), "6");
        assert!(CallStatus::Succeeded.is_success() && !CallStatus::Failed.is_success());
    }

    #[test]
    fn open_enums_round_trip_documented_and_other_values() {
        assert_eq!(de::<MediaType>(json!("19")), Ok(MediaType::Video));
        assert_eq!(de::<MediaType>(json!(5)), Ok(MediaType::Voice));
        assert_eq!(
            de::<MediaType>(json!("10")),
            Ok(MediaType::Other("10".into()))
        );
        assert_eq!(
            serde_json::to_string(&MediaType::Other("10".into())).unwrap(),
            "\"10\""
        );
        assert_eq!(de::<CallType>(json!("12")), Ok(CallType::ClickToDial));
        assert_eq!(
            de::<CdrCallResult>(json!("-1")),
            Ok(CdrCallResult::NoNumberToCall)
        );
        assert_eq!(
            serde_json::to_string(&CdrCallResult::Returned).unwrap(),
            "\"0601\""
        );
        assert!(de::<CallType>(json!(null)).is_err());
        for v in CallType::DOCUMENTED {
            assert_eq!(&CallType::from(v.as_str()), v);
        }
    }

    #[test]
    fn cdr_record_reads_agent_id_with_a_trailing_space() {
        let r: CdrRecord = de(json!({"agentId ": 100, "vdn": 1})).unwrap();
        assert_eq!((r.agent_id, r.vdn), (Some(100), Some(1)));
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({"agentId": 100, "vdn": 1})
        );
    }

    #[test]
    fn secrets_are_redacted_in_debug_and_display_but_sent_as_is() {
        let s = Secret::new("s3cr3t");
        assert_eq!(format!("{s:?} {s}"), "Secret([REDACTED]) [REDACTED]");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"s3cr3t\"");
        assert_eq!(s.expose(), "s3cr3t");
    }
}
