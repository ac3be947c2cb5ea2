//! `--output json|ndjson|csv|table` and the time options, against the simulator and
//! recording servers.

use huawei_cec::simulator::Simulator;

use super::*;

/// A server of call records behind a token, recording what it is sent.
async fn records_server() -> TestServer {
    TestServer::with_handler(|r: &Recorded| {
        if r.uri.path().ends_with("tokenByAkSk") {
            Reply::json(200, &json!({"AccessToken": "cli-token", "Expires_In": 600}))
        } else if r.header("authorization") == Some("Bearer cli-token") {
            Reply::raw(200, &page("call_records.response.json"))
        } else {
            Reply::json(401, &json!({}))
        }
    })
    .await
}

fn records_env(url: &str) -> [(&'static str, &str); 3] {
    [
        ("CEC_APIACCESS_URL", url),
        ("CEC_APP_KEY", "k"),
        ("CEC_APP_SECRET", "s"),
    ]
}

#[tokio::test]
async fn tables_show_a_row_per_record_with_headers_and_readable_times() {
    let sim = Simulator::start().await.unwrap();
    let env = sim_env(&sim);
    let env = as_refs(&env);
    let commands: &[(&str, &[&str])] = &[
        (
            "table_call_result_detail",
            &[
                "call-result-detail",
                "--vdn-id",
                "8",
                "--call-id",
                "1644464743-1388",
            ],
        ),
        (
            "table_external_result",
            &[
                "external-result",
                "--vdn-id",
                "40",
                "--def-id",
                "1402245659",
            ],
        ),
        (
            "table_cdr",
            &[
                "cdr",
                "--cc-id",
                "1",
                "--call-id",
                "1000000000-0001",
                "--inbound",
            ],
        ),
        (
            "table_call_records",
            &[
                "call-records",
                "--sub-cc-no",
                "1",
                "--vdn",
                "1",
                "--begin-date",
                "2026-10-01T00:00:00Z",
                "--end-date",
                "2026-10-01T02:00:00Z",
            ],
        ),
    ];
    for (name, args) in commands {
        let args: Vec<&str> = ["--output", "table"].iter().chain(*args).copied().collect();
        let run = cec(&args, &env).await;
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(run.stderr.is_empty(), "{}", run.stderr);
        insta::assert_snapshot!(*name, run.stdout);
    }
    // The external result: a row per result mapping, each with the parent's fields.
    let run = cec(
        &[
            "-o",
            "table",
            "external-result",
            "--vdn-id",
            "40",
            "--def-id",
            "1402245659",
        ],
        &env,
    )
    .await;
    let json = cec(
        &[
            "external-result",
            "--vdn-id",
            "40",
            "--def-id",
            "1402245659",
        ],
        &env,
    )
    .await
    .json();
    let maps = json["obResult"]["resultMapList"].as_array().unwrap();
    assert!(maps.len() > 1, "{json:#}");
    assert_eq!(run.stdout.lines().count(), 1 + maps.len(), "{}", run.stdout);
    for line in run.stdout.lines().skip(1) {
        assert!(line.starts_with("1402245659"), "{line}");
    }
}

#[tokio::test]
async fn csv_and_ndjson_give_the_same_rows_as_the_json_reply() {
    let sim = Simulator::start().await.unwrap();
    let env = sim_env(&sim);
    let env = as_refs(&env);
    let query = [
        "call-records",
        "--sub-cc-no",
        "1",
        "--vdn",
        "1",
        "--begin-date",
        "2026-10-01",
        "--end-date",
        "2026-10-02",
    ];
    let reply = cec(&query, &env).await.json();
    let records = reply["results"].as_array().unwrap();
    assert!(records.len() > 10, "{reply:#}");

    let with = |format: &'static str| -> Vec<&str> {
        ["--output", format].into_iter().chain(query).collect()
    };
    let ndjson = cec(&with("ndjson"), &env).await;
    assert_eq!(ndjson.code, 0, "{}", ndjson.stderr);
    assert_eq!(
        &ndjson.ndjson(),
        records,
        "one object a line, a record each"
    );

    let csv = cec(&with("csv"), &env).await;
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "callId");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), records.len());
    for (row, record) in rows.iter().zip(records) {
        for (header, cell) in headers.iter().zip(row) {
            let expected = match &record[header] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(cell, expected, "{header} of {record}");
        }
    }
    insta::assert_snapshot!(
        "csv_call_records_head",
        csv.stdout.lines().take(4).collect::<Vec<_>>().join("\n")
    );
}

