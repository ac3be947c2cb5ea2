#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod auth;
pub mod cassette;
pub mod client;
pub mod config;
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
pub use client::{CallDirection, Client};
pub use config::ClientBuilder;
pub use error::{Error, Result, ResultCode};
pub use generated::{cms, dataprocess, isales};
pub use record::Recorder;
pub use reqwest;
pub use token::TokenProvider;
pub use transport::{Clock, RetryPolicy};
pub use validate::MAX_ID_LEN;

include!(concat!(env!("OUT_DIR"), "/reexports.rs"));
pub use wire::*;
