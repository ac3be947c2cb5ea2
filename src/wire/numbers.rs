//! Integers that servers send as numbers or as strings.

#[cfg(feature = "schemars")]
use std::borrow::Cow;
use std::fmt;

#[cfg(feature = "schemars")]
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

#[cfg(feature = "schemars")]
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

#[cfg(feature = "schemars")]
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

/// A token's lifetime in seconds (`Expires`, and the deprecated `Expires_In`, of the token
/// reply). Documented as a numeric string (`"600"`); a JSON number is accepted too.
///
/// A value that is no usable lifetime (zero, negative, fractional, beyond `u64`, not a
/// number at all) does not fail the reply: the token it comes with is still good, so the
/// lifetime is kept as sent and reads as unknown ([`TokenLifetime::seconds`] is `None`); the
/// client then assumes the documented default. A usable one encodes as the documented
/// numeric string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenLifetime(Lifetime);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Lifetime {
    Seconds(u64),
    Unusable(serde_json::Value),
}

impl TokenLifetime {
    /// A lifetime of `seconds` (0 is unusable).
    pub fn from_seconds(seconds: u64) -> Self {
        Self(match seconds {
            0 => Lifetime::Unusable(serde_json::Value::from(0)),
            seconds => Lifetime::Seconds(seconds),
        })
    }

    /// The lifetime in seconds, if the server sent a usable one.
    pub fn seconds(&self) -> Option<u64> {
        match self.0 {
            Lifetime::Seconds(seconds) => Some(seconds),
            Lifetime::Unusable(_) => None,
        }
    }

    fn read(value: serde_json::Value) -> Self {
        use serde_json::Value;
        // Only whole, positive values that fit: `600.0` is 600 s, `1e30` and `1.5` are not.
        let whole = |v: f64| {
            (v.is_finite() && v.fract() == 0.0 && v >= 1.0 && v < u64::MAX as f64)
                .then_some(v as u64)
        };
        let seconds = match &value {
            Value::Number(n) => n.as_u64().or_else(|| n.as_f64().and_then(whole)),
            Value::String(s) => {
                let text = s.trim();
                text.parse::<u64>()
                    .ok()
                    .or_else(|| text.parse::<f64>().ok().and_then(whole))
            }
            _ => None,
        };
        match seconds {
            Some(seconds @ 1..) => Self(Lifetime::Seconds(seconds)),
            _ => Self(Lifetime::Unusable(value)),
        }
    }
}

impl Serialize for TokenLifetime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Lifetime::Seconds(seconds) => serializer.collect_str(seconds),
            Lifetime::Unusable(value) => value.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for TokenLifetime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(deserializer).map(Self::read)
    }
}

#[cfg(feature = "schemars")]
impl JsonSchema for TokenLifetime {
    fn schema_name() -> Cow<'static, str> {
        "TokenLifetime".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A lifetime in seconds, documented as a numeric string; a number is accepted too.",
            "oneOf": [
                { "type": "string", "pattern": "^[0-9]+$" },
                { "type": "integer", "format": "int64" }
            ]
        })
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
    fn token_lifetimes_read_every_form_and_never_fail() {
        let read = |v: serde_json::Value| de::<TokenLifetime>(v).map(|l| l.seconds());
        assert_eq!(read(json!("600")), Ok(Some(600)));
        assert_eq!(read(json!(" 600 ")), Ok(Some(600)));
        assert_eq!(read(json!(600)), Ok(Some(600)));
        assert_eq!(read(json!(600.0)), Ok(Some(600)));
        assert_eq!(read(json!("600.0")), Ok(Some(600)));
        assert_eq!(read(json!(u64::MAX)), Ok(Some(u64::MAX)));
        for unusable in [
            json!(0),
            json!("0"),
            json!(-5),
            json!("-5"),
            json!(1.5),
            json!(1e30),
            // Kept exactly (serde_json's float_roundtrip): found by tests/properties/.
            json!([-6.343531275705104e265]),
            json!("99999999999999999999999"),
            json!("abc"),
            json!(""),
            json!(true),
            json!([1, 2]),
            json!({"a": 1}),
        ] {
            assert_eq!(read(unusable.clone()), Ok(None), "{unusable}");
            // Kept as sent.
            let kept: TokenLifetime = serde_json::from_value(unusable.clone()).unwrap();
            assert_eq!(serde_json::to_value(&kept).unwrap(), unusable);
        }
        assert_eq!(
            serde_json::to_string(&TokenLifetime::from_seconds(600)).unwrap(),
            "\"600\""
        );
    }
}
