//! The entry point: [`Client`], configured with [`ClientBuilder`].
//!
//! Every call validates its input before anything is sent, runs through the generated
//! client (which signs, authorizes and retries each attempt, see [`crate::transport`]), and
//! returns the decoded reply or one [`Error`]: business failures inside HTTP 200 replies
//! included.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use progenitor_client::ResponseValue;
use reqwest::header::{HeaderName, HeaderValue};
use tracing::Instrument;

use crate::auth::{AkSk, AppCredentials, TokenProvider};
use crate::error::{Error, Result, ResultCode, snippet};
use crate::generated::{cms, dataprocess, isales};
use crate::transport::{Auth, AuthKind, CALL_STATE, Clock, RetryPolicy, Transport};
use crate::wire::ErrorBody;
use crate::{
    CallRecordsRequest, CallRecordsResponse, CallResultDetailResponse, CdrQueryParam,
    CdrQueryParamIsCallin, CdrQueryRequest, CdrQueryResponse, CdrResultDesc,
    ExternalResultResponse, UpdateResultRequest, UpdateResultResponse,
};

/// Default time allowed to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for one attempt: connect, send, and receive the whole reply.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest identifier (call ID, appointment ID, ...) accepted. The pages document no
/// maximum; this bound only stops obviously broken input before it is sent.
pub const MAX_ID_LEN: usize = 256;

const ISALES_SUCCESS: &str = "0200000";
const CMS_SUCCESS: &str = "0100000";

/// Whether a CDR query is about an inbound or an outbound call (`isCallin`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallDirection {
    /// `isCallin: "true"`.
    Inbound,
    /// `isCallin: "false"`.
    Outbound,
}

/// Builds a [`Client`]. Every setting has a documented default; base URLs and credentials
/// are needed only by the operations that use them.
///
/// ```
/// use std::time::Duration;
/// use huawei_cec::{AkSk, Client};
///
/// let client = Client::builder()
///     .isales_url("https://10.0.0.8:28090")
///     .cms_url("https://10.0.0.9:28443")
///     .ak_sk(AkSk::new("my-ak", "my-sk"))
///     .timeout(Duration::from_secs(20))
///     .build()?;
/// # Ok::<(), huawei_cec::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientBuilder {
    isales_url: Option<String>,
    cms_url: Option<String>,
    apiaccess_url: Option<String>,
    ak_sk: Option<AkSk>,
    app: Option<AppCredentials>,
    tenant_space_id: Option<String>,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    proxy: Option<reqwest::Proxy>,
    no_proxy: bool,
    root_certificates_pem: Vec<Vec<u8>>,
    accept_invalid_certificates: bool,
    retry: RetryPolicy,
    clock: Clock,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            isales_url: None,
            cms_url: None,
            apiaccess_url: None,
            ak_sk: None,
            app: None,
            tenant_space_id: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            user_agent: concat!("huawei-cec/", env!("CARGO_PKG_VERSION")).to_owned(),
            proxy: None,
            no_proxy: false,
            root_certificates_pem: Vec::new(),
            accept_invalid_certificates: false,
            retry: RetryPolicy::default(),
            clock: Clock::default(),
        }
    }
}

