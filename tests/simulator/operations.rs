//! The five operations through the client, and the pages' quirks on the wire.

use super::*;

#[tokio::test]
async fn the_five_operations_succeed_through_the_client() {
    let sim = sim().await;
    let client = sim.client().unwrap();
    let detail = client
        .call_result_detail(8, "1644464743-1388")
        .await
        .unwrap();
    let data = detail;
    assert_eq!(data.call_status, Some(CallStatus::Succeeded));
    assert_eq!(data.call_end_time.as_deref(), Some("2022-02-10 11:45:51"));
    let external = client.external_result(40, 1402245659).await.unwrap();
    assert_eq!(external.result_map_list[1].vdn_id, Some(LenientInt(40)));
    let cdr = client
        .cdr(1, "1000000000-0001", CallDirection::Inbound)
        .await
        .unwrap();
    assert_eq!(cdr.agent_id, Some(100));
    let records = client
        .call_records("1", 1)
        .call_id("1669464198-17002955")
        .await
        .unwrap();
    assert_eq!(records.total, Some(LenientInt(1)));
    assert_eq!(records.results[0].evaluation_value.as_deref(), Some("1"));
    let ((), update) = client
        .update_reserved_result(8, "174738152455111432454674595509")
        .send_with_metadata()
        .await
        .unwrap();
    assert_eq!(update.result_code(), Some("0200000"));
    let operations: Vec<_> = sim.requests().iter().map(|r| r.operation).collect();
    assert_eq!(
        operations,
        [
            Some("getCallResultDetail"),
            Some("getExternalResult"),
            Some("queryCdrByCallId"),
            Some("createToken"),
            Some("queryCallRecords"),
            Some("updateReservedCallResult")
        ]
    );
}

#[tokio::test]
async fn the_wire_carries_the_pages_quirks() {
    let sim = sim().await;
    let (status, detail) = raw(
        &sim,
        "GET",
        "/rest/isales/v1/openapi/campaigns/8/callresultdetail/1644464743-1388",
        None,
        true,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(detail["data"]["callStatus"], "6");
    let (_, external) = raw(
        &sim,
        "GET",
        "/rest/isales/v1/openapi/campaigns/40/1402245659/queryObsResultDetail",
        None,
        true,
    )
    .await;
    assert_eq!(external["obResult"]["vdnId"], 40);
    assert_eq!(external["obResult"]["resultMapList"][0]["vdnId"], "40");
    let query = json!({"queryParam": {"ccId": 1, "isCallin": "true", "callId": "1000000000-0001"}});
    let (_, cdr) = raw(
        &sim,
        "POST",
        "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid",
        Some(query),
        true,
    )
    .await;
    assert_eq!(cdr["resultDatas"]["agentId "], 100);
    assert!(cdr["resultDatas"].get("agentId").is_none());
    assert_eq!(cdr["resultDesc"], cdr["resultDatas"]);
    let client = sim.client().unwrap();
    let records = client
        .call_records("1", 1)
        .call_id("1669463446-17002406")
        .await
        .unwrap();
    assert_eq!(records.results[0].vdn, Some(LenientInt(1)));
}
