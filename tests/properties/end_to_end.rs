//! End to end: the client against arbitrary server replies.

use super::*;

pub(crate) const AK: &str = "prop-ak";
pub(crate) const SK: &str = "prop-sk-SECRET-value";
pub(crate) const APP_KEY: &str = "prop-app-key";
pub(crate) const APP_SECRET: &str = "prop-app-SECRET-value";
pub(crate) const TOKEN: &str = "prop-token-SECRET-value";

/// The operations, by a path fragment that identifies their requests.
pub(crate) const OPERATIONS: [(&str, &str); 5] = [
    ("getCallResultDetail", "/callresultdetail/"),
    ("getExternalResult", "/queryObsResultDetail"),
    ("queryCdrByCallId", "/querycalldetailbyid"),
    ("queryCallRecords", "/queryCallManualDetailInfo"),
    ("updateReservedCallResult", "/appoint/updateResult"),
];
pub(crate) const TOKEN_PATH: &str = "/tokenByAkSk";

#[derive(Debug, Clone)]
pub(crate) struct Scripted {
    status: u16,
    body: Vec<u8>,
}

pub(crate) fn status() -> BoxedStrategy<u16> {
    prop_oneof![
        // 200 is the only status the pages document for success: often, to reach decoding.
        4 => Just(200u16),
        3 => select(&[200u16, 201, 204, 301, 400, 401, 403, 404, 429, 500, 502, 503, 504, 599][..]),
        1 => 100u16..600,
    ]
    .boxed()
}

/// A status and a body: shaped like the operation's reply, the page's example of it (if
/// any), or any bytes.
pub(crate) fn reply_for(
    shaped: BoxedStrategy<Value>,
    example: Option<&str>,
) -> BoxedStrategy<Scripted> {
    let example = example.map_or_else(Vec::new, page);
    (
        status(),
        prop_oneof![
            4 => shaped.prop_map(|v| serde_json::to_vec(&v).unwrap()),
            1 => Just(example),
            2 => body_bytes(),
        ],
    )
        .prop_map(|(status, body)| Scripted { status, body })
        .boxed()
}

#[derive(Debug, Clone)]
pub(crate) struct Case {
    /// One reply per operation, in the order of [`OPERATIONS`].
    replies: Vec<Scripted>,
    /// The reply of the token interface; `None`: a valid token.
    token: Option<Scripted>,
}

pub(crate) fn case() -> impl Strategy<Value = Case> {
    (
        vec![
            reply_for(call_result_detail_json(), Some(PAGES[0])),
            reply_for(external_result_json(), Some(PAGES[1])),
            reply_for(cdr_json(), Some(PAGES[2])),
            reply_for(call_records_json(), Some(PAGES[3])),
            reply_for(update_result_json(), Some(PAGES[4])),
        ],
        proptest::option::weighted(0.25, reply_for(token_json(), None)),
    )
        .prop_map(|(replies, token)| Case { replies, token })
}

pub(crate) fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// How often each operation ended how (printed with `--nocapture`, to judge coverage).
pub(crate) static OUTCOMES: Mutex<BTreeMap<(&'static str, &'static str), usize>> =
    Mutex::new(BTreeMap::new());

/// Checks one call's outcome against the reply the server gave.
pub(crate) fn check_outcome<T: Debug>(
    operation: &'static str,
    reply: &Scripted,
    token: Option<&Scripted>,
    outcome: &Result<T, Error>,
) -> Result<(), TestCaseError> {
    let kind = outcome.as_ref().map_or_else(Error::kind, |_| "Ok");
    *OUTCOMES
        .lock()
        .unwrap()
        .entry((operation, kind))
        .or_default() += 1;
    match outcome {
        Ok(value) => {
            prop_assert!(
                is_success(reply.status),
                "{operation}: Ok({value:?}) for HTTP {}",
                reply.status
            );
            if let Some(token) = token {
                prop_assert!(
                    is_success(token.status),
                    "{operation}: Ok with token HTTP {}",
                    token.status
                );
            }
        }
        Err(e) => {
            // Every accessor and the message work, and the message holds no secret.
            let message = e.to_string();
            let _ = (
                e.kind(),
                e.is_retryable(),
                e.result_code(),
                e.is_invalid_input(),
            );
            for secret in [SK, APP_SECRET, TOKEN] {
                prop_assert!(!message.contains(secret), "{operation}: {message}");
            }
            prop_assert!(!e.is_invalid_input(), "{operation}: {e:?}");
            // A refused status is reported with that status (when the token interface was
            // not what failed first).
            let token_failed = token.is_some() && operation == "queryCallRecords";
            if !token_failed && (200..600).contains(&reply.status) && !is_success(reply.status) {
                prop_assert_eq!(e.status(), Some(reply.status), "{}: {:?}", operation, e);
            }
        }
    }
    Ok(())
}