impl ClientBuilder {
    /// A builder with the defaults and nothing configured.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes what the environment sets: `CEC_ISALES_URL`, `CEC_CMS_URL`,
    /// `CEC_APIACCESS_URL`, `CEC_AK` and `CEC_SK`, `CEC_APP_KEY` and `CEC_APP_SECRET`,
    /// `CEC_CA_CERT` (a PEM file). Settings made before or after this call are kept unless
    /// the environment provides them.
    pub fn from_env(mut self) -> Result<Self> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        if let Some(url) = var("CEC_ISALES_URL") {
            self.isales_url = Some(url);
        }
        if let Some(url) = var("CEC_CMS_URL") {
            self.cms_url = Some(url);
        }
        if let Some(url) = var("CEC_APIACCESS_URL") {
            self.apiaccess_url = Some(url);
        }
        if let Some(credentials) = AkSk::from_env() {
            self.ak_sk = Some(credentials);
        }
        if let Some(credentials) = AppCredentials::from_env() {
            self.app = Some(credentials);
        }
        if let Some(path) = var("CEC_CA_CERT") {
            self = self.root_certificate_file(path)?;
        }
        Ok(self)
    }

    /// Base URL of the CC-iSales server, `https://ip:port` (call result detail, external
    /// result, update of a reserved call's result).
    pub fn isales_url(mut self, url: impl Into<String>) -> Self {
        self.isales_url = Some(url.into());
        self
    }

    /// Base URL of the CC-CMS server (or the NSLB address), `https://ip:port` (CDRs).
    pub fn cms_url(mut self, url: impl Into<String>) -> Self {
        self.cms_url = Some(url.into());
        self
    }

    /// Base URL of the CEC open platform, `https://{domain}` (call records, tokens).
    pub fn apiaccess_url(mut self, url: impl Into<String>) -> Self {
        self.apiaccess_url = Some(url.into());
        self
    }

    /// The AK/SK that signs CC-iSales and CC-CMS requests.
    pub fn ak_sk(mut self, credentials: AkSk) -> Self {
        self.ak_sk = Some(credentials);
        self
    }

    /// The app key and secret exchanged for the data-process interface's bearer token.
    pub fn app_credentials(mut self, credentials: AppCredentials) -> Self {
        self.app = Some(credentials);
        self
    }

    /// Sends `X-TenantSpaceID` with data-process requests (the page's example does).
    pub fn tenant_space_id(mut self, id: impl Into<String>) -> Self {
        self.tenant_space_id = Some(id.into());
        self
    }

    /// Time allowed to establish a connection. Default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for one attempt, from connecting to the end of the reply body.
    /// Default 30 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header. Default `huawei-cec/{version}`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sends requests through this proxy (e.g. `reqwest::Proxy::https("http://proxy:3128")`).
    /// Without it, the proxies of the `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY`
    /// environment variables are used, as reqwest does.
    pub fn proxy(mut self, proxy: reqwest::Proxy) -> Self {
        self.proxy = Some(proxy);
        self
    }

    /// Uses no proxy at all, not even those of the environment.
    pub fn no_proxy(mut self) -> Self {
        self.no_proxy = true;
        self
    }

    /// Trusts the CA certificates in this PEM bundle in addition to the system's (servers
    /// at `https://ip:port` often use a private CA).
    pub fn root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates_pem.push(pem.into());
        self
    }

    /// [`Self::root_certificates_pem`] from a file.
    pub fn root_certificate_file(self, path: impl AsRef<std::path::Path>) -> Result<Self> {
        let path = path.as_ref();
        let pem = std::fs::read(path).map_err(|e| Error::Config {
            message: format!(
                "cannot read the CA certificate file {}: {e}",
                path.display()
            ),
        })?;
        Ok(self.root_certificates_pem(pem))
    }

    /// Accepts any server certificate, even invalid or self-signed ones. This removes the
    /// protection TLS gives against impostors: use it only against test servers. Never
    /// the default.
    pub fn danger_accept_invalid_certificates(mut self, accept: bool) -> Self {
        self.accept_invalid_certificates = accept;
        self
    }

    /// When and how often failed attempts are retried. Default [`RetryPolicy::default`].
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The clock whose time signs requests. Default the system clock.
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client> {
        let mut http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .user_agent(self.user_agent.clone())
            .tls_danger_accept_invalid_certs(self.accept_invalid_certificates);
        if self.no_proxy {
            http = http.no_proxy();
        }
        if let Some(proxy) = self.proxy {
            http = http.proxy(proxy);
        }
        for pem in &self.root_certificates_pem {
            let certificates =
                reqwest::Certificate::from_pem_bundle(pem).map_err(|e| Error::Config {
                    message: format!("the CA certificate PEM cannot be read: {e}"),
                })?;
            if certificates.is_empty() {
                return Err(Error::Config {
                    message: "the CA certificate PEM holds no certificate".into(),
                });
            }
            http = http.tls_certs_merge(certificates);
        }
        let http = http.build().map_err(|e| Error::Config {
            message: format!("HTTP client: {e}"),
        })?;

        if let Some(credentials) = &self.ak_sk {
            credentials.check()?;
        }
        if let Some(credentials) = &self.app {
            credentials.check()?;
        }
        let signed = Transport {
            auth: self.ak_sk.clone().map(Auth::AkSk).unwrap_or_default(),
            retry: self.retry,
            clock: self.clock.clone(),
            extra_headers: Vec::new(),
            retry_500: true,
        };
        let isales = base_url("isales_url", "CEC_ISALES_URL", self.isales_url.as_deref())?
            .map(|url| isales::Client::new_with_client(&url, http.clone(), signed.clone()));
        let cms = base_url("cms_url", "CEC_CMS_URL", self.cms_url.as_deref())?
            .map(|url| cms::Client::new_with_client(&url, http.clone(), signed.clone()));

        let apiaccess = base_url(
            "apiaccess_url",
            "CEC_APIACCESS_URL",
            self.apiaccess_url.as_deref(),
        )?;
        let (dataprocess, tokens) = match (&apiaccess, &self.app) {
            (Some(url), Some(app)) => {
                let plain = Transport {
                    retry: self.retry,
                    retry_500: false,
                    ..Transport::default()
                };
                let tokens = TokenProvider::new(
                    dataprocess::Client::new_with_client(url, http.clone(), plain),
                    app.clone(),
                    self.timeout,
                );
                let mut extra_headers = vec![(
                    HeaderName::from_static("x-app-key"),
                    header_value(app.app_key())?,
                )];
                if let Some(tenant) = &self.tenant_space_id {
                    extra_headers.push((
                        HeaderName::from_static("x-tenantspaceid"),
                        header_value(tenant)?,
                    ));
                }
                let transport = Transport {
                    auth: Auth::Bearer(tokens.clone()),
                    retry: self.retry,
                    clock: self.clock.clone(),
                    extra_headers,
                    retry_500: false,
                };
                (
                    Some(dataprocess::Client::new_with_client(
                        url,
                        http.clone(),
                        transport,
                    )),
                    Some(tokens),
                )
            }
            _ => (None, None),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                isales,
                cms,
                dataprocess,
                tokens,
                has_ak_sk: self.ak_sk.is_some(),
                has_apiaccess_url: apiaccess.is_some(),
                timeout: self.timeout,
            }),
        })
    }
}