#[tokio::test]
async fn the_format_comes_from_the_flag_then_cec_output_and_json_by_default() {
    let server =
        signed_server(|_| Reply::raw(200, &page("update_reserved_result.response.json"))).await;
    let mut env = signed_env(&server.url);
    let args = [
        "update-reserved-result",
        "--vdn-id",
        "8",
        "--appoint-id",
        "1",
    ];
    let run = cec(&args, &as_refs(&env)).await;
    assert_eq!(run.json()["resultDesc"], "update success");

    env.push(("CEC_OUTPUT", "csv".into()));
    let run = cec(&args, &as_refs(&env)).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "resultCode,resultDesc\n0200000,update success\n"
    );
    let with_flag: Vec<&str> = args.iter().copied().chain(["-o", "ndjson"]).collect();
    let run = cec(&with_flag, &as_refs(&env)).await;
    assert_eq!(
        run.ndjson(),
        [json!({"resultCode": "0200000", "resultDesc": "update success"})]
    );
    let bad: Vec<&str> = args.iter().copied().chain(["-o", "xml"]).collect();
    let run = cec(&bad, &as_refs(&env)).await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("[possible values: json, ndjson, csv, table]"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn errors_go_to_stderr_in_every_format() {
    let server = signed_server(|_| {
        Reply::json(
            200,
            &json!({"resultCode": "0200007", "resultDesc": "The call record ID does not exist."}),
        )
    })
    .await;
    let env = signed_env(&server.url);
    for format in ["json", "ndjson", "csv", "table"] {
        let run = cec(
            &[
                "-o",
                format,
                "call-result-detail",
                "--vdn-id",
                "8",
                "--call-id",
                "nope",
            ],
            &as_refs(&env),
        )
        .await;
        assert_eq!(run.code, 1, "{format}");
        assert!(run.stdout.is_empty(), "{format}: {}", run.stdout);
        assert!(run.stderr.contains("0200007"), "{format}: {}", run.stderr);
    }
}

/// `cec -o FORMAT call-result-detail` against a server that checks the signature and answers
/// `reply`; the run, which must have succeeded.
async fn call_result_detail_as(format: &str, reply: fn(&Recorded) -> Reply) -> Run {
    let server = signed_server(reply).await;
    let env = signed_env(&server.url);
    let run = cec(
        &[
            "-o",
            format,
            "call-result-detail",
            "--vdn-id",
            "8",
            "--call-id",
            "c",
        ],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

#[tokio::test]
async fn csv_output_defuses_cells_a_spreadsheet_would_run() {
    let run = call_result_detail_as("csv", |_| {
        Reply::json(
            200,
            &json!({"resultCode": "0200000", "data": {
                "callId": "=HYPERLINK(\"http://evil.example\",\"open\")",
                "called": "+8613800000000",
                "recordPath": "@SUM(1+1)*cmd|' /C calc'!A0",
                "callBeginTime": "1747220297000"
            }}),
        )
    })
    .await;
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let record = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| {
        let at = headers.iter().position(|h| h == name).unwrap();
        record[at].to_owned()
    };
    assert_eq!(
        cell("callId"),
        "'=HYPERLINK(\"http://evil.example\",\"open\")"
    );
    assert_eq!(cell("recordPath"), "'@SUM(1+1)*cmd|' /C calc'!A0");
    // A phone number keeps its sign.
    assert_eq!(cell("called"), "+8613800000000");
}

/// A call result whose text holds control characters and escape sequences.
fn control_characters(_: &Recorded) -> Reply {
    Reply::json(
        200,
        &json!({"resultCode": "0200000", "data": {
            "callId": "c\u{1b}]0;owned\u{7}",
            "called": "\u{1b}[2J\u{1b}[31m88881955",
            "recordPath": "first\nsecond\r",
            "callBeginTime": "1747220297000"
        }}),
    )
}

#[tokio::test]
async fn a_table_escapes_control_characters_a_server_sends() {
    let run = call_result_detail_as("table", control_characters).await;
    assert!(
        !run.stdout.chars().any(|c| c.is_control() && c != '\n'),
        "{:?}",
        run.stdout
    );
    assert_eq!(
        run.stdout.lines().count(),
        2,
        "one header, one row: {}",
        run.stdout
    );
    for shown in [
        r"c\u{1b}]0;owned\u{7}",
        r"\u{1b}[2J\u{1b}[31m88881955",
        r"first\nsecond\r",
        "2025-05-14 10:58:17 UTC",
    ] {
        assert!(run.stdout.contains(shown), "{shown} in {}", run.stdout);
    }
    // CSV keeps the data as sent, quoted as CSV quotes it.
    let run = call_result_detail_as("csv", control_characters).await;
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[0], "c\u{1b}]0;owned\u{7}");
    assert_eq!(&row[9], "first\nsecond\r");
}

#[tokio::test]
async fn time_options_take_dates_and_rfc3339_and_send_epoch_milliseconds() {
    let server = records_server().await;
    let env = records_env(&server.url);
    let cases = [
        ("2024-01-01", "2024-01-01", "1704067200000", "1704153599999"),
        (
            "2024-01-01T08:00:00+08:00",
            "2024-01-01T00:00:00.250Z",
            "1704067200000",
            "1704067200250",
        ),
        (
            "1704067200000",
            "1704153599999",
            "1704067200000",
            "1704153599999",
        ),
    ];
    for (begin, end, sent_begin, sent_end) in cases {
        let run = cec(
            &[
                "call-records",
                "--sub-cc-no",
                "1",
                "--vdn",
                "1",
                "--begin-date",
                begin,
                "--end-date",
                end,
            ],
            &env,
        )
        .await;
        assert_eq!(run.code, 0, "{}", run.stderr);
        let body: Value = serde_json::from_slice(&server.received().last().unwrap().body).unwrap();
        assert_eq!(body["beginDate"], sent_begin, "{begin}");
        assert_eq!(body["endDate"], sent_end, "{end}");
    }

    let update =
        signed_server(|_| Reply::raw(200, &page("update_reserved_result.response.json"))).await;
    let env = signed_env(&update.url);
    let run = cec(
        &[
            "update-reserved-result",
            "--vdn-id",
            "8",
            "--appoint-id",
            "1",
            "--begin-time",
            "2025-05-14T10:58:17Z",
            "--end-time",
            "2025-05-14",
        ],
        &as_refs(&env),
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let body: Value = serde_json::from_slice(&update.single().body).unwrap();
    assert_eq!(
        body["beginTime"],
        json!(1_747_220_297_000_i64),
        "an integer"
    );
    assert_eq!(
        body["endTime"],
        json!(1_747_267_199_999_i64),
        "the end of the day"
    );
}

#[tokio::test]
async fn a_bad_time_exits_2_saying_what_is_allowed_and_sends_nothing() {
    let server = records_server().await;
    let env = records_env(&server.url);
    for (option, value) in [
        ("--begin-date", "yesterday"),
        ("--end-date", "2024-01-01T08:00"),
        ("--begin-date", "1969-12-31"),
        ("--end-date", "99999999999999"),
    ] {
        let run = cec(
            &[
                "call-records",
                "--sub-cc-no",
                "1",
                "--vdn",
                "1",
                option,
                value,
            ],
            &env,
        )
        .await;
        assert_eq!(run.code, 2, "{option} {value}: {}", run.stderr);
        assert!(
            run.stderr.contains(option) && run.stderr.contains(value),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("epoch milliseconds") || run.stderr.contains("outside 1970-01-01"),
            "{}",
            run.stderr
        );
    }
    let run = cec(
        &[
            "update-reserved-result",
            "--vdn-id",
            "8",
            "--appoint-id",
            "1",
            "--end-time",
            "noon",
        ],
        &as_refs(&signed_env(&server.url)),
    )
    .await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("RFC 3339") && run.stderr.contains("YYYY-MM-DD"),
        "{}",
        run.stderr
    );
    assert!(server.received().is_empty(), "nothing was sent");
}
