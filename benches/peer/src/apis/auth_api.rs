/*
 * Huawei Cloud CEC outbound-call reporting interfaces
 *
 * Five interfaces of Huawei Cloud's contact center (CEC) that report on outbound calls, transcribed from Huawei's documentation pages (updated 2023-09-27 .. 2023-12-19), and the token interface one of them needs:  | Page | Operation | |---|---| | Querying Details About a Single Outbound Call Result | `getCallResultDetail` | | Querying a Single External Result | `getExternalResult` | | Querying CDRs of a Specified Call ID | `queryCdrByCallId` | | Querying Call Result Data | `queryCallRecords` | | Updating the Result of a Reserved Outbound Call | `updateReservedCallResult` | | (the token interface `tokenByAkSk`; its page is not among the five) | `createToken` |  ## One base URL per host  The operations live on three servers. Each path declares its server in its own `servers`, but many generators ignore per-path `servers` and give a client a single base URL. Create one client (or API object) per host, chosen by the operation's tag, and give it that host's base URL: scheme, host and port only, as the paths here are absolute.  | Tag | Server | Base URL | Operations | Authentication | |---|---|---|---|---| | `isales` | CC-iSales | `https://{ip}:{port}` | `getCallResultDetail`, `getExternalResult`, `updateReservedCallResult` | `authV2` | | `cms` | CC-CMS (or the NSLB address) | `https://{ip}:{port}` | `queryCdrByCallId` | `authV2` | | `dataprocess` | CEC open platform | `https://{domain}` | `queryCallRecords` | `bearerToken` | | `auth` | CEC open platform | `https://{domain}` | `createToken` | none |  For example: in Python one `Client(base_url=...)` per host; in typescript-fetch one `Configuration({ basePath })` per API class; in Java `setCustomBaseUrl` on each API object. The pages give neither the IP addresses nor the ports: ask the administrator.  ## What is transcribed and what is not: `x-inferred`  Everything in this document is transcribed from the five pages unless it carries the extension `x-inferred`. Its value is a sentence that says which part of the element it is on is not on the pages and where that part comes from: Huawei's documentation of the token and authentication interfaces as found in public material (those pages are not among the five), reports from the field, this document's own reading, or this project's simulator. `x-inferred` appears on operations, responses, examples, parameters, schemas, properties, server variables and security schemes; the descriptions say the same in words. This document's own organisation is not marked: operationIds, tags, the summary of `createToken`, the `name` of each entry of `x-result-codes`, and integer `format`s (the pages say only Integer).  Other extensions:  * `x-success-code` (operation): the documented `resultCode` of success. * `x-result-codes` (operation): the page's error-code table, machine-readable: `code`,   the page's `description`, and a `name` of this document's for generated enumerations. * `x-extensible-enum` (schema): the documented values of an open enumeration; a client   accepts other values as they are. * `x-aliases` (property): other keys under which the pages show the same field; a   client reads these too. * `x-personal-data` (property): the field identifies a subscriber or their call, as   its description on the page says, and is personal data: `subscriber-number` for a   calling or called number, `recording-url` for the link to a call's recording (whose   query is also a credential). Tools that record or log traffic mask these values.  ## Where the pages disagree with themselves  A real server sends what the pages' examples show, so this document follows the examples where they contradict the tables, and says so at each place:  * `queryCdrByCallId`: the table lists `ccId`, `isCallin` and `callId` at the top of the   body; the example (followed here) wraps them in `{\"queryParam\": {...}}`. * `queryCdrByCallId`: the example sends the key `\"agentId \"` (with a trailing space)   where the table says `agentId`. `CdrRecord` declares `\"agentId \"` and lists `agentId`   in `x-aliases`: a client reads both. (Declaring both as properties is not possible:   generators that map keys to identifiers, such as openapi-python-client, refuse two   keys with the same identifier.) * `queryCdrByCallId`: `resultDesc` is documented as an object (the same content as   `resultDatas`). * `queryCdrByCallId`: the header table writes `application/json; charset=UTF-8`, the   message example `application/json;charset=UTF-8`; this document follows the table. * `getCallResultDetail`: `callStatus` is documented as Integer; the example sends `\"6\"`. * `getExternalResult`: `resultMapList[].vdnId` is documented as Integer; the example   sends `\"40\"`. * `queryCallRecords`: `total` and `results[].vdn` are documented as String; the example   sends numbers. `results` is documented as an object; the example sends an array of   objects. * `queryCallRecords`: the request field is `mediaType`, the response field `mediatype`;   both are kept as documented. * `queryCallRecords`: the example request shows `X-TenantSpaceID` and `X-app-key`   headers; only `X-APP-Key` is in the table. Both are described here, both optional.  Fields whose wire type varies have schemas of their own that accept both forms.  ## Content-Type  The CC-iSales and CC-CMS pages fix `Content-Type: application/json; charset=UTF-8` for every request, the two GETs included. The request bodies of `queryCdrByCallId` and `updateReservedCallResult` are declared with exactly that media type, so generated clients send it. The GETs have no body, and OpenAPI ignores a header parameter named `Content-Type`, so for `getCallResultDetail` and `getExternalResult` the client sets the header itself: the `authV2` signing step is the place, since the header is signed. `queryCallRecords` documents no `Content-Type`; its body is declared `application/json`.  ## Business result codes  CC-iSales and CC-CMS report success or failure in the body: `resultCode` `0200000` is success for CC-iSales, `0100000` for CC-CMS (whose `result` is also `\"0\"` on success), any other value a failure. Each operation's description has its page's code table; the same codes are in its `x-result-codes` and the success code in `x-success-code`. The pages do not say which HTTP status a failure comes with: this document assumes HTTP 200 for both (marked `x-inferred` on each of these 200 responses), so a client must check `resultCode` and not rely on the status.  ## Time values  Three forms are used, each kept as it is on the wire: `yyyy-MM-dd HH:mm:ss` strings (call result detail, CDRs; the pages do not give a time zone), the strings `beginDate` and `endDate` of `queryCallRecords`, and the TimeStamp values `beginTime` and `endTime` of `updateReservedCallResult`. The pages give no format for the last two; their examples (`\"1658102400000\"`, `1747220297000`) are read here as milliseconds since 1970-01-01T00:00:00Z, a string and an integer respectively (marked `x-inferred`). 
 *
 * The version of the OpenAPI document: 2.0.0
 * 
 * Generated by: https://openapi-generator.tech
 */


