//! The entry point: [`Client`] and its five operations.
//!
//! Every call validates its input before anything is sent (`validate`), runs
//! through the generated client (which signs, authorizes and retries each attempt, see
//! [`crate::transport`]) inside one exchange (`exchange`), and returns the decoded reply or
//! one [`Error`]: business failures inside HTTP 200 replies included.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use crate::auth::SigningProfile;
use crate::error::{Error, Result, ResultCode};
use crate::exchange::{self, AuthKind, Reply, ReplyInfo};
use crate::generated::cms::types::{
    CdrQueryParam, CdrQueryParamIsCallin, CdrQueryRequest, CdrQueryResponse, CdrResultDesc,
};
use crate::generated::dataprocess::types::{CallRecordsRequest, CallRecordsResponse};
use crate::generated::isales::types::{
    CallResultDetailResponse, ExternalResultResponse, UpdateResultRequest, UpdateResultResponse,
};
use crate::generated::{cms, dataprocess, isales};
use crate::token::TokenProvider;
use crate::validate::{
    check_call_records, check_cc_id, check_id, check_path_segment, check_update_request,
    check_vdn_id, invalid,
};
use crate::wire::{Secret, redact_url};

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
        check_path_segment("callId", call_id)?;
        let client = self.isales()?;
        let (reply, _) = self
            .call(
                "getCallResultDetail",
                AuthKind::AkSk(self.inner.signing_profile),
                Box::pin(
                    client
                        .get_call_result_detail()
                        .vdn_id(vdn_id)
                        .call_id(call_id)
                        .send(),
                ),
            )
            .await?;
        Ok(*reply)
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
        let (reply, _) = self
            .call(
                "getExternalResult",
                AuthKind::AkSk(self.inner.signing_profile),
                Box::pin(
                    client
                        .get_external_result()
                        .vdn_id(vdn_id)
                        .def_id(def_id)
                        .send(),
                ),
            )
            .await?;
        Ok(*reply)
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
        let cc_id = check_cc_id(cc_id)?;
        check_id("callId", call_id)?;
        let body = CdrQueryRequest {
            query_param: CdrQueryParam {
                cc_id,
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
        let (reply, _) = self
            .call(
                "queryCdrByCallId",
                AuthKind::AkSk(self.inner.signing_profile),
                Box::pin(client.query_cdr_by_call_id().body(body).send()),
            )
            .await?;
        Ok(*reply)
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
        // A server may echo the request it refused: no token sent is quoted.
        let hide = |error: Error, token: &Secret| {
            exchange::redact(error, |text| {
                text.contains(token.expose())
                    .then(|| text.replace(token.expose(), "[REDACTED]"))
            })
        };
        let (reply, _) = match first {
            Err(Error::Unauthorized { .. }) => {
                tracing::debug!("queryCallRecords: 401, renewing the token once");
                tokens.invalidate(&token);
                let renewed = tokens.token().await?;
                self.call(
                    "queryCallRecords",
                    AuthKind::Bearer,
                    Box::pin(client.query_call_records().body(request.clone()).send()),
                )
                .await
                .map_err(|e| hide(hide(e, &token), &renewed))?
            }
            other => other.map_err(|e| hide(e, &token))?,
        };
        Ok(*reply)
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
        check_update_request(request)?;
        let client = self.isales()?;
        let (reply, _) = self
            .call(
                "updateReservedCallResult",
                AuthKind::AkSk(self.inner.signing_profile),
                Box::pin(
                    client
                        .update_reserved_call_result()
                        .vdn_id(vdn_id)
                        .body(request.clone())
                        .send(),
                ),
            )
            .await?;
        Ok(*reply)
    }

    /// One exchange ([`exchange::run`]), with this client's timeout for its errors. Not an
    /// `async fn`: the exchange's future is returned as it is, not moved into another.
    fn call<T: Reply>(
        &self,
        operation: &'static str,
        auth: AuthKind,
        send: impl Future<
            Output = std::result::Result<
                progenitor_client::ResponseValue<T>,
                progenitor_client::Error<crate::wire::ErrorBody>,
            >,
        >,
    ) -> impl Future<Output = Result<(Box<T>, u16)>> {
        exchange::run(operation, auth, self.inner.timeout, send)
    }
}

