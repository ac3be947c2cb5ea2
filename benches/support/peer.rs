//! The peer of the benches: the client openapi-generator makes from the spec
//! (`benches/peer/`), set up as its user would, making the calls of [`super::Op`].

use std::sync::Arc;
use std::time::Duration;

use huawei_cec::auth::Signer;

use super::{APP_KEY, Op, TOKEN};

/// The peer: openapi-generator's client, configured as its user would. One `Configuration`
/// per host (the spec says so; here all on one server): the signed hosts' with a
/// reqwest-middleware client whose middleware sets the `Content-Type` the pages prescribe
/// and signs the request with the same [`Signer`], the data-process host's with the bearer
/// token its `Configuration` carries. Both over the same reqwest client as the baselines,
/// which also sets `Accept: application/json` on every request, as this client sends it.
#[derive(Clone)]
pub struct Peer {
    signed: Arc<huawei_cec_client::apis::configuration::Configuration>,
    bearer: Arc<huawei_cec_client::apis::configuration::Configuration>,
}

/// The auth-v2 step of the peer's requests.
struct AuthV2(Arc<Signer>);

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for AuthV2 {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        request.headers_mut().insert(
            reqwest::header::CONTENT_TYPE,
            reqwest::header::HeaderValue::from_static("application/json; charset=UTF-8"),
        );
        self.0
            .sign_request(&mut request, chrono::Utc::now())
            .map_err(reqwest_middleware::Error::middleware)?;
        next.run(request, extensions).await
    }
}

impl Peer {
    pub fn new(url: &str, signer: Arc<Signer>) -> Peer {
        use huawei_cec_client::apis::configuration::Configuration;
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(
                [(
                    reqwest::header::ACCEPT,
                    reqwest::header::HeaderValue::from_static("application/json"),
                )]
                .into_iter()
                .collect(),
            )
            .no_proxy()
            .build()
            .unwrap();
        let user_agent = Some(concat!("huawei-cec/", env!("CARGO_PKG_VERSION")).to_owned());
        let signed = Configuration {
            base_path: url.to_owned(),
            user_agent: user_agent.clone(),
            client: reqwest_middleware::ClientBuilder::new(http.clone())
                .with(AuthV2(signer))
                .build(),
            ..Configuration::default()
        };
        let bearer = Configuration {
            base_path: url.to_owned(),
            user_agent,
            client: reqwest_middleware::ClientBuilder::new(http).build(),
            bearer_access_token: Some(TOKEN.to_owned()),
            ..Configuration::default()
        };
        Peer {
            signed: Arc::new(signed),
            bearer: Arc::new(bearer),
        }
    }

    /// The same call through the peer, its reply decoded into its own models.
    pub async fn call(&self, op: Op) {
        use huawei_cec_client::apis::{cms_api, dataprocess_api, isales_api};
        use huawei_cec_client::models;
        let code = match op {
            Op::Cdr => {
                cms_api::query_cdr_by_call_id(
                    &self.signed,
                    models::CdrQueryRequest::new(models::CdrQueryParam::new(
                        1,
                        models::cdr_query_param::IsCallin::True,
                        "1000000000-0001".to_owned(),
                    )),
                )
                .await
                .unwrap()
                .result_code
            }
            Op::CallResultDetail => {
                isales_api::get_call_result_detail(&self.signed, 8, "1644464743-1388")
                    .await
                    .unwrap()
                    .result_code
            }
            Op::CallRecords => {
                let mut query = models::CallRecordsRequest::new("1".to_owned(), "1".to_owned());
                query.call_id = Some("1669464198-17002955".to_owned());
                let reply =
                    dataprocess_api::query_call_records(&self.bearer, query, Some(APP_KEY), None)
                        .await
                        .unwrap();
                assert_eq!(reply.results.map(|r| r.len()), Some(2));
                return;
            }
        };
        assert!(matches!(code.as_deref(), Some("0200000" | "0100000")));
    }
}