fn header_value(value: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(value).map_err(|_| Error::Config {
        message: format!("{value:?} cannot be sent in an HTTP header"),
    })
}

/// Checks a base URL: absolute http(s), no query; a trailing `/` is dropped.
fn base_url(setting: &str, env: &str, url: Option<&str>) -> Result<Option<String>> {
    let Some(url) = url else { return Ok(None) };
    let parsed = reqwest::Url::parse(url).map_err(|e| Error::Config {
        message: format!(
            "{setting} ({env}) {url:?} is not a URL ({e}); expected e.g. https://10.0.0.8:28090"
        ),
    })?;
    if !matches!(parsed.scheme(), "http" | "https")
        || parsed.host_str().is_none()
        || parsed.query().is_some()
    {
        return Err(Error::Config {
            message: format!(
                "{setting} ({env}) {url:?} must be http(s)://host[:port][/path] without a query"
            ),
        });
    }
    Ok(Some(url.trim_end_matches('/').to_owned()))
}

/// A client of the five CEC interfaces. Cheap to clone; clones share connections and the
/// bearer token.
///
/// ```no_run
/// # async fn run() -> Result<(), huawei_cec::Error> {
/// use huawei_cec::{CallDirection, Client};
///
/// let client = Client::builder().from_env()?.build()?;
/// let detail = client.call_result_detail(8, "1644464743-1388").await?;
/// if let Some(data) = detail.data {
///     println!("call status: {:?}", data.call_status);
/// }
/// let cdr = client.cdr(1, "1000000000-0001", CallDirection::Inbound).await?;
/// println!("{:?}", cdr.result_datas);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    isales: Option<isales::Client>,
    cms: Option<cms::Client>,
    dataprocess: Option<dataprocess::Client>,
    tokens: Option<Arc<TokenProvider>>,
    has_ak_sk: bool,
    has_apiaccess_url: bool,
    timeout: Duration,
}

impl Client {
    /// A [`ClientBuilder`] with the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The token provider of the data-process interface, if configured.
    pub fn token_provider(&self) -> Option<&Arc<TokenProvider>> {
        self.inner.tokens.as_ref()
    }

    fn isales(&self) -> Result<&isales::Client> {
        self.signed(
            self.inner.isales.as_ref(),
            "CC-iSales",
            "ClientBuilder::isales_url, CEC_ISALES_URL or --isales-url",
        )
    }

