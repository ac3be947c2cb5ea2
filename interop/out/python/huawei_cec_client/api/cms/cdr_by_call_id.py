from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cdr_query_request import CdrQueryRequest
from ...models.cdr_query_response import CdrQueryResponse
from ...models.error_body import ErrorBody
from ...types import Response


def _get_kwargs(
    *,
    body: CdrQueryRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/rest/cmsapp/v1/openapi/calldata/querycalldetailbyid",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CdrQueryResponse | ErrorBody | None:
    if response.status_code == 200:
        response_200 = CdrQueryResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CdrQueryResponse | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CdrQueryRequest,
) -> Response[CdrQueryResponse | ErrorBody]:
    """Querying CDRs of a Specified Call ID

     This interface is invoked to query CDRs by call SNs.

    In a public cloud environment, ip indicates the IP address of the CC-CMS server,
    and port indicates the HTTPS port number of the CC-CMS server. Contact the
    administrator to obtain the values. In a non-public cloud environment where the
    NSLB service is configured, ip indicates the IP address of the NSLB server, and
    port indicates the HTTPS port number of the CC-CMS service mapped on the NSLB
    server.

    Request headers: `Content-Type` (mandatory) is fixed at
    `application/json; charset=UTF-8`; `Authorization` (mandatory) carries the
    auth-v2 signature (see the `authV2` security scheme).

    The page's parameter table lists `ccId`, `isCallin` and `callId` at the top level
    of the body, but its request example wraps them in `queryParam`; this document
    follows the example.

    Result codes: `result` `"0"` and `resultCode` `0100000` mean success; other values
    are failures, described in Huawei's Error Code Reference, which the page does not
    reproduce.

    Args:
        body (CdrQueryRequest): Request body of `cdrByCallId`. The page's table lists the three
            parameters at the
            top level; its example (followed here) wraps them in `queryParam`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CdrQueryResponse | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: CdrQueryRequest,
) -> CdrQueryResponse | ErrorBody | None:
    """Querying CDRs of a Specified Call ID

     This interface is invoked to query CDRs by call SNs.

    In a public cloud environment, ip indicates the IP address of the CC-CMS server,
    and port indicates the HTTPS port number of the CC-CMS server. Contact the
    administrator to obtain the values. In a non-public cloud environment where the
    NSLB service is configured, ip indicates the IP address of the NSLB server, and
    port indicates the HTTPS port number of the CC-CMS service mapped on the NSLB
    server.

    Request headers: `Content-Type` (mandatory) is fixed at
    `application/json; charset=UTF-8`; `Authorization` (mandatory) carries the
    auth-v2 signature (see the `authV2` security scheme).

    The page's parameter table lists `ccId`, `isCallin` and `callId` at the top level
    of the body, but its request example wraps them in `queryParam`; this document
    follows the example.

    Result codes: `result` `"0"` and `resultCode` `0100000` mean success; other values
    are failures, described in Huawei's Error Code Reference, which the page does not
    reproduce.

    Args:
        body (CdrQueryRequest): Request body of `cdrByCallId`. The page's table lists the three
            parameters at the
            top level; its example (followed here) wraps them in `queryParam`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CdrQueryResponse | ErrorBody
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CdrQueryRequest,
) -> Response[CdrQueryResponse | ErrorBody]:
    """Querying CDRs of a Specified Call ID

     This interface is invoked to query CDRs by call SNs.

    In a public cloud environment, ip indicates the IP address of the CC-CMS server,
    and port indicates the HTTPS port number of the CC-CMS server. Contact the
    administrator to obtain the values. In a non-public cloud environment where the
    NSLB service is configured, ip indicates the IP address of the NSLB server, and
    port indicates the HTTPS port number of the CC-CMS service mapped on the NSLB
    server.

    Request headers: `Content-Type` (mandatory) is fixed at
    `application/json; charset=UTF-8`; `Authorization` (mandatory) carries the
    auth-v2 signature (see the `authV2` security scheme).

    The page's parameter table lists `ccId`, `isCallin` and `callId` at the top level
    of the body, but its request example wraps them in `queryParam`; this document
    follows the example.

    Result codes: `result` `"0"` and `resultCode` `0100000` mean success; other values
    are failures, described in Huawei's Error Code Reference, which the page does not
    reproduce.

    Args:
        body (CdrQueryRequest): Request body of `cdrByCallId`. The page's table lists the three
            parameters at the
            top level; its example (followed here) wraps them in `queryParam`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CdrQueryResponse | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CdrQueryRequest,
) -> CdrQueryResponse | ErrorBody | None:
    """Querying CDRs of a Specified Call ID

     This interface is invoked to query CDRs by call SNs.

    In a public cloud environment, ip indicates the IP address of the CC-CMS server,
    and port indicates the HTTPS port number of the CC-CMS server. Contact the
    administrator to obtain the values. In a non-public cloud environment where the
    NSLB service is configured, ip indicates the IP address of the NSLB server, and
    port indicates the HTTPS port number of the CC-CMS service mapped on the NSLB
    server.

    Request headers: `Content-Type` (mandatory) is fixed at
    `application/json; charset=UTF-8`; `Authorization` (mandatory) carries the
    auth-v2 signature (see the `authV2` security scheme).

    The page's parameter table lists `ccId`, `isCallin` and `callId` at the top level
    of the body, but its request example wraps them in `queryParam`; this document
    follows the example.

    Result codes: `result` `"0"` and `resultCode` `0100000` mean success; other values
    are failures, described in Huawei's Error Code Reference, which the page does not
    reproduce.

    Args:
        body (CdrQueryRequest): Request body of `cdrByCallId`. The page's table lists the three
            parameters at the
            top level; its example (followed here) wraps them in `queryParam`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CdrQueryResponse | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
