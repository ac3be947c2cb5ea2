from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.external_result import ExternalResult


T = TypeVar("T", bound="ExternalResultResponse")


@_attrs_define
class ExternalResultResponse:
    """Response body of `externalResult`.

    Attributes:
        result_code (str | Unset): Error code. The value 0200000 indicates success, and other values indicate failure.
        result_desc (str | Unset): Description.
        ob_result (ExternalResult | Unset): External result data (`obResult`).
        return_code (str | Unset): Error code. The value 0200000 indicates success, and other values indicate failure.
        return_desc (str | Unset): Description.
    """

    result_code: str | Unset = UNSET
    result_desc: str | Unset = UNSET
    ob_result: ExternalResult | Unset = UNSET
    return_code: str | Unset = UNSET
    return_desc: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        result_code = self.result_code

        result_desc = self.result_desc

        ob_result: dict[str, Any] | Unset = UNSET
        if not isinstance(self.ob_result, Unset):
            ob_result = self.ob_result.to_dict()

        return_code = self.return_code

        return_desc = self.return_desc

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if result_code is not UNSET:
            field_dict["resultCode"] = result_code
        if result_desc is not UNSET:
            field_dict["resultDesc"] = result_desc
        if ob_result is not UNSET:
            field_dict["obResult"] = ob_result
        if return_code is not UNSET:
            field_dict["returnCode"] = return_code
        if return_desc is not UNSET:
            field_dict["returnDesc"] = return_desc

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.external_result import ExternalResult  # noqa: PLC0415

        d = dict(src_dict)
        result_code = d.pop("resultCode", UNSET)

        result_desc = d.pop("resultDesc", UNSET)

        _ob_result = d.pop("obResult", UNSET)
        ob_result: ExternalResult | Unset
        if isinstance(_ob_result, Unset):
            ob_result = UNSET
        else:
            ob_result = ExternalResult.from_dict(_ob_result)

        return_code = d.pop("returnCode", UNSET)

        return_desc = d.pop("returnDesc", UNSET)

        external_result_response = cls(
            result_code=result_code,
            result_desc=result_desc,
            ob_result=ob_result,
            return_code=return_code,
            return_desc=return_desc,
        )

        external_result_response.additional_properties = d
        return external_result_response

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
