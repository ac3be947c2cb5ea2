from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.cdr_query_param import CdrQueryParam


T = TypeVar("T", bound="CdrQueryRequest")


@_attrs_define
class CdrQueryRequest:
    """Request body of `cdrByCallId`. The page's table lists the three parameters at the
    top level; its example (followed here) wraps them in `queryParam`.

        Attributes:
            query_param (CdrQueryParam): The query parameters of `cdrByCallId`.
    """

    query_param: CdrQueryParam
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        query_param = self.query_param.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "queryParam": query_param,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cdr_query_param import CdrQueryParam  # noqa: PLC0415

        d = dict(src_dict)
        query_param = CdrQueryParam.from_dict(d.pop("queryParam"))

        cdr_query_request = cls(
            query_param=query_param,
        )

        cdr_query_request.additional_properties = d
        return cdr_query_request

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
