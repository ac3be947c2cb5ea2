from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ResultMapping")


@_attrs_define
class ResultMapping:
    """One entry of `resultMapList`.

    Attributes:
        map_id (str | Unset): ID of the mapping between the external result and OBS result code.
        def_id (str | Unset): External result ID.
        fail_code (str | Unset): OBS result code.
        vdn_id (int | str | Unset): vdnId. Documented as Integer; the page's example sends the string "40", so both
            forms are accepted.
    """

    map_id: str | Unset = UNSET
    def_id: str | Unset = UNSET
    fail_code: str | Unset = UNSET
    vdn_id: int | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        map_id = self.map_id

        def_id = self.def_id

        fail_code = self.fail_code

        vdn_id: int | str | Unset
        if isinstance(self.vdn_id, Unset):
            vdn_id = UNSET
        else:
            vdn_id = self.vdn_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if map_id is not UNSET:
            field_dict["mapId"] = map_id
        if def_id is not UNSET:
            field_dict["defId"] = def_id
        if fail_code is not UNSET:
            field_dict["failCode"] = fail_code
        if vdn_id is not UNSET:
            field_dict["vdnId"] = vdn_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        map_id = d.pop("mapId", UNSET)

        def_id = d.pop("defId", UNSET)

        fail_code = d.pop("failCode", UNSET)

        def _parse_vdn_id(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        vdn_id = _parse_vdn_id(d.pop("vdnId", UNSET))

        result_mapping = cls(
            map_id=map_id,
            def_id=def_id,
            fail_code=fail_code,
            vdn_id=vdn_id,
        )

        result_mapping.additional_properties = d
        return result_mapping

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