    fn cms(&self) -> Result<&cms::Client> {
        self.signed(
            self.inner.cms.as_ref(),
            "CC-CMS",
            "ClientBuilder::cms_url, CEC_CMS_URL or --cms-url",
        )
    }

    fn signed<'a, C>(&self, client: Option<&'a C>, server: &str, how: &str) -> Result<&'a C> {
        let client = client.ok_or_else(|| Error::Config {
            message: format!("no {server} base URL: set it with {how}"),
        })?;
        if !self.inner.has_ak_sk {
            return Err(Error::Config {
                message: format!(
                    "{server} requests are signed with an AK/SK: set ClientBuilder::ak_sk, CEC_AK and CEC_SK, or --ak and --sk"
                ),
            });
        }
        Ok(client)
    }

    fn dataprocess(&self) -> Result<(&dataprocess::Client, &Arc<TokenProvider>)> {
        match (&self.inner.dataprocess, &self.inner.tokens) {
            (Some(client), Some(tokens)) => Ok((client, tokens)),
            _ if !self.inner.has_apiaccess_url => Err(Error::Config {
                message: "no CEC open platform base URL: set ClientBuilder::apiaccess_url, CEC_APIACCESS_URL or --apiaccess-url".into(),
            }),
            _ => Err(Error::Config {
                message: "the data-process interface needs an app key and secret: set ClientBuilder::app_credentials, CEC_APP_KEY and CEC_APP_SECRET, or --app-key and --app-secret".into(),
            }),
        }
    }

    /// Querying Details About a Single Outbound Call Result:
    /// `GET /rest/isales/v1/openapi/campaigns/{vdnId}/callresultdetail/{callId}`.
    ///
    /// `vdn_id` is 1 to 9999. Fails with [`Error::Api`] for result codes other than
    /// `0200000`, e.g. `0200007` ([`ResultCode::CallIdNotFound`]).
    pub async fn call_result_detail(
        &self,
        vdn_id: u32,
        call_id: &str,
    ) -> Result<CallResultDetailResponse> {
        let vdn_id = check_vdn_id(vdn_id)?;
        check_id("callId", call_id)?;
        let client = self.isales()?;
        let (reply, status) = self
            .call(
                "getCallResultDetail",
                AuthKind::AkSk,
                Box::pin(
                    client
                        .get_call_result_detail()
                        .vdn_id(vdn_id)
                        .call_id(call_id)
                        .send(),
                ),
            )
            .await?;
        check_isales(
            "getCallResultDetail",
            &reply.result_code,
            &reply.return_code,
            &reply.result_desc,
            status,
        )?;
        Ok(reply)
    }

    /// Querying a Single External Result:
    /// `GET /rest/isales/v1/openapi/campaigns/{vdnId}/{defId}/queryObsResultDetail`.
    pub async fn external_result(
        &self,
        vdn_id: u32,
        def_id: i64,
    ) -> Result<ExternalResultResponse> {
        let vdn_id = check_vdn_id(vdn_id)?;
        let client = self.isales()?;
        let (reply, status) = self
            .call(
                "getExternalResult",
                AuthKind::AkSk,
                Box::pin(
                    client
                        .get_external_result()
                        .vdn_id(vdn_id)
                        .def_id(def_id)
                        .send(),
                ),
            )
            .await?;
        check_isales(
            "getExternalResult",
            &reply.result_code,
            &reply.return_code,
            &reply.result_desc,
            status,
        )?;
        Ok(reply)
    }

    /// Querying CDRs of a Specified Call ID:
    /// `POST /rest/cmsapp/v1/openapi/calldata/querycalldetailbyid`.
    ///
    /// `cc_id` is 1 to 65535. Fails with [`Error::Api`] unless `resultCode` is `0100000`.
    pub async fn cdr(
        &self,
        cc_id: u32,
        call_id: &str,
        direction: CallDirection,
    ) -> Result<CdrQueryResponse> {
        if !(1..=65535).contains(&cc_id) {
            return Err(invalid(
                "ccId",
                format!("{cc_id} is out of range"),
                "the value ranges from 1 to 65535",
            ));
        }
        check_id("callId", call_id)?;
        let body = CdrQueryRequest {
            query_param: CdrQueryParam {
                cc_id: std::num::NonZeroU32::new(cc_id).expect("checked above"),
                call_id: call_id
                    .try_into()
                    .map_err(|_| invalid("callId", "is empty".into(), "a non-empty call ID"))?,
                is_callin: match direction {
                    CallDirection::Inbound => CdrQueryParamIsCallin::True,
                    CallDirection::Outbound => CdrQueryParamIsCallin::False,
                },
            },
        };
        let client = self.cms()?;
        let (reply, status) = self
            .call(
                "queryCdrByCallId",
                AuthKind::AkSk,
                Box::pin(client.query_cdr_by_call_id().body(body).send()),
            )
            .await?;
        if reply.result_code.as_deref() != Some(CMS_SUCCESS) {
            let description = match &reply.result_desc {
                Some(CdrResultDesc::String(text)) => Some(text.clone()),
                _ => None,
            };
            let code = reply.result_code.clone().or_else(|| reply.result.clone());
            return Err(match code {
                Some(code) => Error::Api {
                    operation: "queryCdrByCallId",
                    code: ResultCode::from_code(&code),
                    description,
                    status,
                },
                None => missing_code("queryCdrByCallId", status, &reply),
            });
        }
        Ok(reply)
    }

    /// Querying Call Result Data:
    /// `POST /apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo`.
    ///
    /// Either `callId` or one of `beginDate` and `endDate` must be set. The bearer token is
    /// obtained and cached as needed; a 401 renews it once and retries the call once.
    pub async fn call_records(&self, request: &CallRecordsRequest) -> Result<CallRecordsResponse> {
        check_call_records(request)?;
        let (client, tokens) = self.dataprocess()?;
        let token = tokens.token().await?;
        let first = self
            .call(
                "queryCallRecords",
                AuthKind::Bearer,
                Box::pin(client.query_call_records().body(request.clone()).send()),
            )
            .await;
        let (reply, _) = match first {
            Err(Error::Unauthorized { .. }) => {
                tracing::debug!("queryCallRecords: 401, renewing the token once");
                tokens.invalidate(&token);
                tokens.token().await?;
                self.call(
                    "queryCallRecords",
                    AuthKind::Bearer,
                    Box::pin(client.query_call_records().body(request.clone()).send()),
                )
                .await?
            }
            other => other?,
        };
        Ok(reply)
    }

    /// Updating the Result of a Reserved Outbound Call:
    /// `POST /rest/isales/v1/openapi/campaigns/{vdnId}/appoint/updateResult`.
    ///
    /// This changes data, so it is retried only when the request provably was not sent.
    /// Fails with [`Error::Api`] for result codes other than `0200000`, e.g. `04000004`
    /// ([`ResultCode::ReservedCampaignNotFound`]).
    pub async fn update_reserved_result(
        &self,
        vdn_id: u32,
        request: &UpdateResultRequest,
    ) -> Result<UpdateResultResponse> {
        let vdn_id = check_vdn_id(vdn_id)?;
        check_id("appointId", &request.appoint_id)?;
        for (field, value) in [
            ("userAccount", &request.user_account),
            ("workNo", &request.work_no),
            ("callerNo", &request.caller_no),
            ("failCode", &request.fail_code),
            ("callId", &request.call_id),
            ("busiResult", &request.busi_result),
            ("busiSubStatus", &request.busi_sub_status),
        ] {
            if let Some(value) = value {
                check_len(field, value)?;
            }
        }
        if let (Some(begin), Some(end)) = (request.begin_time, request.end_time)
            && end < begin
        {
            return Err(invalid(
                "endTime",
                format!("{end} is before beginTime {begin}"),
                "the call end time (epoch milliseconds) must not be before its start time",
            ));
        }
        let client = self.isales()?;
        let (reply, status) = self
            .call(
                "updateReservedCallResult",
                AuthKind::AkSk,
                Box::pin(
                    client
                        .update_reserved_call_result()
                        .vdn_id(vdn_id)
                        .body(request.clone())
                        .send(),
                ),
            )
            .await?;
        check_isales(
            "updateReservedCallResult",
            &reply.result_code,
            &reply.return_code,
            &reply.result_desc,
            status,
        )?;
        Ok(reply)
    }

    async fn call<T>(
        &self,
        operation: &'static str,
        auth: AuthKind,
        send: impl Future<
            Output = std::result::Result<ResponseValue<T>, progenitor_client::Error<ErrorBody>>,
        >,
    ) -> Result<(T, u16)> {
        call_with_status(operation, auth, self.inner.timeout, send).await
    }
}

