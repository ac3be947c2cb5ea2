from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.call_record import CallRecord


T = TypeVar("T", bound="CallRecordsResponse")


@_attrs_define
class CallRecordsResponse:
    """Response body of `callRecords` (status code 200).

    Attributes:
        total (int | str | Unset): Total number of returned results. Documented as String; the page's example sends
            the number 2, so both forms are accepted.
        results (list[CallRecord] | Unset): Returned results. Documented as an object; the page's example (followed
            here)
            sends an array of objects.
    """

    total: int | str | Unset = UNSET
    results: list[CallRecord] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total: int | str | Unset
        if isinstance(self.total, Unset):
            total = UNSET
        else:
            total = self.total

        results: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.results, Unset):
            results = []
            for results_item_data in self.results:
                results_item = results_item_data.to_dict()
                results.append(results_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if total is not UNSET:
            field_dict["total"] = total
        if results is not UNSET:
            field_dict["results"] = results

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.call_record import CallRecord  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_total(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        total = _parse_total(d.pop("total", UNSET))

        _results = d.pop("results", UNSET)
        results: list[CallRecord] | Unset = UNSET
        if _results is not UNSET:
            results = []
            for results_item_data in _results:
                results_item = CallRecord.from_dict(results_item_data)

                results.append(results_item)

        call_records_response = cls(
            total=total,
            results=results,
        )

        call_records_response.additional_properties = d
        return call_records_response

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
