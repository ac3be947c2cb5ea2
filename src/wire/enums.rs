//! Open enumerations: the documented values, and whatever else a server sends.

#[cfg(feature = "schemars")]
use std::borrow::Cow;
use std::fmt;

#[cfg(feature = "schemars")]
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

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

        #[cfg(feature = "schemars")]
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn de<T: for<'de> Deserialize<'de>>(v: serde_json::Value) -> Result<T, String> {
        serde_json::from_value(v).map_err(|e| e.to_string())
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
}
