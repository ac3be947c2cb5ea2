from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CallRecordsRequest")


@_attrs_define
class CallRecordsRequest:
    """Request body of `callRecords`. Either `callId` or one of `beginDate` and `endDate`
    must be set.

        Attributes:
            sub_cc_no (str): Call center ID
            vdn (str): Tenant VDN ID
            call_id (str | Unset): Call ID. If the value of callId is not empty, beginDate and endDate are
                optional. If the value of callId is empty, either beginDate or endDate must be
                set.
            caller_no (str | Unset): Calling number
            callee_no (str | Unset): Called number
            begin_date (str | Unset): beginDate / endDate: a time as milliseconds since 1970-01-01T00:00:00Z, as a
                decimal string (the page's example: "1658102400000"). If the value of callId is
                not empty, beginDate and endDate are optional. If the value of callId is empty,
                either beginDate or endDate must be set.
                 Example: 1658102400000.
            end_date (str | Unset): beginDate / endDate: a time as milliseconds since 1970-01-01T00:00:00Z, as a
                decimal string (the page's example: "1658102400000"). If the value of callId is
                not empty, beginDate and endDate are optional. If the value of callId is empty,
                either beginDate or endDate must be set.
                 Example: 1658102400000.
            call_type (str | Unset): Call type. 0: inbound call; 1: outbound call; 2: predicted outbound call; 3:
                previewed outbound call; 4: preempted outbound call; 10: bidirectional call; 11:
                collaborative call; 12: click-to-dial call. Values outside this list are accepted
                as they are.
            media_type (str | Unset): Multimedia type. 2: voice click-to-dial; 5: voice; 18: video click-to-dial; 19:
                video; 53: multimedia. Values outside this list are accepted as they are (the
                page's own request example sends "10").
            evaluation_value (str | Unset): Satisfaction evaluation value. The options are the satisfaction levels
                configured on the Configuration Center > Workbench Configuration > Satisfaction
                Survey page.
    """

    sub_cc_no: str
    vdn: str
    call_id: str | Unset = UNSET
    caller_no: str | Unset = UNSET
    callee_no: str | Unset = UNSET
    begin_date: str | Unset = UNSET
    end_date: str | Unset = UNSET
    call_type: str | Unset = UNSET
    media_type: str | Unset = UNSET
    evaluation_value: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sub_cc_no = self.sub_cc_no

        vdn = self.vdn

        call_id = self.call_id

        caller_no = self.caller_no

        callee_no = self.callee_no

        begin_date = self.begin_date

        end_date = self.end_date

        call_type = self.call_type

        media_type = self.media_type

        evaluation_value = self.evaluation_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "subCcNo": sub_cc_no,
                "vdn": vdn,
            }
        )
        if call_id is not UNSET:
            field_dict["callId"] = call_id
        if caller_no is not UNSET:
            field_dict["callerNo"] = caller_no
        if callee_no is not UNSET:
            field_dict["calleeNo"] = callee_no
        if begin_date is not UNSET:
            field_dict["beginDate"] = begin_date
        if end_date is not UNSET:
            field_dict["endDate"] = end_date
        if call_type is not UNSET:
            field_dict["callType"] = call_type
        if media_type is not UNSET:
            field_dict["mediaType"] = media_type
        if evaluation_value is not UNSET:
            field_dict["evaluationValue"] = evaluation_value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sub_cc_no = d.pop("subCcNo")

        vdn = d.pop("vdn")

        call_id = d.pop("callId", UNSET)

        caller_no = d.pop("callerNo", UNSET)

        callee_no = d.pop("calleeNo", UNSET)

        begin_date = d.pop("beginDate", UNSET)

        end_date = d.pop("endDate", UNSET)

        call_type = d.pop("callType", UNSET)

        media_type = d.pop("mediaType", UNSET)

        evaluation_value = d.pop("evaluationValue", UNSET)

        call_records_request = cls(
            sub_cc_no=sub_cc_no,
            vdn=vdn,
            call_id=call_id,
            caller_no=caller_no,
            callee_no=callee_no,
            begin_date=begin_date,
            end_date=end_date,
            call_type=call_type,
            media_type=media_type,
            evaluation_value=evaluation_value,
        )

        call_records_request.additional_properties = d
        return call_records_request

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
