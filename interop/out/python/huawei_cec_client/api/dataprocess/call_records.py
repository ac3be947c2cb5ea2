from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.call_records_request import CallRecordsRequest
from ...models.call_records_response import CallRecordsResponse
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CallRecordsRequest,
    x_app_key: str | Unset = UNSET,
    x_tenant_space_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_app_key, Unset):
        headers["X-APP-Key"] = x_app_key

    if not isinstance(x_tenant_space_id, Unset):
        headers["X-TenantSpaceID"] = x_tenant_space_id

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/apiaccess/rest/dataprocess/v1/openapp/queryCallManualDetailInfo",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CallRecordsResponse | ErrorBody | None:
    if response.status_code == 200:
        response_200 = CallRecordsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorBody.from_dict(response.json())

        return response_404

    if response.status_code == 500:
        response_500 = ErrorBody.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CallRecordsResponse | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CallRecordsRequest,
    x_app_key: str | Unset = UNSET,
    x_tenant_space_id: str | Unset = UNSET,
) -> Response[CallRecordsResponse | ErrorBody]:
    """Querying Call Result Data

     This interface is invoked to query CDR data and satisfaction information from
    Elasticsearch.

    Request headers: `Authorization` (mandatory) is `Bearer {AccessToken}`, the
    AccessToken returned by `tokenByAkSk` (a space is required after Bearer; see the
    `bearerToken` security scheme).

    Either `callId` or one of `beginDate` and `endDate` must be set: if the value of
    callId is not empty, beginDate and endDate are optional; if the value of callId
    is empty, either beginDate or endDate must be set.

    Failures are reported by HTTP status (400, 401, 404, 500); the page lists no error
    codes.

    Args:
        x_app_key (str | Unset):
        x_tenant_space_id (str | Unset):
        body (CallRecordsRequest): Request body of `callRecords`. Either `callId` or one of
            `beginDate` and `endDate`
            must be set.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallRecordsResponse | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
        x_app_key=x_app_key,
        x_tenant_space_id=x_tenant_space_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: CallRecordsRequest,
    x_app_key: str | Unset = UNSET,
    x_tenant_space_id: str | Unset = UNSET,
) -> CallRecordsResponse | ErrorBody | None:
    """Querying Call Result Data

     This interface is invoked to query CDR data and satisfaction information from
    Elasticsearch.

    Request headers: `Authorization` (mandatory) is `Bearer {AccessToken}`, the
    AccessToken returned by `tokenByAkSk` (a space is required after Bearer; see the
    `bearerToken` security scheme).

    Either `callId` or one of `beginDate` and `endDate` must be set: if the value of
    callId is not empty, beginDate and endDate are optional; if the value of callId
    is empty, either beginDate or endDate must be set.

    Failures are reported by HTTP status (400, 401, 404, 500); the page lists no error
    codes.

    Args:
        x_app_key (str | Unset):
        x_tenant_space_id (str | Unset):
        body (CallRecordsRequest): Request body of `callRecords`. Either `callId` or one of
            `beginDate` and `endDate`
            must be set.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallRecordsResponse | ErrorBody
    """

    return sync_detailed(
        client=client,
        body=body,
        x_app_key=x_app_key,
        x_tenant_space_id=x_tenant_space_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CallRecordsRequest,
    x_app_key: str | Unset = UNSET,
    x_tenant_space_id: str | Unset = UNSET,
) -> Response[CallRecordsResponse | ErrorBody]:
    """Querying Call Result Data

     This interface is invoked to query CDR data and satisfaction information from
    Elasticsearch.

    Request headers: `Authorization` (mandatory) is `Bearer {AccessToken}`, the
    AccessToken returned by `tokenByAkSk` (a space is required after Bearer; see the
    `bearerToken` security scheme).

    Either `callId` or one of `beginDate` and `endDate` must be set: if the value of
    callId is not empty, beginDate and endDate are optional; if the value of callId
    is empty, either beginDate or endDate must be set.

    Failures are reported by HTTP status (400, 401, 404, 500); the page lists no error
    codes.

    Args:
        x_app_key (str | Unset):
        x_tenant_space_id (str | Unset):
        body (CallRecordsRequest): Request body of `callRecords`. Either `callId` or one of
            `beginDate` and `endDate`
            must be set.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallRecordsResponse | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
        x_app_key=x_app_key,
        x_tenant_space_id=x_tenant_space_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CallRecordsRequest,
    x_app_key: str | Unset = UNSET,
    x_tenant_space_id: str | Unset = UNSET,
) -> CallRecordsResponse | ErrorBody | None:
    """Querying Call Result Data

     This interface is invoked to query CDR data and satisfaction information from
    Elasticsearch.

    Request headers: `Authorization` (mandatory) is `Bearer {AccessToken}`, the
    AccessToken returned by `tokenByAkSk` (a space is required after Bearer; see the
    `bearerToken` security scheme).

    Either `callId` or one of `beginDate` and `endDate` must be set: if the value of
    callId is not empty, beginDate and endDate are optional; if the value of callId
    is empty, either beginDate or endDate must be set.

    Failures are reported by HTTP status (400, 401, 404, 500); the page lists no error
    codes.

    Args:
        x_app_key (str | Unset):
        x_tenant_space_id (str | Unset):
        body (CallRecordsRequest): Request body of `callRecords`. Either `callId` or one of
            `beginDate` and `endDate`
            must be set.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallRecordsResponse | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_app_key=x_app_key,
            x_tenant_space_id=x_tenant_space_id,
        )
    ).parsed
