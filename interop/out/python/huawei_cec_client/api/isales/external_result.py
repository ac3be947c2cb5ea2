from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.external_result_response import ExternalResultResponse
from ...types import Response


def _get_kwargs(
    vdn_id: int,
    def_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/rest/isales/v1/openapi/campaigns/{vdn_id}/{def_id}/queryObsResultDetail".format(
            vdn_id=quote(str(vdn_id), safe=""),
            def_id=quote(str(def_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | ExternalResultResponse | None:
    if response.status_code == 200:
        response_200 = ExternalResultResponse.from_dict(response.json())

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
) -> Response[ErrorBody | ExternalResultResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    vdn_id: int,
    def_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[ErrorBody | ExternalResultResponse]:
    """Querying a Single External Result

     This interface is invoked to query a single outbound call external result. It is
    provided for the retry policy interface to create non-retry policies.

    Prerequisites: the corresponding AK/SK authentication permission is available; you
    have applied for a developer account.

    Request headers: `Content-Type` (mandatory) is fixed to
    `application/json; charset=UTF-8` although there is no request body, and is
    signed; `Authorization` (mandatory) carries the auth-v2 signature (see the
    `authV2` security scheme).

    Error codes (`resultCode`/`returnCode` in an HTTP 200 reply):

    | Error Code | Description |
    |---|---|
    | 0200001 | Parameter error. For details about the error, see resultDesc. |
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
        def_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ExternalResultResponse]
    """

    kwargs = _get_kwargs(
        vdn_id=vdn_id,
        def_id=def_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    vdn_id: int,
    def_id: int,
    *,
    client: AuthenticatedClient,
) -> ErrorBody | ExternalResultResponse | None:
    """Querying a Single External Result

     This interface is invoked to query a single outbound call external result. It is
    provided for the retry policy interface to create non-retry policies.

    Prerequisites: the corresponding AK/SK authentication permission is available; you
    have applied for a developer account.

    Request headers: `Content-Type` (mandatory) is fixed to
    `application/json; charset=UTF-8` although there is no request body, and is
    signed; `Authorization` (mandatory) carries the auth-v2 signature (see the
    `authV2` security scheme).

    Error codes (`resultCode`/`returnCode` in an HTTP 200 reply):

    | Error Code | Description |
    |---|---|
    | 0200001 | Parameter error. For details about the error, see resultDesc. |
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
        def_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ExternalResultResponse
    """

    return sync_detailed(
        vdn_id=vdn_id,
        def_id=def_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    vdn_id: int,
    def_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[ErrorBody | ExternalResultResponse]:
    """Querying a Single External Result

     This interface is invoked to query a single outbound call external result. It is
    provided for the retry policy interface to create non-retry policies.

    Prerequisites: the corresponding AK/SK authentication permission is available; you
    have applied for a developer account.

    Request headers: `Content-Type` (mandatory) is fixed to
    `application/json; charset=UTF-8` although there is no request body, and is
    signed; `Authorization` (mandatory) carries the auth-v2 signature (see the
    `authV2` security scheme).

    Error codes (`resultCode`/`returnCode` in an HTTP 200 reply):

    | Error Code | Description |
    |---|---|
    | 0200001 | Parameter error. For details about the error, see resultDesc. |
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
        def_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ExternalResultResponse]
    """

    kwargs = _get_kwargs(
        vdn_id=vdn_id,
        def_id=def_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    vdn_id: int,
    def_id: int,
    *,
    client: AuthenticatedClient,
) -> ErrorBody | ExternalResultResponse | None:
    """Querying a Single External Result

     This interface is invoked to query a single outbound call external result. It is
    provided for the retry policy interface to create non-retry policies.

    Prerequisites: the corresponding AK/SK authentication permission is available; you
    have applied for a developer account.

    Request headers: `Content-Type` (mandatory) is fixed to
    `application/json; charset=UTF-8` although there is no request body, and is
    signed; `Authorization` (mandatory) carries the auth-v2 signature (see the
    `authV2` security scheme).

    Error codes (`resultCode`/`returnCode` in an HTTP 200 reply):

    | Error Code | Description |
    |---|---|
    | 0200001 | Parameter error. For details about the error, see resultDesc. |
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
        def_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ExternalResultResponse
    """

    return (
        await asyncio_detailed(
            vdn_id=vdn_id,
            def_id=def_id,
            client=client,
        )
    ).parsed