/// Runs one generated call in a `cec.call` span and turns its outcome into the crate's
/// result, with the HTTP status. Used by [`Client`] and the token provider.
pub(crate) async fn call_with_status<T>(
    operation: &'static str,
    auth: AuthKind,
    timeout: Duration,
    send: impl Future<
        Output = std::result::Result<ResponseValue<T>, progenitor_client::Error<ErrorBody>>,
    >,
) -> Result<(T, u16)> {
    let span = tracing::info_span!(
        "cec.call",
        operation,
        status = tracing::field::Empty,
        attempts = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    let started = Instant::now();
    let scoped = CALL_STATE.scope(std::cell::Cell::new((None, 0)), async {
        let result = send.await;
        (result, CALL_STATE.with(|s| s.get()))
    });
    // A span no subscriber wants costs nothing as long as nothing enters or records it.
    let traced = !span.is_disabled();
    let (result, (last_status, attempts)) = if traced {
        scoped.instrument(span.clone()).await
    } else {
        scoped.await
    };
    let outcome = match result {
        Ok(value) => {
            let status = value.status().as_u16();
            Ok((value.into_inner(), status))
        }
        Err(e) => Err(map_error(operation, auth, timeout, last_status, e).await),
    };
    if traced {
        if let Some(status) = last_status {
            span.record("status", status);
        }
        span.record("attempts", attempts);
        span.record("duration_ms", started.elapsed().as_millis() as u64);
    }
    // At INFO only what cannot hold personal data (bodies may hold phone numbers).
    span.in_scope(|| match &outcome {
        Ok(_) => tracing::info!("call succeeded"),
        Err(e) => {
            tracing::info!(
                error = e.kind(),
                code = e.result_code().map(ResultCode::code),
                "call failed"
            );
            tracing::debug!(error = %e, "call failed");
        }
    });
    outcome
}

fn invalid(field: &'static str, problem: String, allowed: &'static str) -> Error {
    Error::InvalidInput {
        field,
        problem,
        allowed,
    }
}

fn check_vdn_id(vdn_id: u32) -> Result<std::num::NonZeroU32> {
    std::num::NonZeroU32::new(vdn_id)
        .filter(|v| v.get() <= 9999)
        .ok_or_else(|| {
            invalid(
                "vdnId",
                format!("{vdn_id} is out of range"),
                "the value is an integer ranging from 1 to 9999",
            )
        })
}

fn check_len(field: &'static str, value: &str) -> Result<()> {
    // Bytes bound characters from above: count characters only when the bytes exceed.
    if value.len() > MAX_ID_LEN {
        let len = value.chars().count();
        if len > MAX_ID_LEN {
            return Err(invalid(
                field,
                format!("is {len} characters long"),
                "at most 256 characters",
            ));
        }
    }
    if value.is_ascii() && !value.bytes().any(|b| b.is_ascii_control()) {
        return Ok(());
    }
    if value.chars().any(char::is_control) {
        return Err(invalid(
            field,
            "contains control characters".into(),
            "printable characters only",
        ));
    }
    Ok(())
}

fn check_id(field: &'static str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(invalid(
            field,
            "is empty".into(),
            "a non-empty ID of at most 256 characters",
        ));
    }
    check_len(field, value)
}