/// CC-iSales: success is `resultCode` (or, without it, `returnCode`) `0200000`.
fn check_isales(
    reply: &ReplyInfo,
    result_code: &Option<String>,
    return_code: &Option<String>,
    description: &Option<String>,
) -> Result<()> {
    match result_code.as_deref().or(return_code.as_deref()) {
        Some(ISALES_SUCCESS) => Ok(()),
        Some(code) => Err(Error::Api {
            operation: reply.operation,
            code: ResultCode::from_code(code),
            description: description.clone(),
            status: reply.status,
        }),
        None => Err(Error::Decode {
            operation: reply.operation,
            status: reply.status,
            reason: "the reply has neither resultCode nor returnCode".into(),
            raw: Vec::new(),
            source: None,
        }),
    }
}

/// The CC-iSales replies: checked for their business result code.
macro_rules! isales_reply {
    ($($reply:ty),*) => {$(
        impl Reply for $reply {
            fn check(&self, reply: &ReplyInfo) -> Result<()> {
                check_isales(reply, &self.result_code, &self.return_code, &self.result_desc)
            }
        }
    )*};
}

isales_reply!(
    CallResultDetailResponse,
    ExternalResultResponse,
    UpdateResultResponse
);

/// CC-CMS: success is `resultCode` `0100000`; a failure may give its code in `result`.
impl Reply for CdrQueryResponse {
    fn check(&self, reply: &ReplyInfo) -> Result<()> {
        if self.result_code.as_deref() == Some(CMS_SUCCESS) {
            return Ok(());
        }
        let description = match &self.result_desc {
            Some(CdrResultDesc::String(text)) => Some(text.clone()),
            _ => None,
        };
        let code = self.result_code.clone().or_else(|| self.result.clone());
        Err(match code {
            Some(code) => Error::Api {
                operation: reply.operation,
                code: ResultCode::from_code(&code),
                description,
                status: reply.status,
            },
            None => Error::Decode {
                operation: reply.operation,
                status: reply.status,
                reason: "the reply has neither resultCode nor result".into(),
                raw: serde_json::to_vec(self).unwrap_or_default(),
                source: None,
            },
        })
    }
}

/// The data-process interface reports failures with HTTP statuses: nothing to check inside.
impl Reply for CallRecordsResponse {}

#[cfg(test)]
mod tests {
    use std::mem::size_of;

    use crate::generated::{cms, dataprocess, isales};

    /// The transport's bound of a reply's decoded size counts each JSON object as
    /// `OBJECT_COST` bytes: at least the struct it decodes into, and three times that for
    /// the structs held in a `Vec` (the growth of the `Vec`).
    #[test]
    fn every_reply_struct_fits_the_decoded_size_bound() {
        let in_vecs = [
            size_of::<dataprocess::types::CallRecord>(),
            size_of::<isales::types::ResultMapping>(),
        ];
        let others = [
            size_of::<isales::types::CallResultDetailResponse>(),
            size_of::<isales::types::CallResultDetail>(),
            size_of::<isales::types::ExternalResultResponse>(),
            size_of::<isales::types::ExternalResult>(),
            size_of::<isales::types::UpdateResultResponse>(),
            size_of::<cms::types::CdrQueryResponse>(),
            size_of::<crate::wire::CdrRecord>(),
            size_of::<dataprocess::types::CallRecordsResponse>(),
            size_of::<dataprocess::types::TokenResponse>(),
        ];
        let cost = crate::transport::OBJECT_COST;
        for size in in_vecs {
            assert!(
                3 * size as u64 <= cost,
                "{size} bytes in a Vec: raise OBJECT_COST"
            );
        }
        for size in others {
            assert!(size as u64 <= cost, "{size} bytes: raise OBJECT_COST");
        }
    }
}
