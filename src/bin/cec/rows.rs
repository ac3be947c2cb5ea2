//! Replies as rows, for the NDJSON, CSV and table output: what a person expects to see as
//! one line of each command's reply.
//!
//! - `call-result-detail`, `cdr`, `update-reserved-result`: one row, the record's fields;
//! - `call-records`: one row per record;
//! - `external-result`: one row per result mapping, with the external result's fields (the
//!   mapping's own `defId` and `vdnId` are those of its external result).

use std::borrow::Cow;

use serde_json::{Map, Value};

/// One column: its header (the field's name on the wire) and whether it holds a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Column {
    pub(crate) name: &'static str,
    pub(crate) time: bool,
}

const fn field(name: &'static str) -> Column {
    Column { name, time: false }
}

const fn time(name: &'static str) -> Column {
    Column { name, time: true }
}

/// One row: a cell per column, `None` where the reply has no such field.
pub(crate) type Row = Vec<Option<Value>>;

/// The reply of which command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    CallResultDetail,
    ExternalResult,
    Cdr,
    CallRecords,
    UpdateReservedResult,
}

const CALL_RESULT_DETAIL: &[Column] = &[
    field("callId"),
    field("vdnId"),
    field("called"),
    field("callStatus"),
    field("failCode"),
    field("resultCode"),
    time("ackBeginTime"),
    time("callBeginTime"),
    time("callEndTime"),
    field("recordPath"),
];

const EXTERNAL_RESULT: &[Column] = &[
    field("defId"),
    field("vdnId"),
    field("resultCode"),
    field("displayResult"),
    field("mapId"),
    field("failCode"),
];

const CDR: &[Column] = &[
    field("callId"),
    field("vdn"),
    field("callerNo"),
    field("calleeNo"),
    field("callType"),
    field("agentId"),
    field("skillId"),
    field("anonyCall"),
    field("queueWaitTime"),
    field("ivrCallTime"),
    field("ackTime"),
    field("callTime"),
    field("releaseCause"),
    time("beginTime"),
    time("endTime"),
    field("result"),
    field("resultCode"),
    field("busiResult"),
    field("busiSubStatus"),
];

const CALL_RECORDS: &[Column] = &[
    field("callId"),
    field("vdn"),
    field("callerNo"),
    field("calleeNo"),
    field("callType"),
    field("mediatype"),
    time("waitBegin"),
    time("ackBegin"),
    time("callBegin"),
    time("callEnd"),
    time("logDate"),
    field("leaveReason"),
    field("evaluationValue"),
];

/// The update's reply has no payload: its result code and description (`resultCode`, else
/// `returnCode`, as the library reads them).
const UPDATE_RESERVED_RESULT: &[Column] = &[field("resultCode"), field("resultDesc")];

/// The columns a batch lookup puts before the record's: the ID looked up, and for a failed
/// lookup the error's code and message.
pub(crate) const BATCH: &[Column] = &[field("id"), field("errorCode"), field("errorMessage")];

impl Shape {
    /// The columns of a row, in the order shown.
    pub(crate) fn columns(self) -> &'static [Column] {
        match self {
            Self::CallResultDetail => CALL_RESULT_DETAIL,
            Self::ExternalResult => EXTERNAL_RESULT,
            Self::Cdr => CDR,
            Self::CallRecords => CALL_RECORDS,
            Self::UpdateReservedResult => UPDATE_RESERVED_RESULT,
        }
    }

    /// The rows of a reply (as its JSON value).
    pub(crate) fn rows(self, reply: &Value) -> Vec<Row> {
        let columns = self.columns();
        self.records(reply)
            .iter()
            .map(|record| {
                columns
                    .iter()
                    .map(|c| record.get(c.name).filter(|v| !v.is_null()).cloned())
                    .collect()
            })
            .collect()
    }

    /// [`Self::rows`], consuming the reply: the records of `call-records` (thousands of them)
    /// are moved into their rows one by one, not copied.
    pub(crate) fn into_rows(self, mut reply: Value) -> Vec<Row> {
        let records = match self {
            Self::CallRecords => reply.get_mut("results").map(Value::take),
            _ => None,
        };
        let Some(Value::Array(records)) = records else {
            return self.rows(&reply);
        };
        let columns = self.columns();
        records
            .into_iter()
            .filter_map(|record| match record {
                Value::Object(mut record) => Some(
                    columns
                        .iter()
                        .map(|c| record.remove(c.name).filter(|v| !v.is_null()))
                        .collect(),
                ),
                _ => None,
            })
            .collect()
    }

    /// The objects whose fields make the rows (borrowed from the reply where they are whole
    /// in it: thousands of records are not copied).
    fn records(self, reply: &Value) -> Vec<Cow<'_, Map<String, Value>>> {
        fn borrowed(v: Option<&Value>) -> Option<Cow<'_, Map<String, Value>>> {
            v.and_then(Value::as_object).map(Cow::Borrowed)
        }
        fn or_empty(v: Option<Cow<'_, Map<String, Value>>>) -> Cow<'_, Map<String, Value>> {
            v.unwrap_or_default()
        }
        match self {
            Self::CallResultDetail => vec![or_empty(borrowed(reply.get("data")))],
            Self::Cdr => vec![or_empty(
                borrowed(reply.get("resultDatas")).or_else(|| borrowed(reply.get("resultDesc"))),
            )],
            Self::UpdateReservedResult => vec![or_empty(borrowed(Some(reply)))],
            Self::CallRecords => reply
                .get("results")
                .and_then(Value::as_array)
                .map(|records| records.iter().filter_map(|r| borrowed(Some(r))).collect())
                .unwrap_or_default(),
            Self::ExternalResult => {
                let object = |v: Option<&Value>| v.and_then(Value::as_object).cloned();
                let mut parent = object(reply.get("obResult")).unwrap_or_default();
                let maps = match parent.remove("resultMapList") {
                    Some(Value::Array(maps)) if !maps.is_empty() => maps,
                    _ => return vec![Cow::Owned(parent)],
                };
                maps.iter()
                    .map(|map| {
                        let mut row = map.as_object().cloned().unwrap_or_default();
                        // The external result's fields win over the mapping's copies.
                        row.extend(parent.iter().map(|(k, v)| (k.clone(), v.clone())));
                        Cow::Owned(row)
                    })
                    .collect()
            }
        }
    }
}

