from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.call_result_detail import CallResultDetail


T = TypeVar("T", bound="CallResultDetailResponse")


@_attrs_define
class CallResultDetailResponse:
    """Response body of `callResultDetail`.

    Attributes:
        result_code (str | Unset): Error code. The value 0200000 indicates success, and other values indicate failure.
        result_desc (str | Unset): Description.
        return_code (str | Unset): Error code. The value 0200000 indicates success, and other values indicate failure.
        return_desc (str | Unset): Description.
        data (CallResultDetail | Unset): Result in JSON format (`data` of `callResultDetail`).
    """

    result_code: str | Unset = UNSET
    result_desc: str | Unset = UNSET
    return_code: str | Unset = UNSET
    return_desc: str | Unset = UNSET
    data: CallResultDetail | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        result_code = self.result_code

        result_desc = self.result_desc

        return_code = self.return_code

        return_desc = self.return_desc

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

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
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.call_result_detail import CallResultDetail  # noqa: PLC0415

        d = dict(src_dict)
        result_code = d.pop("resultCode", UNSET)

        result_desc = d.pop("resultDesc", UNSET)

        return_code = d.pop("returnCode", UNSET)

        return_desc = d.pop("returnDesc", UNSET)

        _data = d.pop("data", UNSET)
        data: CallResultDetail | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = CallResultDetail.from_dict(_data)

        call_result_detail_response = cls(
            result_code=result_code,
            result_desc=result_desc,
            return_code=return_code,
            return_desc=return_desc,
            data=data,
        )

        call_result_detail_response.additional_properties = d
        return call_result_detail_response

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
