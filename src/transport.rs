//! What every request passes through on its way out: the hooks of the generated clients.

use progenitor_client::{ClientHooks, Error, OperationInfo};
use reqwest::header::{CONTENT_TYPE, HeaderValue};

use crate::generated::{cms, dataprocess, isales};

/// The `Content-Type` the CC-iSales and CC-CMS pages prescribe for every request, GETs
/// included (it is signed).
pub const CONTENT_TYPE_JSON_UTF8: &str = "application/json; charset=UTF-8";

/// Per-client state shared by the generated clients' hooks.
#[derive(Debug, Clone, Default)]
pub struct Transport {}

/// Puts a request in the form the pages document: the prescribed `Content-Type` on every
/// CC-iSales and CC-CMS request, and no `api-version` header (progenitor adds one; the
/// pages do not know it).
fn normalize(request: &mut reqwest::Request, signed_service: bool) {
    let headers = request.headers_mut();
    headers.remove("api-version");
    if signed_service {
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static(CONTENT_TYPE_JSON_UTF8),
        );
    }
}

impl ClientHooks<Transport> for isales::Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _: &OperationInfo,
    ) -> Result<(), Error<E>> {
        normalize(request, true);
        Ok(())
    }
}

impl ClientHooks<Transport> for cms::Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _: &OperationInfo,
    ) -> Result<(), Error<E>> {
        normalize(request, true);
        Ok(())
    }
}

impl ClientHooks<Transport> for dataprocess::Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _: &OperationInfo,
    ) -> Result<(), Error<E>> {
        normalize(request, false);
        Ok(())
    }
}
