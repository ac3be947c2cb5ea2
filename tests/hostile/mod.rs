//! The hostile server of `tests/hostile_server.rs`, and `cec` run against it.

pub mod run;
pub mod server;
