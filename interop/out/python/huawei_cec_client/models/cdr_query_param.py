from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.cdr_query_param_is_callin import CdrQueryParamIsCallin

T = TypeVar("T", bound="CdrQueryParam")


@_attrs_define
class CdrQueryParam:
    """The query parameters of `cdrByCallId`.

    Attributes:
        cc_id (int): ID of a call center. The value ranges from 1 to 65535.
        is_callin (CdrQueryParamIsCallin): Whether a call is an inbound call. The options are as follows: true: inbound
            call; false: outbound call.
        call_id (str): Call ID.
    """

    cc_id: int
    is_callin: CdrQueryParamIsCallin
    call_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cc_id = self.cc_id

        is_callin = self.is_callin.value

        call_id = self.call_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ccId": cc_id,
                "isCallin": is_callin,
                "callId": call_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cc_id = d.pop("ccId")

        is_callin = CdrQueryParamIsCallin(d.pop("isCallin"))

        call_id = d.pop("callId")

        cdr_query_param = cls(
            cc_id=cc_id,
            is_callin=is_callin,
            call_id=call_id,
        )

        cdr_query_param.additional_properties = d
        return cdr_query_param

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
