#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod auth;
pub mod client;
pub mod error;
mod generated;
#[cfg(feature = "simulator")]
pub mod simulator;
pub mod transport;
pub mod wire;

pub use auth::{AkSk, AppCredentials};
pub use client::{CallDirection, Client, ClientBuilder};
pub use error::{Error, Result, ResultCode};
pub use generated::{cms, dataprocess, isales};
pub use reqwest;
pub use transport::{Clock, RetryPolicy};

include!(concat!(env!("OUT_DIR"), "/reexports.rs"));
pub use wire::*;
