from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.result_mapping import ResultMapping


T = TypeVar("T", bound="ExternalResult")


@_attrs_define
class ExternalResult:
    """External result data (`obResult`).

    Attributes:
        def_id (str | Unset): External result ID.
        display_result (str | Unset): External result.
        vdn_id (int | Unset): vdnId
        result_code (str | Unset): External result code.
        result_map_list (list[ResultMapping] | Unset): OBS result code corresponding to an external result code.
    """

    def_id: str | Unset = UNSET
    display_result: str | Unset = UNSET
    vdn_id: int | Unset = UNSET
    result_code: str | Unset = UNSET
    result_map_list: list[ResultMapping] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        def_id = self.def_id

        display_result = self.display_result

        vdn_id = self.vdn_id

        result_code = self.result_code

        result_map_list: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.result_map_list, Unset):
            result_map_list = []
            for result_map_list_item_data in self.result_map_list:
                result_map_list_item = result_map_list_item_data.to_dict()
                result_map_list.append(result_map_list_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if def_id is not UNSET:
            field_dict["defId"] = def_id
        if display_result is not UNSET:
            field_dict["displayResult"] = display_result
        if vdn_id is not UNSET:
            field_dict["vdnId"] = vdn_id
        if result_code is not UNSET:
            field_dict["resultCode"] = result_code
        if result_map_list is not UNSET:
            field_dict["resultMapList"] = result_map_list

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.result_mapping import ResultMapping  # noqa: PLC0415

        d = dict(src_dict)
        def_id = d.pop("defId", UNSET)

        display_result = d.pop("displayResult", UNSET)

        vdn_id = d.pop("vdnId", UNSET)

        result_code = d.pop("resultCode", UNSET)

        _result_map_list = d.pop("resultMapList", UNSET)
        result_map_list: list[ResultMapping] | Unset = UNSET
        if _result_map_list is not UNSET:
            result_map_list = []
            for result_map_list_item_data in _result_map_list:
                result_map_list_item = ResultMapping.from_dict(result_map_list_item_data)

                result_map_list.append(result_map_list_item)

        external_result = cls(
            def_id=def_id,
            display_result=display_result,
            vdn_id=vdn_id,
            result_code=result_code,
            result_map_list=result_map_list,
        )

        external_result.additional_properties = d
        return external_result

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
