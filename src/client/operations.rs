//! The operations as requests to send, in the manner of aws-sdk-rust's fluent builders:
//! `Client::call_result_detail(8, id)` makes a [`GetCallResultDetail`], which is sent by
//! `.send().await` (or simply `.await`), or by `.send_with_metadata().await` for the reply's
//! metadata besides its payload. Nothing is checked or sent before then: the input is
//! checked first, and a problem is an [`Error::InvalidInput`](crate::Error::InvalidInput)
//! with nothing sent.
//!
//! The two operations with optional inputs take them by setters (`requests`).

use std::future::Future;
use std::pin::Pin;

use crate::client::{CallDirection, Client};
use crate::error::{ResponseMetadata, Result};
use crate::generated::cms::types::{CdrQueryParam, CdrQueryParamIsCallin, CdrQueryRequest};
use crate::generated::isales::types::{CallResultDetail, ExternalResult};
use crate::validate::{check_cc_id, check_id, check_path_segment, check_vdn_id};
use crate::wire::CdrRecord;

/// The future of an operation sent by `.await` (boxed: an `IntoFuture` names its future's
/// type). `.send()` returns the same future unboxed.
pub type SendFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

/// `send`, `send_with_metadata` and `IntoFuture` for an operation's request, from its
/// `run(self, metadata: bool)`.
macro_rules! sendable {
    ($request:ident => $output:ty) => {
        impl<'a> $request<'a> {
            /// Checks the input and sends the request: the reply's payload, or the error.
            /// `.await` on the request does the same.
            pub async fn send(self) -> $crate::Result<$output> {
                self.run(false).await.map(|(output, _)| output)
            }

            /// As [`Self::send`], with what the reply carried besides its payload: its status,
            /// its request ID, how many attempts the call took, its business result code
            /// ([`ResponseMetadata`](crate::ResponseMetadata)). An error carries the same
            /// ([`Error::metadata`](crate::Error::metadata)).
            pub async fn send_with_metadata(
                self,
            ) -> $crate::Result<($output, $crate::ResponseMetadata)> {
                self.run(true)
                    .await
                    .map(|(output, metadata)| (output, metadata.unwrap_or_default()))
            }
        }

        impl<'a> ::std::future::IntoFuture for $request<'a> {
            type Output = $crate::Result<$output>;
            type IntoFuture = $crate::client::SendFuture<'a, $output>;

            /// [`Self::send`].
            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    };
}

pub(crate) use sendable;

/// What an operation's `run` returns: the payload, and the metadata when asked for.
pub(crate) type Sent<T> = Result<(T, Option<ResponseMetadata>)>;

/// Querying Details About a Single Outbound Call Result, to send: made by
/// [`Client::call_result_detail`].
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent: `.await` it, or call `.send()`"]
pub struct GetCallResultDetail<'a> {
    client: &'a Client,
    vdn_id: u32,
    call_id: String,
}

impl<'a> GetCallResultDetail<'a> {
    pub(crate) fn new(client: &'a Client, vdn_id: u32, call_id: String) -> Self {
        Self {
            client,
            vdn_id,
            call_id,
        }
    }

    async fn run(self, metadata: bool) -> Sent<CallResultDetail> {
        let Self {
            client,
            vdn_id,
            call_id,
        } = self;
        let vdn_id = check_vdn_id(vdn_id)?;
        check_path_segment("callId", &call_id)?;
        let isales = client.isales()?;
        client
            .call(
                "getCallResultDetail",
                client.signed(),
                metadata,
                Box::pin(
                    isales
                        .get_call_result_detail()
                        .vdn_id(vdn_id)
                        .call_id(call_id)
                        .send(),
                ),
            )
            .await
    }
}

sendable!(GetCallResultDetail => CallResultDetail);

/// Querying a Single External Result, to send: made by [`Client::external_result`].
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent: `.await` it, or call `.send()`"]
pub struct GetExternalResult<'a> {
    client: &'a Client,
    vdn_id: u32,
    def_id: i64,
}

impl<'a> GetExternalResult<'a> {
    pub(crate) fn new(client: &'a Client, vdn_id: u32, def_id: i64) -> Self {
        Self {
            client,
            vdn_id,
            def_id,
        }
    }

    async fn run(self, metadata: bool) -> Sent<ExternalResult> {
        let Self {
            client,
            vdn_id,
            def_id,
        } = self;
        let vdn_id = check_vdn_id(vdn_id)?;
        let isales = client.isales()?;
        client
            .call(
                "getExternalResult",
                client.signed(),
                metadata,
                Box::pin(
                    isales
                        .get_external_result()
                        .vdn_id(vdn_id)
                        .def_id(def_id)
                        .send(),
                ),
            )
            .await
    }
}

sendable!(GetExternalResult => ExternalResult);

/// Querying CDRs of a Specified Call ID, to send: made by [`Client::cdr`].
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent: `.await` it, or call `.send()`"]
pub struct QueryCdrByCallId<'a> {
    client: &'a Client,
    cc_id: u32,
    call_id: String,
    direction: CallDirection,
}

impl<'a> QueryCdrByCallId<'a> {
    pub(crate) fn new(
        client: &'a Client,
        cc_id: u32,
        call_id: String,
        direction: CallDirection,
    ) -> Self {
        Self {
            client,
            cc_id,
            call_id,
            direction,
        }
    }

    async fn run(self, metadata: bool) -> Sent<CdrRecord> {
        let Self {
            client,
            cc_id,
            call_id,
            direction,
        } = self;
        let cc_id = check_cc_id(cc_id)?;
        check_id("callId", &call_id)?;
        let body = CdrQueryRequest {
            query_param: CdrQueryParam {
                cc_id,
                call_id: call_id.try_into()?,
                is_callin: match direction {
                    CallDirection::Inbound => CdrQueryParamIsCallin::True,
                    CallDirection::Outbound => CdrQueryParamIsCallin::False,
                },
            },
        };
        let cms = client.cms()?;
        client
            .call(
                "queryCdrByCallId",
                client.signed(),
                metadata,
                Box::pin(cms.query_cdr_by_call_id().body(body).send()),
            )
            .await
    }
}

sendable!(QueryCdrByCallId => CdrRecord);
