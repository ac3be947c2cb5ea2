from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cdr_record import CdrRecord


T = TypeVar("T", bound="CdrQueryResponse")


@_attrs_define
class CdrQueryResponse:
    """Response body of `cdrByCallId`.

    Attributes:
        result (str | Unset): Query result. The options are as follows: 0: success; other values: failure.
            For details about the failure causes, see Error Code Reference. This field is
            reserved for compatibility with interface response parameters in 8.13 and
            earlier versions.
        result_code (str | Unset): Query result. The options are as follows: 0100000: success; other values:
            failure. For details about the failure causes, see Error Code Reference.
        result_datas (CdrRecord | Unset): Parameters of resultDesc/resultDatas: one CDR. The page's table names the
            agent's
            ID `agentId`; its example (followed here) sends the key `"agentId "`, with a
            trailing space, which is the key declared below. Clients may also accept `agentId`.
        result_desc (CdrRecord | str | Unset): Object in the returned result after a successful query (the same content
            as
            `resultDatas`). Documented as an object; on failure servers may send a
            description string instead, so both are accepted.
    """

    result: str | Unset = UNSET
    result_code: str | Unset = UNSET
    result_datas: CdrRecord | Unset = UNSET
    result_desc: CdrRecord | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.cdr_record import CdrRecord  # noqa: PLC0415

        result = self.result

        result_code = self.result_code

        result_datas: dict[str, Any] | Unset = UNSET
        if not isinstance(self.result_datas, Unset):
            result_datas = self.result_datas.to_dict()

        result_desc: dict[str, Any] | str | Unset
        if isinstance(self.result_desc, Unset):
            result_desc = UNSET
        elif isinstance(self.result_desc, CdrRecord):
            result_desc = self.result_desc.to_dict()
        else:
            result_desc = self.result_desc

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if result is not UNSET:
            field_dict["result"] = result
        if result_code is not UNSET:
            field_dict["resultCode"] = result_code
        if result_datas is not UNSET:
            field_dict["resultDatas"] = result_datas
        if result_desc is not UNSET:
            field_dict["resultDesc"] = result_desc

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cdr_record import CdrRecord  # noqa: PLC0415

        d = dict(src_dict)
        result = d.pop("result", UNSET)

        result_code = d.pop("resultCode", UNSET)

        _result_datas = d.pop("resultDatas", UNSET)
        result_datas: CdrRecord | Unset
        if isinstance(_result_datas, Unset):
            result_datas = UNSET
        else:
            result_datas = CdrRecord.from_dict(_result_datas)

        def _parse_result_desc(data: object) -> CdrRecord | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_cdr_result_desc_type_0 = CdrRecord.from_dict(data)

                return componentsschemas_cdr_result_desc_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CdrRecord | str | Unset, data)

        result_desc = _parse_result_desc(d.pop("resultDesc", UNSET))

        cdr_query_response = cls(
            result=result,
            result_code=result_code,
            result_datas=result_datas,
            result_desc=result_desc,
        )

        cdr_query_response.additional_properties = d
        return cdr_query_response

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
