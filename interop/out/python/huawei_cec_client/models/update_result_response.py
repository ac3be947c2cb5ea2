from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateResultResponse")


@_attrs_define
class UpdateResultResponse:
    """Response body of `updateReservedResult`.

    Attributes:
        result_code (str | Unset): Error code. The value 0200000 indicates success, and other values indicate failure.
        result_desc (str | Unset): Description.
        return_code (str | Unset): Error code. The value 0200000 indicates success, and other values indicate failure.
        return_desc (str | Unset): Description.
    """

    result_code: str | Unset = UNSET
    result_desc: str | Unset = UNSET
    return_code: str | Unset = UNSET
    return_desc: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        result_code = self.result_code

        result_desc = self.result_desc

        return_code = self.return_code

        return_desc = self.return_desc

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if result_code is not UNSET:
            field_dict["resultCode"] = result_code
        if result_desc is not UNSET:
            field_dict["resultDesc"] = result_desc
        if return_code is not UNSET:
            field_dict["returnCode"] = return_code
        if return_desc is not UNSET:
            field_dict["returnDesc"] = return_desc

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        result_code = d.pop("resultCode", UNSET)

        result_desc = d.pop("resultDesc", UNSET)

        return_code = d.pop("returnCode", UNSET)

        return_desc = d.pop("returnDesc", UNSET)

        update_result_response = cls(
            result_code=result_code,
            result_desc=result_desc,
            return_code=return_code,
            return_desc=return_desc,
        )

        update_result_response.additional_properties = d
        return update_result_response

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