pub(crate) fn e2e_client(url: &str) -> Client {
    Client::builder()
        .isales_url(url)
        .cms_url(url)
        .apiaccess_url(url)
        .ak_sk(AkSk::new(AK, SK))
        .app_credentials(AppCredentials::new(APP_KEY, APP_SECRET))
        .retry_policy(RetryPolicy::none())
        .connect_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(2))
        .no_proxy()
        .build()
        .unwrap()
}

pub(crate) fn call_records_request(client: &Client) -> huawei_cec::client::QueryCallRecords<'_> {
    client.call_records("1", 1).call_id("1669464198-17002955")
}

pub(crate) fn update_request(client: &Client) -> huawei_cec::client::UpdateReservedCallResult<'_> {
    client.update_reserved_result(8, "174738152455111432454674595509")
}

/// (e) A server answering each operation with an arbitrary status and body: every call
/// returns `Ok` or a typed error, never panics, and is never `Ok` for a status outside 2xx.
#[test]
fn every_operation_survives_any_reply() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let script: Arc<Mutex<Option<Case>>> = Arc::default();
    let handler_script = script.clone();
    let server = runtime.block_on(TestServer::with_handler(move |r: &Recorded| {
        let case = handler_script
            .lock()
            .unwrap()
            .clone()
            .expect("a case is set");
        let path = r.uri.path();
        if path.ends_with(TOKEN_PATH) {
            return match &case.token {
                Some(s) => Reply::raw(s.status, &s.body),
                None => Reply::json(200, &json!({"AccessToken": TOKEN, "Expires": "3600"})),
            };
        }
        match OPERATIONS
            .iter()
            .position(|(_, fragment)| path.contains(fragment))
        {
            Some(i) => Reply::raw(case.replies[i].status, &case.replies[i].body),
            None => Reply::raw(404, format!("unexpected path {path}").as_bytes()),
        }
    }));

    let mut runner = TestRunner::new(config(HTTP_CASES));
    let result = runner.run(&case(), |case| {
        *script.lock().unwrap() = Some(case.clone());
        // A new client per case, so that no token is carried over.
        let client = e2e_client(&server.url);
        let token = case.token.as_ref();
        runtime.block_on(async {
            // A success is one whose reply had the success code (its metadata says which).
            let outcome = client
                .call_result_detail(8, "1644464743-1388")
                .send_with_metadata()
                .await;
            check_outcome("getCallResultDetail", &case.replies[0], None, &outcome)?;
            if let Ok((_, meta)) = &outcome {
                prop_assert_eq!(meta.result_code(), Some("0200000"));
            }
            let outcome = client
                .external_result(40, 1_402_245_659)
                .send_with_metadata()
                .await;
            check_outcome("getExternalResult", &case.replies[1], None, &outcome)?;
            if let Ok((_, meta)) = &outcome {
                prop_assert_eq!(meta.result_code(), Some("0200000"));
            }
            let outcome = client
                .cdr(1, "1000000000-0001", CallDirection::Inbound)
                .send_with_metadata()
                .await;
            check_outcome("queryCdrByCallId", &case.replies[2], None, &outcome)?;
            if let Ok((_, meta)) = &outcome {
                prop_assert_eq!(meta.result_code(), Some("0100000"));
            }
            let outcome = call_records_request(&client).await;
            check_outcome("queryCallRecords", &case.replies[3], token, &outcome)?;
            let outcome = update_request(&client).send_with_metadata().await;
            check_outcome("updateReservedCallResult", &case.replies[4], None, &outcome)?;
            if let Ok((_, meta)) = &outcome {
                prop_assert_eq!(meta.result_code(), Some("0200000"));
            }
            Ok::<(), TestCaseError>(())
        })
    });
    for ((operation, kind), n) in OUTCOMES.lock().unwrap().iter() {
        eprintln!("{operation}: {kind} x{n}");
    }
    if let Err(e) = result {
        panic!("{e}\n{runner}");
    }
}

/// Identifiers as a caller might pass them: typical ones, URL-special characters, any text.
pub(crate) fn identifier() -> BoxedStrategy<String> {
    prop_oneof![
        "[0-9]{10}-[0-9]{1,8}",
        "[a-zA-Z0-9%/?#&=+;:@ .~-]{0,24}",
        ".{0,16}",
    ]
    .boxed()
}

