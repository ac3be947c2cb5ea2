from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenResponse")


@_attrs_define
class TokenResponse:
    """Response body of `tokenByAkSk`.

    Attributes:
        access_token (str): The access token, sent as `Authorization: Bearer {AccessToken}`. A secret; never log it.
        refresh_token (str | Unset): A refresh token. A secret; never log it.
        expires_in (int | str | Unset): Lifetime of the access token in seconds. Whether servers send a number or a
            numeric
            string is not certain, so both are accepted.
    """

    access_token: str
    refresh_token: str | Unset = UNSET
    expires_in: int | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        refresh_token = self.refresh_token

        expires_in: int | str | Unset
        if isinstance(self.expires_in, Unset):
            expires_in = UNSET
        else:
            expires_in = self.expires_in

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "AccessToken": access_token,
            }
        )
        if refresh_token is not UNSET:
            field_dict["Refresh_Token"] = refresh_token
        if expires_in is not UNSET:
            field_dict["Expires_In"] = expires_in

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        access_token = d.pop("AccessToken")

        refresh_token = d.pop("Refresh_Token", UNSET)

        def _parse_expires_in(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        expires_in = _parse_expires_in(d.pop("Expires_In", UNSET))

        token_response = cls(
            access_token=access_token,
            refresh_token=refresh_token,
            expires_in=expires_in,
        )

        token_response.additional_properties = d
        return token_response

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
