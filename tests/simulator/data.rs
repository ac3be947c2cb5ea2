//! Tokens that expire, the seeded data, and what updates change.

use super::*;

#[tokio::test]
async fn tokens_expire_and_the_client_renews_them() {
    let sim = sim().await;
    let client = sim.client().unwrap();
    let query = client.call_records("1", 1).call_id("1669464198-17002955");
    query.clone().await.unwrap();
    assert_eq!(sim.token_requests(), 1);
    sim.expire_tokens();
    query.await.unwrap();
    assert_eq!(sim.token_requests(), 2, "renewed after the 401");
    let statuses: Vec<u16> = sim.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 200, 401, 200, 200]);
}

#[tokio::test]
async fn queries_read_the_seeded_data_and_update_changes_it() {
    let sim = sim().await;
    let client = sim.client().unwrap();
    let (call_id, cc_id, vdn) = sim.with_data(|d| {
        let c = d
            .calls
            .iter()
            .find(|c| c.call_type == 2 && c.vdn == 8)
            .unwrap();
        (c.call_id.clone(), c.cc_id, c.vdn)
    });
    let appoint_id = sim.with_data(|d| {
        d.appointments
            .values()
            .find(|a| a.vdn == vdn)
            .unwrap()
            .appoint_id
            .clone()
    });
    let detail = client.call_result_detail(vdn, &call_id).await.unwrap();
    let cdr = client
        .cdr(cc_id, &call_id, CallDirection::Outbound)
        .await
        .unwrap();
    let record = cdr;
    // The CDR agrees with the call result.
    assert_eq!(record.call_id.as_deref(), Some(call_id.as_str()));
    assert_eq!(record.result_code, detail.result_code);
    assert_eq!(
        detail.call_status == Some(CallStatus::Succeeded),
        record.call_time.unwrap() > 0
    );
    assert!(record.busi_result.is_none());
    client
        .update_reserved_result(vdn, appoint_id.clone())
        .call_id(call_id.clone())
        .busi_result("B-1")
        .busi_sub_status("S-2")
        .await
        .unwrap();
    let cdr = client
        .cdr(cc_id, &call_id, CallDirection::Outbound)
        .await
        .unwrap();
    assert_eq!(
        (cdr.busi_result.as_deref(), cdr.busi_sub_status.as_deref()),
        (Some("B-1"), Some("S-2"))
    );
    let stored = sim.with_data(|d| d.appointments[&appoint_id].result.clone().unwrap());
    assert_eq!(stored["busiResult"], "B-1");
}

#[tokio::test]
async fn call_records_filter_by_period_and_fields() {
    let sim = sim().await;
    let client = sim.client().unwrap();
    let all = client
        .call_records("1", 8)
        .begin_date(huawei_cec::times::from_epoch_millis(1790812800000).unwrap())
        .end_date(huawei_cec::times::from_epoch_millis(1793404800000).unwrap());
    let reply = all.clone().await.unwrap();
    let expected = sim.with_data(|d| {
        d.calls
            .iter()
            .filter(|c| c.vdn == 8 && c.wait_begin >= 1790812800000)
            .count()
    });
    assert!(expected > 100, "{expected}");
    assert_eq!(reply.results.len(), expected);
    assert_eq!(reply.total, Some(LenientInt(expected as i64)));
    let rated = all
        .evaluation_value("5")
        .media_type(huawei_cec::MediaType::Voice);
    let reply = rated.await.unwrap();
    assert!(!reply.results.is_empty());
    assert!(
        reply
            .results
            .iter()
            .all(|r| r.evaluation_value.as_deref() == Some("5")
                && r.mediatype == Some(huawei_cec::MediaType::Voice))
    );
}

#[tokio::test]
async fn the_same_seed_serves_the_same_data() {
    let (a, b) = (sim().await, sim().await);
    let end = huawei_cec::times::from_epoch_millis(1793404800000).unwrap();
    let (ca, cb) = (a.client().unwrap(), b.client().unwrap());
    let ra = ca.call_records("2", 202).end_date(end).await.unwrap();
    let rb = cb.call_records("2", 202).end_date(end).await.unwrap();
    assert!(!ra.results.is_empty());
    assert_eq!(ra, rb);
}

/// The call-records page gives its `vdn` no range and its own example sends `"0"` (with
/// `subCcNo` `"0"` and `callId` `"0"`): the client sends it as the page does.
#[tokio::test]
async fn call_records_send_the_pages_example_vdn_zero() {
    let sim = sim().await;
    let client = sim.client().unwrap();
    let reply = client.call_records("0", 0).call_id("0").await.unwrap();
    assert!(reply.results.is_empty(), "{reply:?}");
    let sent = sim
        .requests()
        .into_iter()
        .find(|r| r.operation == Some("queryCallRecords"))
        .expect("the query reached the simulator");
    let body: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(
        (&body["subCcNo"], &body["vdn"], &body["callId"]),
        (
            &serde_json::json!("0"),
            &serde_json::json!("0"),
            &serde_json::json!("0")
        )
    );
}
