/*
 * Huawei Cloud CEC outbound-call reporting interfaces
 *
 * Five interfaces of Huawei Cloud's contact center (CEC) that report on outbound calls, transcribed from Huawei's documentation pages (updated 2023-09-27 .. 2023-12-19), and the token interface one of them needs:  | Page | Operation | |---|---| | Querying Details About a Single Outbound Call Result | `getCallResultDetail` | | Querying a Single External Result | `getExternalResult` | | Querying CDRs of a Specified Call ID | `queryCdrByCallId` | | Querying Call Result Data | `queryCallRecords` | | Updating the Result of a Reserved Outbound Call | `updateReservedCallResult` | | (the token interface `tokenByAkSk`; its page is not among the five) | `createToken` |  ## One base URL per host  The operations live on three servers. Each path declares its server in its own `servers`, but many generators ignore per-path `servers` and give a client a single base URL. Create one client (or API object) per host, chosen by the operation's tag, and give it that host's base URL: scheme, host and port only, as the paths here are absolute.  | Tag | Server | Base URL | Operations | Authentication | |---|---|---|---|---| | `isales` | CC-iSales | `https://{ip}:{port}` | `getCallResultDetail`, `getExternalResult`, `updateReservedCallResult` | `authV2` | | `cms` | CC-CMS (or the NSLB address) | `https://{ip}:{port}` | `queryCdrByCallId` | `authV2` | | `dataprocess` | CEC open platform | `https://{domain}` | `queryCallRecords` | `bearerToken` | | `auth` | CEC open platform | `https://{domain}` | `createToken` | none |  For example: in Python one `Client(base_url=...)` per host; in typescript-fetch one `Configuration({ basePath })` per API class; in Java `setCustomBaseUrl` on each API object. The pages give neither the IP addresses nor the ports: ask the administrator.  ## What is transcribed and what is not: `x-inferred`  Everything in this document is transcribed from the five pages unless it carries the extension `x-inferred`. Its value is a sentence that says which part of the element it is on is not on the pages and where that part comes from: Huawei's documentation of the token and authentication interfaces as found in public material (those pages are not among the five), reports from the field, this document's own reading, or this project's simulator. `x-inferred` appears on operations, responses, examples, parameters, schemas, properties, server variables and security schemes; the descriptions say the same in words. This document's own organisation is not marked: operationIds, tags, the summary of `createToken`, the `name` of each entry of `x-result-codes`, and integer `format`s (the pages say only Integer).  Other extensions:  * `x-success-code` (operation): the documented `resultCode` of success. * `x-result-codes` (operation): the page's error-code table, machine-readable: `code`,   the page's `description`, and a `name` of this document's for generated enumerations. * `x-extensible-enum` (schema): the documented values of an open enumeration; a client   accepts other values as they are. * `x-aliases` (property): other keys under which the pages show the same field; a   client reads these too. * `x-personal-data` (property): the field identifies a subscriber or their call, as   its description on the page says, and is personal data: `subscriber-number` for a   calling or called number, `recording-url` for the link to a call's recording (whose   query is also a credential). Tools that record or log traffic mask these values.  ## Where the pages disagree with themselves  A real server sends what the pages' examples show, so this document follows the examples where they contradict the tables, and says so at each place:  * `queryCdrByCallId`: the table lists `ccId`, `isCallin` and `callId` at the top of the   body; the example (followed here) wraps them in `{\"queryParam\": {...}}`. * `queryCdrByCallId`: the example sends the key `\"agentId \"` (with a trailing space)   where the table says `agentId`. `CdrRecord` declares `\"agentId \"` and lists `agentId`   in `x-aliases`: a client reads both. (Declaring both as properties is not possible:   generators that map keys to identifiers, such as openapi-python-client, refuse two   keys with the same identifier.) * `queryCdrByCallId`: `resultDesc` is documented as an object (the same content as   `resultDatas`). * `queryCdrByCallId`: the header table writes `application/json; charset=UTF-8`, the   message example `application/json;charset=UTF-8`; this document follows the table. * `getCallResultDetail`: `callStatus` is documented as Integer; the example sends `\"6\"`. * `getExternalResult`: `resultMapList[].vdnId` is documented as Integer; the example   sends `\"40\"`. * `queryCallRecords`: `total` and `results[].vdn` are documented as String; the example   sends numbers. `results` is documented as an object; the example sends an array of   objects. * `queryCallRecords`: the request field is `mediaType`, the response field `mediatype`;   both are kept as documented. * `queryCallRecords`: the example request shows `X-TenantSpaceID` and `X-app-key`   headers; only `X-APP-Key` is in the table. Both are described here, both optional.  Fields whose wire type varies have schemas of their own that accept both forms.  ## Content-Type  The CC-iSales and CC-CMS pages fix `Content-Type: application/json; charset=UTF-8` for every request, the two GETs included. The request bodies of `queryCdrByCallId` and `updateReservedCallResult` are declared with exactly that media type, so generated clients send it. The GETs have no body, and OpenAPI ignores a header parameter named `Content-Type`, so for `getCallResultDetail` and `getExternalResult` the client sets the header itself: the `authV2` signing step is the place, since the header is signed. `queryCallRecords` documents no `Content-Type`; its body is declared `application/json`.  ## Business result codes  CC-iSales and CC-CMS report success or failure in the body: `resultCode` `0200000` is success for CC-iSales, `0100000` for CC-CMS (whose `result` is also `\"0\"` on success), any other value a failure. Each operation's description has its page's code table; the same codes are in its `x-result-codes` and the success code in `x-success-code`. The pages do not say which HTTP status a failure comes with: this document assumes HTTP 200 for both (marked `x-inferred` on each of these 200 responses), so a client must check `resultCode` and not rely on the status.  ## Time values  Three forms are used, each kept as it is on the wire: `yyyy-MM-dd HH:mm:ss` strings (call result detail, CDRs; the pages do not give a time zone), the strings `beginDate` and `endDate` of `queryCallRecords`, and the TimeStamp values `beginTime` and `endTime` of `updateReservedCallResult`. The pages give no format for the last two; their examples (`\"1658102400000\"`, `1747220297000`) are read here as milliseconds since 1970-01-01T00:00:00Z, a string and an integer respectively (marked `x-inferred`). 
 *
 * The version of the OpenAPI document: 2.0.0
 * 
 * Generated by: https://openapi-generator.tech
 */

use crate::models;
use serde::{Deserialize, Serialize};

/// UpdateResultResponse : Response body of `updateReservedCallResult`.
#[derive(Clone, Default, Debug, PartialEq, Serialize, Deserialize)]
pub struct UpdateResultResponse {
    /// Error code. The value 0200000 indicates success, and other values indicate failure.
    #[serde(rename = "resultCode", skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// Description.
    #[serde(rename = "resultDesc", skip_serializing_if = "Option::is_none")]
    pub result_desc: Option<String>,
    /// Error code. The value 0200000 indicates success, and other values indicate failure.
    #[serde(rename = "returnCode", skip_serializing_if = "Option::is_none")]
    pub return_code: Option<String>,
    /// Description.
    #[serde(rename = "returnDesc", skip_serializing_if = "Option::is_none")]
    pub return_desc: Option<String>,
}

impl UpdateResultResponse {
    /// Response body of `updateReservedCallResult`.
    pub fn new() -> UpdateResultResponse {
        UpdateResultResponse {
            result_code: None,
            result_desc: None,
            return_code: None,
            return_desc: None,
        }
    }
}