/// The row of one batch lookup: its ID, then the record's fields or the error.
pub(crate) fn batch_row(shape: Shape, id: &str, outcome: &Result<Value, (String, String)>) -> Row {
    let id = Some(Value::String(id.to_owned()));
    match outcome {
        Ok(reply) => {
            let record = shape.rows(reply).into_iter().next();
            let record = record.unwrap_or_else(|| vec![None; shape.columns().len()]);
            [id, None, None].into_iter().chain(record).collect()
        }
        Err((code, message)) => [
            id,
            Some(Value::String(code.clone())),
            Some(Value::String(message.clone())),
        ]
        .into_iter()
        .chain(std::iter::repeat_n(None, shape.columns().len()))
        .collect(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use huawei_cec::{CallRecord, CallResultDetail, CdrRecord, ExternalResult, ResultMapping};
    #[cfg(feature = "schemars")]
    use schemars::JsonSchema;
    use serde_json::json;

    use super::*;

    #[cfg(feature = "schemars")]
    fn properties<T: JsonSchema>() -> BTreeSet<String> {
        let schema = schemars::schema_for!(T);
        schema
            .get("properties")
            .and_then(Value::as_object)
            .expect("an object schema")
            .keys()
            .cloned()
            .collect()
    }

    fn names(shape: Shape) -> BTreeSet<String> {
        shape.columns().iter().map(|c| c.name.to_owned()).collect()
    }

    /// Every field the client decodes has a column, and every column is a field: a change
    /// of the spec shows here rather than as a silently missing column. (The fields are read
    /// from the types' JSON Schemas: with the `schemars` feature, as in CI.)
    #[cfg(feature = "schemars")]
    #[test]
    fn the_columns_are_the_fields_of_the_records() {
        assert_eq!(
            names(Shape::CallResultDetail),
            properties::<CallResultDetail>()
        );
        assert_eq!(names(Shape::Cdr), properties::<CdrRecord>());
        assert_eq!(names(Shape::CallRecords), properties::<CallRecord>());
        assert_eq!(
            names(Shape::UpdateReservedResult),
            BTreeSet::from(["resultCode".to_owned(), "resultDesc".to_owned()])
        );
        let mut external: BTreeSet<String> = properties::<ExternalResult>();
        external.remove("resultMapList");
        external.extend(properties::<ResultMapping>());
        assert_eq!(names(Shape::ExternalResult), external);
    }

    #[test]
    fn external_result_gives_a_row_per_mapping_with_the_parents_fields() {
        let reply = json!({"obResult": {"defId": "7", "vdnId": 40, "resultCode": "002",
            "displayResult": "busy", "resultMapList": [
                {"mapId": "1", "defId": "7", "failCode": "34609", "vdnId": "40"},
                {"mapId": "2", "failCode": "00008"}]}});
        let rows = Shape::ExternalResult.rows(&reply);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[1],
            vec![
                Some(json!("7")),
                Some(json!(40)),
                Some(json!("002")),
                Some(json!("busy")),
                Some(json!("2")),
                Some(json!("00008"))
            ]
        );
        let lone = Shape::ExternalResult.rows(&json!({"obResult": {"defId": "7"}}));
        assert_eq!(lone.len(), 1);
        assert_eq!(lone[0][0], Some(json!("7")));
    }

    #[test]
    fn single_record_commands_give_one_row_even_without_a_record() {
        assert_eq!(Shape::CallResultDetail.rows(&json!({})).len(), 1);
        let records =
            json!({"results": [{"callId": "a", "vdn": 1, "logDate": null}, 7, {"callId": "b"}]});
        assert_eq!(
            Shape::CallRecords.into_rows(records.clone()),
            Shape::CallRecords.rows(&records)
        );
        assert_eq!(Shape::CallRecords.into_rows(records).len(), 2);
        let cdr = Shape::Cdr.rows(&json!({"resultDesc": {"callId": "c"}}));
        assert_eq!(
            cdr[0][0],
            Some(json!("c")),
            "resultDesc when resultDatas is absent"
        );
        assert!(Shape::CallRecords.rows(&json!({"total": 0})).is_empty());
    }

    #[test]
    fn a_batch_row_carries_the_id_and_the_error() {
        let failed = batch_row(
            Shape::CallResultDetail,
            "x",
            &Err(("0200007".into(), "no such call".into())),
        );
        assert_eq!(failed.len(), BATCH.len() + CALL_RESULT_DETAIL.len());
        assert_eq!(
            &failed[..3],
            &[
                Some(json!("x")),
                Some(json!("0200007")),
                Some(json!("no such call"))
            ]
        );
        let ok = batch_row(
            Shape::CallResultDetail,
            "x",
            &Ok(json!({"data": {"callId": "x", "vdnId": 8}})),
        );
        assert_eq!(
            &ok[..5],
            &[
                Some(json!("x")),
                None,
                None,
                Some(json!("x")),
                Some(json!(8))
            ]
        );
    }
}
