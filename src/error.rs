//! Errors and the documented business result codes.

include!(concat!(env!("OUT_DIR"), "/result_codes.rs"));
