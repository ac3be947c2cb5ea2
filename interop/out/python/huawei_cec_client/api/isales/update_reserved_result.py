from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.update_result_request import UpdateResultRequest
from ...models.update_result_response import UpdateResultResponse
from ...types import Response


def _get_kwargs(
    vdn_id: int,
    *,
    body: UpdateResultRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/rest/isales/v1/openapi/campaigns/{vdn_id}/appoint/updateResult".format(
            vdn_id=quote(str(vdn_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | UpdateResultResponse | None:
    if response.status_code == 200:
        response_200 = UpdateResultResponse.from_dict(response.json())

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
) -> Response[ErrorBody | UpdateResultResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    vdn_id: int,
    *,
    client: AuthenticatedClient,
    body: UpdateResultRequest,
) -> Response[ErrorBody | UpdateResultResponse]:
    """Updating the Result of a Reserved Outbound Call

     This interface is invoked to update a reserved outbound call task.

    The result of a reserved automatic outbound call is automatically updated. You do
    not need to invoke this interface to update the result.

    Prerequisites: you have applied for a developer account.

    Request headers: `Content-Type` (mandatory) is fixed at
    `application/json; charset=UTF-8`; `Authorization` (mandatory) carries the
    auth-v2 signature (see the `authV2` security scheme).

    This operation changes data: it is not safe to repeat blindly.

    Error codes (`resultCode`/`returnCode` in an HTTP 200 reply):

    | Error Code | Description |
    |---|---|
    | 0200001 | Parameter error. For details about the error, see resultDesc. |
    | 0200006 | Database operation error. |
    | 02000001 | Empty parameter. |
    | 02000002 | The parameter contains invalid characters. |
    | 02000003 | The parameter length cannot exceed the maximum length. |
    | 04000004 | The reserved outbound campaign does not exist. |

    Args:
        vdn_id (int):
        body (UpdateResultRequest): Request body of `updateReservedResult`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | UpdateResultResponse]
    """

    kwargs = _get_kwargs(
        vdn_id=vdn_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    vdn_id: int,
    *,
    client: AuthenticatedClient,
    body: UpdateResultRequest,
) -> ErrorBody | UpdateResultResponse | None:
    """Updating the Result of a Reserved Outbound Call

     This interface is invoked to update a reserved outbound call task.

    The result of a reserved automatic outbound call is automatically updated. You do
    not need to invoke this interface to update the result.

    Prerequisites: you have applied for a developer account.

    Request headers: `Content-Type` (mandatory) is fixed at
    `application/json; charset=UTF-8`; `Authorization` (mandatory) carries the
    auth-v2 signature (see the `authV2` security scheme).

    This operation changes data: it is not safe to repeat blindly.

    Error codes (`resultCode`/`returnCode` in an HTTP 200 reply):

    | Error Code | Description |
    |---|---|
    | 0200001 | Parameter error. For details about the error, see resultDesc. |
    | 0200006 | Database operation error. |
    | 02000001 | Empty parameter. |
    | 02000002 | The parameter contains invalid characters. |
    | 02000003 | The parameter length cannot exceed the maximum length. |
    | 04000004 | The reserved outbound campaign does not exist. |

    Args:
        vdn_id (int):
        body (UpdateResultRequest): Request body of `updateReservedResult`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | UpdateResultResponse
    """

    return sync_detailed(
        vdn_id=vdn_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    vdn_id: int,
    *,
    client: AuthenticatedClient,
    body: UpdateResultRequest,
) -> Response[ErrorBody | UpdateResultResponse]:
    """Updating the Result of a Reserved Outbound Call

     This interface is invoked to update a reserved outbound call task.

    The result of a reserved automatic outbound call is automatically updated. You do
    not need to invoke this interface to update the result.

    Prerequisites: you have applied for a developer account.

    Request headers: `Content-Type` (mandatory) is fixed at
    `application/json; charset=UTF-8`; `Authorization` (mandatory) carries the
    auth-v2 signature (see the `authV2` security scheme).

    This operation changes data: it is not safe to repeat blindly.

    Error codes (`resultCode`/`returnCode` in an HTTP 200 reply):

    | Error Code | Description |
    |---|---|
    | 0200001 | Parameter error. For details about the error, see resultDesc. |
    | 0200006 | Database operation error. |
    | 02000001 | Empty parameter. |
    | 02000002 | The parameter contains invalid characters. |
    | 02000003 | The parameter length cannot exceed the maximum length. |
    | 04000004 | The reserved outbound campaign does not exist. |

    Args:
        vdn_id (int):
        body (UpdateResultRequest): Request body of `updateReservedResult`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | UpdateResultResponse]
    """

    kwargs = _get_kwargs(
        vdn_id=vdn_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    vdn_id: int,
    *,
    client: AuthenticatedClient,
    body: UpdateResultRequest,
) -> ErrorBody | UpdateResultResponse | None:
    """Updating the Result of a Reserved Outbound Call

     This interface is invoked to update a reserved outbound call task.

    The result of a reserved automatic outbound call is automatically updated. You do
    not need to invoke this interface to update the result.

    Prerequisites: you have applied for a developer account.

    Request headers: `Content-Type` (mandatory) is fixed at
    `application/json; charset=UTF-8`; `Authorization` (mandatory) carries the
    auth-v2 signature (see the `authV2` security scheme).

    This operation changes data: it is not safe to repeat blindly.

    Error codes (`resultCode`/`returnCode` in an HTTP 200 reply):

    | Error Code | Description |
    |---|---|
    | 0200001 | Parameter error. For details about the error, see resultDesc. |
    | 0200006 | Database operation error. |
    | 02000001 | Empty parameter. |
    | 02000002 | The parameter contains invalid characters. |
    | 02000003 | The parameter length cannot exceed the maximum length. |
    | 04000004 | The reserved outbound campaign does not exist. |

    Args:
        vdn_id (int):
        body (UpdateResultRequest): Request body of `updateReservedResult`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | UpdateResultResponse
    """

    return (
        await asyncio_detailed(
            vdn_id=vdn_id,
            client=client,
            body=body,
        )
    ).parsed
