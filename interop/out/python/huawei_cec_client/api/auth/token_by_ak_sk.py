from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.token_request import TokenRequest
from ...models.token_response import TokenResponse
from ...types import Response


def _get_kwargs(
    *,
    body: TokenRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/apigovernance/api/oauth/tokenByAkSk",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | TokenResponse | None:
    if response.status_code == 200:
        response_200 = TokenResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorBody | TokenResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> Response[ErrorBody | TokenResponse]:
    """Obtaining an access token with an app key and app secret

     Exchanges the app key and app secret of an app created in the CEC API management
    center for an access token, which `callRecords` sends as
    `Authorization: Bearer {AccessToken}`.

    This page is not among the five transcribed: what is here is what could be
    established from public material. The token's lifetime is in `Expires_In`
    (seconds; its name and whether it is a number or a numeric string are not
    certain, so both forms are accepted). A client should cache the token, renew it
    shortly before it expires, and renew it once more when a call comes back 401.

    Args:
        body (TokenRequest): Request body of `tokenByAkSk`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | TokenResponse]
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
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> ErrorBody | TokenResponse | None:
    """Obtaining an access token with an app key and app secret

     Exchanges the app key and app secret of an app created in the CEC API management
    center for an access token, which `callRecords` sends as
    `Authorization: Bearer {AccessToken}`.

    This page is not among the five transcribed: what is here is what could be
    established from public material. The token's lifetime is in `Expires_In`
    (seconds; its name and whether it is a number or a numeric string are not
    certain, so both forms are accepted). A client should cache the token, renew it
    shortly before it expires, and renew it once more when a call comes back 401.

    Args:
        body (TokenRequest): Request body of `tokenByAkSk`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | TokenResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> Response[ErrorBody | TokenResponse]:
    """Obtaining an access token with an app key and app secret

     Exchanges the app key and app secret of an app created in the CEC API management
    center for an access token, which `callRecords` sends as
    `Authorization: Bearer {AccessToken}`.

    This page is not among the five transcribed: what is here is what could be
    established from public material. The token's lifetime is in `Expires_In`
    (seconds; its name and whether it is a number or a numeric string are not
    certain, so both forms are accepted). A client should cache the token, renew it
    shortly before it expires, and renew it once more when a call comes back 401.

    Args:
        body (TokenRequest): Request body of `tokenByAkSk`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | TokenResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> ErrorBody | TokenResponse | None:
    """Obtaining an access token with an app key and app secret

     Exchanges the app key and app secret of an app created in the CEC API management
    center for an access token, which `callRecords` sends as
    `Authorization: Bearer {AccessToken}`.

    This page is not among the five transcribed: what is here is what could be
    established from public material. The token's lifetime is in `Expires_In`
    (seconds; its name and whether it is a number or a numeric string are not
    certain, so both forms are accepted). A client should cache the token, renew it
    shortly before it expires, and renew it once more when a call comes back 401.

    Args:
        body (TokenRequest): Request body of `tokenByAkSk`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | TokenResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
