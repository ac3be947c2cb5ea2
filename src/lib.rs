#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod auth;
pub mod cassette;
pub mod client;
pub mod config;
pub mod conformance;
pub mod error;
mod exchange;
mod generated;
pub mod record;
#[cfg(feature = "simulator")]
pub mod simulator;
pub mod times;
pub mod token;
pub mod transport;
mod validate;
pub mod wire;

pub use auth::{AkSk, AppCredentials, SigningProfile};
pub use chrono;
pub use client::{CallDirection, Client, Overrides};
pub use config::ClientBuilder;
pub use error::{ClockSkew, Error, ResponseMetadata, Result, ResultCode};
pub use record::Recorder;
pub use reqwest;
pub use token::TokenProvider;
pub use transport::{Clock, RetryPolicy};
pub use validate::MAX_ID_LEN;

// What the operations return, and the types of their fields. Listed by hand: a type the
// spec adds is public only once it is added here (and to `tests/public-api.txt`). The
// requests are built by the operations' setters (`client::UpdateReservedCallResult`, ...);
// the generated request bodies, the replies' wrappers (their result codes are checked, their
// payload returned) and the token's request and reply stay inside.
pub use generated::dataprocess::types::{CallRecord, CallRecordsResponse};
pub use generated::isales::types::{CallResultDetail, ExternalResult, ResultMapping};
pub use wire::{
    CallStatus, CallType, CdrCallResult, CdrRecord, LenientInt, MediaType, Secret, TokenLifetime,
};

/// Not part of the API: no documentation, no semver promise, may change in any release.
/// The raw generated clients, their transport and the types only they use, for this
/// crate's own tests, benchmarks and fuzz targets.
#[doc(hidden)]
pub mod __private {
    pub use crate::generated::cms::types::{CdrQueryResponse, CdrResultDesc};
    pub use crate::generated::dataprocess::types::{
        CallRecordsRequest, EpochMillisString, TokenRequest, TokenResponse,
    };
    pub use crate::generated::isales::types::{
        CallResultDetailResponse, ExternalResultResponse, UpdateResultRequest, UpdateResultResponse,
    };
    pub use crate::generated::{cms, dataprocess, isales};
    pub use crate::transport::Transport;
    pub use crate::wire::ErrorBody;
}