#[derive(Debug, Clone)]
pub(crate) struct Inputs {
    vdn_id: u32,
    call_id: String,
    def_id: i64,
    cc_id: u32,
    direction: CallDirection,
    records_call_id: String,
    appoint_id: String,
    work_no: Option<String>,
}

pub(crate) fn inputs() -> impl Strategy<Value = Inputs> {
    (
        prop_oneof![3 => 1u32..=9999, 1 => any::<u32>()],
        identifier(),
        any::<i64>(),
        prop_oneof![3 => 1u32..=65535, 1 => any::<u32>()],
        prop_oneof![Just(CallDirection::Inbound), Just(CallDirection::Outbound)],
        identifier(),
        identifier(),
        proptest::option::of(identifier()),
    )
        .prop_map(
            |(vdn_id, call_id, def_id, cc_id, direction, records_call_id, appoint_id, work_no)| {
                Inputs {
                    vdn_id,
                    call_id,
                    def_id,
                    cc_id,
                    direction,
                    records_call_id,
                    appoint_id,
                    work_no,
                }
            },
        )
}

/// (e) Whatever a caller passes, a call is either refused before anything is sent
/// (`InvalidInput`) or sent signed so that a server verifying the request as it arrived
/// accepts it (the server answers the page's example, or 401 when the signature is wrong).
#[test]
fn any_input_is_refused_up_front_or_sent_verifiably_signed() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // Counted here: `TestServer::received` clones every request recorded so far.
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    let server = runtime.block_on(TestServer::with_handler(move |r: &Recorded| {
        counter.fetch_add(1, Ordering::SeqCst);
        let path = r.uri.path();
        if path.ends_with(TOKEN_PATH) {
            return Reply::json(200, &json!({"AccessToken": TOKEN, "Expires": "3600"}));
        }
        let Some(i) = OPERATIONS
            .iter()
            .position(|(_, fragment)| path.contains(fragment))
        else {
            return Reply::raw(404, format!("unexpected path {path}").as_bytes());
        };
        if OPERATIONS[i].0 != "queryCallRecords"
            && let Err(why) = common::verify_auth_v2(r, AK, SK)
        {
            return Reply::json(401, &json!({"error": why.to_string()}));
        }
        Reply::raw(200, &page(PAGES[i]))
    }));
    let client = e2e_client(&server.url);

    let mut runner = TestRunner::new(config(HTTP_CASES));
    let result = runner.run(&inputs(), |inputs| {
        runtime.block_on(async {
            let check = |operation: &str, sent_before: usize, outcome: Result<(), Error>| {
                let sent = requests.load(Ordering::SeqCst) - sent_before;
                match outcome {
                    Ok(()) => prop_assert!(sent >= 1, "{operation}: Ok without a request"),
                    Err(e) if e.is_invalid_input() => {
                        prop_assert_eq!(sent, 0, "{}: {} but a request was sent", operation, e);
                    }
                    Err(e) => {
                        return Err(TestCaseError::fail(format!(
                            "{operation}: {e} ({}) for {inputs:?}",
                            e.kind()
                        )));
                    }
                }
                Ok(())
            };

            let before = requests.load(Ordering::SeqCst);
            let outcome = client
                .call_result_detail(inputs.vdn_id, &inputs.call_id)
                .await;
            check("getCallResultDetail", before, outcome.map(drop))?;

            let before = requests.load(Ordering::SeqCst);
            let outcome = client.external_result(inputs.vdn_id, inputs.def_id).await;
            check("getExternalResult", before, outcome.map(drop))?;

            let before = requests.load(Ordering::SeqCst);
            let outcome = client
                .cdr(inputs.cc_id, &inputs.call_id, inputs.direction)
                .await;
            check("queryCdrByCallId", before, outcome.map(drop))?;

            let before = requests.load(Ordering::SeqCst);
            let outcome = client
                .call_records("1", 1)
                .call_id(inputs.records_call_id.clone())
                .await;
            check("queryCallRecords", before, outcome.map(drop))?;

            let before = requests.load(Ordering::SeqCst);
            let outcome = client
                .update_reserved_result(inputs.vdn_id, inputs.appoint_id.clone())
                .set_work_no(inputs.work_no.clone())
                .await;
            check("updateReservedCallResult", before, outcome.map(drop))?;
            Ok::<(), TestCaseError>(())
        })
    });
    if let Err(e) = result {
        panic!("{e}\n{runner}");
    }
}