use reqwest;
use serde::{Deserialize, Serialize, de::Error as _};
use crate::{apis::ResponseContent, models};
use super::{Error, configuration, ContentType};


/// struct for typed errors of method [`create_token`]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CreateTokenError {
    Status400(std::collections::HashMap<String, serde_json::Value>),
    Status401(std::collections::HashMap<String, serde_json::Value>),
    Status403(String),
    UnknownValue(serde_json::Value),
}


/// Exchanges the app key and app secret of an app created in the CEC API management center for an access token, which `queryCallRecords` sends as `Authorization: Bearer {AccessToken}`. The URL keeps Huawei's name of the interface, `tokenByAkSk`.  This interface's page is not among the five transcribed: the request, the `X-Token-Expire` header and the reply follow Huawei's documentation of the interface as found in public material. Request header: `Content-Type: application/json`. The reply carries the token in `AccessToken` and its lifetime, in seconds, in `Expires` (a numeric string; 600 unless `X-Token-Expire` asks for another). There is no refresh token and no refresh interface: a client caches the token, requests a new one with the app key and secret shortly before it expires, and once more when a call comes back 401.  Failures are not documented. A wrong app key or app secret, or a caller IP address that is not on the app's allow-list, is reported from the field as HTTP 403 with an HTML page from nginx, not JSON. The 400 and 401 replies described here are those of this project's simulator. 
pub async fn create_token(configuration: &configuration::Configuration, token_request: models::TokenRequest, x_token_expire: Option<i32>) -> Result<models::TokenResponse, Error<CreateTokenError>> {
    // add a prefix to parameters to efficiently prevent name collisions
    let p_body_token_request = token_request;
    let p_header_x_token_expire = x_token_expire;

    let uri_str = format!("{}/apigovernance/api/oauth/tokenByAkSk", configuration.base_path);
    let mut req_builder = configuration.client.request(reqwest::Method::POST, &uri_str);

    if let Some(ref user_agent) = configuration.user_agent {
        req_builder = req_builder.header(reqwest::header::USER_AGENT, user_agent.clone());
    }
    if let Some(param_value) = p_header_x_token_expire {
        req_builder = req_builder.header("X-Token-Expire", param_value.to_string());
    }
    req_builder = req_builder.json(&p_body_token_request);

    let req = req_builder.build()?;
    let resp = configuration.client.execute(req).await?;

    let status = resp.status();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream");
    let content_type = super::ContentType::from(content_type);

    if !status.is_client_error() && !status.is_server_error() {
        let content = resp.text().await?;
        match content_type {
            ContentType::Json => serde_json::from_str(&content).map_err(Error::from),
            ContentType::Text => return Err(Error::from(serde_json::Error::custom("Received `text/plain` content type response that cannot be converted to `models::TokenResponse`"))),
            ContentType::Unsupported(unknown_type) => return Err(Error::from(serde_json::Error::custom(format!("Received `{unknown_type}` content type response that cannot be converted to `models::TokenResponse`")))),
        }
    } else {
        let content = resp.text().await?;
        let entity: Option<CreateTokenError> = serde_json::from_str(&content).ok();
        Err(Error::ResponseError(ResponseContent { status, content, entity }))
    }
}

