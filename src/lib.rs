#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod error;
mod generated;
pub mod transport;
pub mod wire;

pub use error::ResultCode;
pub use generated::{cms, dataprocess, isales};
pub use reqwest;

include!(concat!(env!("OUT_DIR"), "/reexports.rs"));
pub use wire::*;
