//! Records whose keys vary on the wire, and error bodies kept as sent.

use serde::{Deserialize, Serialize};

use super::CdrCallResult;

/// One CDR: what [`Client::cdr`](crate::Client::cdr) returns (`resultDatas`, or
/// `resultDesc` on success, of the CDR query).
///
/// Servers send the agent's ID under the key `"agentId "` (with a trailing space, as the
/// page's example shows); it is read into [`CdrRecord::agent_id`] like `agentId`.
/// `#[non_exhaustive]`: made outside the crate from JSON or `Default`, not a struct literal.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct ErrorBody(pub serde_json::Map<String, serde_json::Value>);

impl ErrorBody {
    /// A field of the body, if present.
    pub fn get(&self, key: &str) -> Option<&serde_json::Value> {
        self.0.get(key)
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
    fn cdr_record_reads_agent_id_with_a_trailing_space() {
        let r: CdrRecord = de(json!({"agentId ": 100, "vdn": 1})).unwrap();
        assert_eq!((r.agent_id, r.vdn), (Some(100), Some(1)));
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({"agentId": 100, "vdn": 1})
        );
    }
}