fn check_call_records(request: &CallRecordsRequest) -> Result<()> {
    check_id("subCcNo", &request.sub_cc_no)?;
    check_id("vdn", &request.vdn)?;
    let has_call_id = request.call_id.as_deref().is_some_and(|c| !c.is_empty());
    if !has_call_id && request.begin_date.is_none() && request.end_date.is_none() {
        return Err(invalid(
            "callId",
            "is empty and neither beginDate nor endDate is set".into(),
            "set callId, or beginDate or endDate (epoch milliseconds)",
        ));
    }
    for (field, value) in [
        ("callId", &request.call_id),
        ("callerNo", &request.caller_no),
        ("calleeNo", &request.callee_no),
        ("evaluationValue", &request.evaluation_value),
    ] {
        if let Some(value) = value {
            check_len(field, value)?;
        }
    }
    Ok(())
}

/// CC-iSales: success is `resultCode` (or, without it, `returnCode`) `0200000`.
fn check_isales(
    operation: &'static str,
    result_code: &Option<String>,
    return_code: &Option<String>,
    description: &Option<String>,
    status: u16,
) -> Result<()> {
    match result_code.as_deref().or(return_code.as_deref()) {
        Some(ISALES_SUCCESS) => Ok(()),
        Some(code) => Err(Error::Api {
            operation,
            code: ResultCode::from_code(code),
            description: description.clone(),
            status,
        }),
        None => Err(Error::Decode {
            operation,
            status,
            reason: "the reply has neither resultCode nor returnCode".into(),
            raw: bytes::Bytes::new(),
            source: None,
        }),
    }
}

