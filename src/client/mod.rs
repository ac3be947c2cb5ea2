//! The entry point: [`Client`] and its five operations.
//!
//! Each operation is a request to send (`operations`, `requests`): sent, it validates its
//! input before anything goes out (`validate`), runs through the generated client (which
//! signs, authorizes and retries each attempt, see [`crate::transport`]) inside one exchange
//! (`exchange`), checks the business result code and takes the payload out of the reply
//! (`replies`), and returns the payload or one [`Error`]: business failures inside HTTP 200
//! replies included. A client derived with other timeouts, retries or deadline shares
//! everything else (`overrides`).

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use crate::auth::SigningProfile;
use crate::error::{Error, ResponseMetadata, Result};
use crate::exchange::{self, AuthKind, Call, Reply};
use crate::generated::{cms, dataprocess, isales};
use crate::token::TokenProvider;
use crate::wire::redact_url;

mod operations;
mod overrides;
mod replies;
mod requests;

pub use operations::{GetCallResultDetail, GetExternalResult, QueryCdrByCallId, SendFuture};
pub use overrides::Overrides;
pub use requests::{QueryCallRecords, UpdateReservedCallResult};

/// Whether a CDR query is about an inbound or an outbound call (`isCallin`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallDirection {
    /// `isCallin: "true"`.
    Inbound,
    /// `isCallin: "false"`.
    Outbound,
}

/// A client of the five CEC interfaces. Cheap to clone; clones share connections and the
/// bearer token.
///
/// Each operation returns a request to send: `.await` it (or call `.send()`, as in
/// aws-sdk-rust) for the reply's payload, or `.send_with_metadata()` for the payload and what
/// the reply carried besides it (its request ID, ...).
///
/// ```no_run
/// # async fn run() -> Result<(), huawei_cec::Error> {
/// use huawei_cec::{CallDirection, Client};
///
/// let client = Client::builder().from_env()?.build()?;
/// let detail = client.call_result_detail(8, "1644464743-1388").await?;
/// println!("call status: {:?}", detail.call_status);
/// let cdr = client.cdr(1, "1000000000-0001", CallDirection::Inbound).await?;
/// println!("agent {:?}", cdr.agent_id);
/// client
///     .update_reserved_result(8, "appoint-1")
///     .fail_code("00000")
///     .send()
///     .await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Hosts>,
}

/// What a [`Client`] is made of, as [`crate::ClientBuilder`] assembles it.
pub(crate) struct Hosts {
    pub(crate) isales: Option<isales::Client>,
    pub(crate) cms: Option<cms::Client>,
    pub(crate) dataprocess: Option<dataprocess::Client>,
    pub(crate) tokens: Option<Arc<TokenProvider>>,
    pub(crate) has_ak_sk: bool,
    pub(crate) signing_profile: SigningProfile,
    pub(crate) has_apiaccess_url: bool,
    pub(crate) timeout: Duration,
}

/// Names what is configured, never how: the generated clients hold the reqwest client, whose
/// own `Debug` prints its default headers (which a given client may fill with credentials),
/// and the transport's signer and token provider, which redact their secrets themselves but
/// have nothing to add here.
impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.inner, f)
    }
}

