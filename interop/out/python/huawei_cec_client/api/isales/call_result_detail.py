from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.call_result_detail_response import CallResultDetailResponse
from ...models.error_body import ErrorBody
from ...types import Response


def _get_kwargs(
    vdn_id: int,
    call_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/rest/isales/v1/openapi/campaigns/{vdn_id}/callresultdetail/{call_id}".format(
            vdn_id=quote(str(vdn_id), safe=""),
            call_id=quote(str(call_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CallResultDetailResponse | ErrorBody | None:
    if response.status_code == 200:
        response_200 = CallResultDetailResponse.from_dict(response.json())

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
) -> Response[CallResultDetailResponse | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    vdn_id: int,
    call_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[CallResultDetailResponse | ErrorBody]:
    """Querying Details About a Single Outbound Call Result

     This interface is invoked to query the outbound call result details of a specified
    call in a specified VDN.

    Prerequisites: you have applied for a developer account.

    Restrictions: vdnId must be correctly set for query. The VDN ID (vdnId) is
    correctly associated with the call ID (callId).

    Request headers: `Content-Type` (mandatory) is fixed to
    `application/json; charset=UTF-8` although there is no request body, and is
    signed; `Authorization` (mandatory) carries the auth-v2 signature (see the
    `authV2` security scheme). No request body exists.

    Error codes (`resultCode`/`returnCode` in an HTTP 200 reply):

    | Error Code | Description |
    |---|---|
    | 0200001 | Parameter error. For details about the error, see resultDesc. |
    | 0200007 | The call record ID does not exist. |
    | 02000001 | Empty parameter. |
    | 02000002 | The parameter contains invalid characters. |
    | 02000003 | The parameter length cannot exceed the maximum length. |
    | 02000004 | The parameter length cannot be less than the minimum length. |
    | 02000005 | The parameter length must be within the specified range. |
    | 02000006 | Incorrect parameter type. |
    | 02000007 | Incorrect parameter value. |
    | 02000008 | Parameter conversion error. Check the request parameters. |
    | 02000009 | Incorrect parameter combination. Check the request parameters. |
    | 02000010 | The hour and minute parameters must be set at the same time. |
    | 02000011 | The number of parameters cannot exceed the specified number. |

    Args:
        vdn_id (int):
        call_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallResultDetailResponse | ErrorBody]
    """

    kwargs = _get_kwargs(
        vdn_id=vdn_id,
        call_id=call_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    vdn_id: int,
    call_id: str,
    *,
    client: AuthenticatedClient,
) -> CallResultDetailResponse | ErrorBody | None:
    """Querying Details About a Single Outbound Call Result

     This interface is invoked to query the outbound call result details of a specified
    call in a specified VDN.

    Prerequisites: you have applied for a developer account.

    Restrictions: vdnId must be correctly set for query. The VDN ID (vdnId) is
    correctly associated with the call ID (callId).

    Request headers: `Content-Type` (mandatory) is fixed to
    `application/json; charset=UTF-8` although there is no request body, and is
    signed; `Authorization` (mandatory) carries the auth-v2 signature (see the
    `authV2` security scheme). No request body exists.

    Error codes (`resultCode`/`returnCode` in an HTTP 200 reply):

    | Error Code | Description |
    |---|---|
    | 0200001 | Parameter error. For details about the error, see resultDesc. |
    | 0200007 | The call record ID does not exist. |
    | 02000001 | Empty parameter. |
    | 02000002 | The parameter contains invalid characters. |
    | 02000003 | The parameter length cannot exceed the maximum length. |
    | 02000004 | The parameter length cannot be less than the minimum length. |
    | 02000005 | The parameter length must be within the specified range. |
    | 02000006 | Incorrect parameter type. |
    | 02000007 | Incorrect parameter value. |
    | 02000008 | Parameter conversion error. Check the request parameters. |
    | 02000009 | Incorrect parameter combination. Check the request parameters. |
    | 02000010 | The hour and minute parameters must be set at the same time. |
    | 02000011 | The number of parameters cannot exceed the specified number. |

    Args:
        vdn_id (int):
        call_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallResultDetailResponse | ErrorBody
    """

    return sync_detailed(
        vdn_id=vdn_id,
        call_id=call_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    vdn_id: int,
    call_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[CallResultDetailResponse | ErrorBody]:
    """Querying Details About a Single Outbound Call Result

     This interface is invoked to query the outbound call result details of a specified
    call in a specified VDN.

    Prerequisites: you have applied for a developer account.

    Restrictions: vdnId must be correctly set for query. The VDN ID (vdnId) is
    correctly associated with the call ID (callId).

    Request headers: `Content-Type` (mandatory) is fixed to
    `application/json; charset=UTF-8` although there is no request body, and is
    signed; `Authorization` (mandatory) carries the auth-v2 signature (see the
    `authV2` security scheme). No request body exists.

    Error codes (`resultCode`/`returnCode` in an HTTP 200 reply):

    | Error Code | Description |
    |---|---|
    | 0200001 | Parameter error. For details about the error, see resultDesc. |
    | 0200007 | The call record ID does not exist. |
    | 02000001 | Empty parameter. |
    | 02000002 | The parameter contains invalid characters. |
    | 02000003 | The parameter length cannot exceed the maximum length. |
    | 02000004 | The parameter length cannot be less than the minimum length. |
    | 02000005 | The parameter length must be within the specified range. |
    | 02000006 | Incorrect parameter type. |
    | 02000007 | Incorrect parameter value. |
    | 02000008 | Parameter conversion error. Check the request parameters. |
    | 02000009 | Incorrect parameter combination. Check the request parameters. |
    | 02000010 | The hour and minute parameters must be set at the same time. |
    | 02000011 | The number of parameters cannot exceed the specified number. |

    Args:
        vdn_id (int):
        call_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallResultDetailResponse | ErrorBody]
    """

    kwargs = _get_kwargs(
        vdn_id=vdn_id,
        call_id=call_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    vdn_id: int,
    call_id: str,
    *,
    client: AuthenticatedClient,
) -> CallResultDetailResponse | ErrorBody | None:
    """Querying Details About a Single Outbound Call Result

     This interface is invoked to query the outbound call result details of a specified
    call in a specified VDN.

    Prerequisites: you have applied for a developer account.

    Restrictions: vdnId must be correctly set for query. The VDN ID (vdnId) is
    correctly associated with the call ID (callId).

    Request headers: `Content-Type` (mandatory) is fixed to
    `application/json; charset=UTF-8` although there is no request body, and is
    signed; `Authorization` (mandatory) carries the auth-v2 signature (see the
    `authV2` security scheme). No request body exists.

    Error codes (`resultCode`/`returnCode` in an HTTP 200 reply):

    | Error Code | Description |
    |---|---|
    | 0200001 | Parameter error. For details about the error, see resultDesc. |
    | 0200007 | The call record ID does not exist. |
    | 02000001 | Empty parameter. |
    | 02000002 | The parameter contains invalid characters. |
    | 02000003 | The parameter length cannot exceed the maximum length. |
    | 02000004 | The parameter length cannot be less than the minimum length. |
    | 02000005 | The parameter length must be within the specified range. |
    | 02000006 | Incorrect parameter type. |
    | 02000007 | Incorrect parameter value. |
    | 02000008 | Parameter conversion error. Check the request parameters. |
    | 02000009 | Incorrect parameter combination. Check the request parameters. |
    | 02000010 | The hour and minute parameters must be set at the same time. |
    | 02000011 | The number of parameters cannot exceed the specified number. |

    Args:
        vdn_id (int):
        call_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallResultDetailResponse | ErrorBody
    """

    return (
        await asyncio_detailed(
            vdn_id=vdn_id,
            call_id=call_id,
            client=client,
        )
    ).parsed