fn missing_code(operation: &'static str, status: u16, reply: &CdrQueryResponse) -> Error {
    Error::Decode {
        operation,
        status,
        reason: "the reply has neither resultCode nor result".into(),
        raw: serde_json::to_vec(reply)
            .map(bytes::Bytes::from)
            .unwrap_or_default(),
        source: None,
    }
}

include!(concat!(env!("OUT_DIR"), "/status_meanings.rs"));

fn unauthorized_hint(auth: AuthKind) -> &'static str {
    match auth {
        AuthKind::AkSk => {
            "check the AK and SK (CEC_AK, CEC_SK), and this machine's clock: the auth-v2 signature covers the time \
             (see the canonical request with `cec --explain-signature` or RUST_LOG=huawei_cec::signing=debug)"
        }
        AuthKind::Bearer => {
            "the access token was refused even after renewing it: check that the app (CEC_APP_KEY) may use this \
             interface, and your account's status (page: 1. Check whether you have purchased related services. \
             2. Contact customer service to check the status of your account.)"
        }
        AuthKind::AppCredentials => {
            "the token interface refused the app key or app secret (CEC_APP_KEY, CEC_APP_SECRET)"
        }
    }
}

async fn map_error(
    operation: &'static str,
    auth: AuthKind,
    timeout: Duration,
    last_status: Option<u16>,
    error: progenitor_client::Error<ErrorBody>,
) -> Error {
    use progenitor_client::Error as E;
    let status_error = |status: u16, body: String| {
        if status == 401 {
            Error::Unauthorized {
                operation,
                hint: unauthorized_hint(auth),
                body,
            }
        } else {
            Error::HttpStatus {
                operation,
                status,
                meaning: documented_meaning(operation, status),
                body,
            }
        }
    };
    match error {
        E::InvalidRequest(problem) => Error::InvalidInput {
            field: "request",
            problem,
            allowed: "see spec/huawei-cec.yaml",
        },
        E::CommunicationError(e) | E::ResponseBodyError(e) | E::InvalidUpgrade(e) => {
            transport_error(operation, timeout, e)
        }
        E::ErrorResponse(reply) => {
            let status = reply.status().as_u16();
            status_error(
                status,
                snippet(&serde_json::to_vec(&reply.into_inner()).unwrap_or_default()),
            )
        }
        E::InvalidResponsePayload(raw, source) => match last_status {
            Some(status) if !(200..300).contains(&status) => status_error(status, snippet(&raw)),
            status => Error::Decode {
                operation,
                status: status.unwrap_or(200),
                reason: source.to_string(),
                raw: raw.slice(..raw.len().min(crate::error::BODY_SNIPPET_LIMIT)),
                source: Some(source),
            },
        },
        E::UnexpectedResponse(response) => {
            let status = response.status().as_u16();
            let body = read_bounded(response).await;
            status_error(status, snippet(&body))
        }
        E::Custom(message) => Error::Config { message },
    }
}

fn transport_error(operation: &'static str, timeout: Duration, e: reqwest::Error) -> Error {
    if e.is_timeout() {
        Error::Timeout { operation, timeout }
    } else if e.is_connect() || (e.is_request() && !e.is_body()) {
        Error::Connect {
            operation,
            source: e,
        }
    } else {
        Error::Transport {
            operation,
            source: e,
        }
    }
}

/// Reads at most a snippet's worth of a body.
async fn read_bounded(mut response: reqwest::Response) -> Vec<u8> {
    let mut body = Vec::new();
    while body.len() < crate::error::BODY_SNIPPET_LIMIT {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            _ => break,
        }
    }
    body
}