impl fmt::Debug for Hosts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field(
                "isales_url",
                &self.isales.as_ref().map(|c| redact_url(&c.baseurl)),
            )
            .field(
                "cms_url",
                &self.cms.as_ref().map(|c| redact_url(&c.baseurl)),
            )
            .field(
                "apiaccess_url",
                &self.dataprocess.as_ref().map(|c| redact_url(&c.baseurl)),
            )
            .field("tokens", &self.tokens)
            .field("has_ak_sk", &self.has_ak_sk)
            .field("signing_profile", &self.signing_profile)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub(crate) fn new(hosts: Hosts) -> Self {
        Self {
            inner: Arc::new(hosts),
        }
    }

    /// The profile `auth-v2` requests are signed with.
    pub fn signing_profile(&self) -> SigningProfile {
        self.inner.signing_profile
    }

    /// The token provider of the data-process interface, if configured.
    pub fn token_provider(&self) -> Option<&Arc<TokenProvider>> {
        self.inner.tokens.as_ref()
    }

    fn isales(&self) -> Result<&isales::Client> {
        self.signed_client(
            self.inner.isales.as_ref(),
            "CC-iSales",
            "ClientBuilder::isales_url, CEC_ISALES_URL or --isales-url",
        )
    }

    fn cms(&self) -> Result<&cms::Client> {
        self.signed_client(
            self.inner.cms.as_ref(),
            "CC-CMS",
            "ClientBuilder::cms_url, CEC_CMS_URL or --cms-url",
        )
    }

    /// How a CC-iSales or CC-CMS request is authorized, for the hints of its errors.
    fn signed(&self) -> AuthKind {
        AuthKind::AkSk(self.inner.signing_profile)
    }

    fn signed_client<'a, C>(
        &self,
        client: Option<&'a C>,
        server: &str,
        how: &str,
    ) -> Result<&'a C> {
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
    /// `vdn_id` is 1 to 9999; `call_id` is not empty, at most 256 characters, no control
    /// characters, not `.` or `..` (any other character is percent-encoded). Sent by
    /// `.await` or [`.send()`](GetCallResultDetail::send); gives the call's result
    /// (`data`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for input out of range, [`Error::Config`] without a CC-iSales
    /// URL or an AK/SK (nothing is sent then); [`Error::Api`] for a result code other than
    /// `0200000`, e.g. `0200007` ([`ResultCode::CallIdNotFound`](crate::ResultCode::CallIdNotFound));
    /// [`Error::Decode`] for a success without `data`; and the errors of any call (see
    /// [`Error`]: `Unauthorized`, `HttpStatus`, `Timeout`, ...).
    pub fn call_result_detail(
        &self,
        vdn_id: u32,
        call_id: impl Into<String>,
    ) -> GetCallResultDetail<'_> {
        GetCallResultDetail::new(self, vdn_id, call_id.into())
    }

    /// Querying a Single External Result:
    /// `GET /rest/isales/v1/openapi/campaigns/{vdnId}/{defId}/queryObsResultDetail`.
    ///
    /// `vdn_id` is 1 to 9999. Sent by `.await` or [`.send()`](GetExternalResult::send); gives
    /// the external result definition and its mappings (`obResult`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a VDN out of range, [`Error::Config`] without a CC-iSales
    /// URL or an AK/SK (nothing is sent then); [`Error::Api`] for a result code other than
    /// `0200000`; [`Error::Decode`] for a success without `obResult`; and the errors of any
    /// call (see [`Error`]).
    pub fn external_result(&self, vdn_id: u32, def_id: i64) -> GetExternalResult<'_> {
        GetExternalResult::new(self, vdn_id, def_id)
    }

    /// Querying CDRs of a Specified Call ID:
    /// `POST /rest/cmsapp/v1/openapi/calldata/querycalldetailbyid`.
    ///
    /// `cc_id` is 1 to 65535; `call_id` is not empty, at most 256 characters, no control
    /// characters. Sent by `.await` or [`.send()`](QueryCdrByCallId::send); gives the CDR (the
    /// reply sends it twice, as `resultDatas` and `resultDesc`: one record is returned).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for input out of range, [`Error::Config`] without a CC-CMS URL
    /// or an AK/SK (nothing is sent then); [`Error::Api`] unless `resultCode` is `0100000`
    /// (a missing or misspelt parameter is named by [`Error::parameter`]); [`Error::Decode`]
    /// for a success without a CDR; and the errors of any call (see [`Error`]).
    pub fn cdr(
        &self,
        cc_id: u32,
        call_id: impl Into<String>,
        direction: CallDirection,
    ) -> QueryCdrByCallId<'_> {
        QueryCdrByCallId::new(self, cc_id, call_id.into(), direction)
    }

    /// Querying Call Result Data:
    /// `POST /apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo`.
    ///
    /// `sub_cc_no` (the call center ID, `subCcNo`) is not empty; `vdn` is the tenant's VDN ID,
    /// sent as the string the interface takes, any number: unlike the other operations' `vdnId`,
    /// this page gives it no range, and its own example sends `0`. Set the call's ID
    /// ([`call_id`](QueryCallRecords::call_id)) or a time range
    /// ([`begin_date`](QueryCallRecords::begin_date), [`end_date`](QueryCallRecords::end_date)),
    /// and any other filter, then send by `.await` or [`.send()`](QueryCallRecords::send);
    /// gives the records and their total. The bearer token is obtained and cached as needed;
    /// a 401 renews it once and sends the query once more.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for input out of range or neither a call ID nor a time, and
    /// [`Error::Config`] without the open platform's URL or the app credentials (nothing is
    /// sent then); [`Error::Unauthorized`] when the renewed token is refused too;
    /// [`Error::HttpStatus`] for the documented failures (400, 404, 500: the data-process
    /// interface reports them by status, `json` holding the reply); the token's errors
    /// ([`Error::TokenForbidden`], [`Error::TokenReply`]); and the errors of any call (see
    /// [`Error`]).
    pub fn call_records(&self, sub_cc_no: impl Into<String>, vdn: u32) -> QueryCallRecords<'_> {
        QueryCallRecords::new(self, sub_cc_no.into(), vdn)
    }

    /// Updating the Result of a Reserved Outbound Call:
    /// `POST /rest/isales/v1/openapi/campaigns/{vdnId}/appoint/updateResult`.
    ///
    /// `vdn_id` is 1 to 9999; `appoint_id` (the reservation task's ID) is not empty. Set the
    /// optional inputs ([`fail_code`](UpdateReservedCallResult::fail_code), ...), then send
    /// by `.await` or [`.send()`](UpdateReservedCallResult::send).
    ///
    /// This changes data, so it is retried only when the request provably was not sent.
    ///
    /// **Cancellation.** Dropping the future after the request went out (an outer
    /// `tokio::time::timeout`, a `select!` that takes another branch, an aborted task)
    /// leaves the outcome unknown, and no error says so: the server may or may not have
    /// applied the update. Bound the call with [`ClientBuilder::deadline`](crate::ClientBuilder::deadline)
    /// (or [`Overrides::deadline`]) instead: a call past its deadline ends with
    /// [`Error::OutcomeUnknown`] when the request may have been sent, which says so.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for input out of range (an empty `appoint_id`, an `end_time`
    /// before `begin_time`, ...) and [`Error::Config`] without a CC-iSales URL or an AK/SK
    /// (nothing is sent then); [`Error::Api`] for a result code other than `0200000`, e.g.
    /// `04000004` ([`ResultCode::ReservedCampaignNotFound`](crate::ResultCode::ReservedCampaignNotFound)):
    /// not applied; [`Error::OutcomeUnknown`] when the request was sent and no reply told
    /// (a timeout, a lost connection, a gateway's 502 or 504, a 500): check before trying
    /// again; and the errors of any call (see [`Error`]), which mean it was not applied.
    pub fn update_reserved_result(
        &self,
        vdn_id: u32,
        appoint_id: impl Into<String>,
    ) -> UpdateReservedCallResult<'_> {
        UpdateReservedCallResult::new(self, vdn_id, appoint_id.into())
    }

    /// One exchange ([`exchange::run`]), with this client's timeout for its errors. Not an
    /// `async fn`: the exchange's future is returned as it is, not moved into another.
    fn call<T: Reply>(
        &self,
        operation: &'static str,
        auth: AuthKind,
        metadata: bool,
        send: impl Future<
            Output = std::result::Result<
                progenitor_client::ResponseValue<T>,
                progenitor_client::Error<crate::wire::ErrorBody>,
            >,
        >,
    ) -> impl Future<Output = Result<(T::Output, Option<ResponseMetadata>)>> {
        exchange::run(
            Call {
                operation,
                auth,
                timeout: self.inner.timeout,
                metadata,
            },
            send,
        )
    }
}
