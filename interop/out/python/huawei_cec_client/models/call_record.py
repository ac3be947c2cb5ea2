from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CallRecord")


@_attrs_define
class CallRecord:
    """One returned result of `callRecords`.

    Attributes:
        log_date (str | Unset): Daily settlement time
        caller_no (str | Unset): Calling number
        callee_no (str | Unset): Called number
        call_id (str | Unset): Call ID
        call_type (str | Unset): Call type. 0: inbound call; 1: outbound call; 2: predicted outbound call; 3:
            previewed outbound call; 4: preempted outbound call; 10: bidirectional call; 11:
            collaborative call; 12: click-to-dial call. Values outside this list are accepted
            as they are.
        mediatype (str | Unset): Multimedia type. 2: voice click-to-dial; 5: voice; 18: video click-to-dial; 19:
            video; 53: multimedia. Values outside this list are accepted as they are (the
            page's own request example sends "10").
        wait_begin (str | Unset): Call waiting start time
        ack_begin (str | Unset): Call answering start time
        call_begin (str | Unset): Call start time (the page's example sends "100010"; the format is not documented)
        call_end (str | Unset): Call end time
        vdn (int | str | Unset): Tenant VDN ID. Documented as String; the page's example sends the number 1, so
            both forms are accepted.
        leave_reason (str | Unset): Reason why a call is disconnected from a device
        evaluation_value (str | Unset): Satisfaction evaluation value. The options are the satisfaction levels
            configured on the Configuration Center > Workbench Configuration > Satisfaction
            Survey page.
    """

    log_date: str | Unset = UNSET
    caller_no: str | Unset = UNSET
    callee_no: str | Unset = UNSET
    call_id: str | Unset = UNSET
    call_type: str | Unset = UNSET
    mediatype: str | Unset = UNSET
    wait_begin: str | Unset = UNSET
    ack_begin: str | Unset = UNSET
    call_begin: str | Unset = UNSET
    call_end: str | Unset = UNSET
    vdn: int | str | Unset = UNSET
    leave_reason: str | Unset = UNSET
    evaluation_value: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        log_date = self.log_date

        caller_no = self.caller_no

        callee_no = self.callee_no

        call_id = self.call_id

        call_type = self.call_type

        mediatype = self.mediatype

        wait_begin = self.wait_begin

        ack_begin = self.ack_begin

        call_begin = self.call_begin

        call_end = self.call_end

        vdn: int | str | Unset
        if isinstance(self.vdn, Unset):
            vdn = UNSET
        else:
            vdn = self.vdn

        leave_reason = self.leave_reason

        evaluation_value = self.evaluation_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if log_date is not UNSET:
            field_dict["logDate"] = log_date
        if caller_no is not UNSET:
            field_dict["callerNo"] = caller_no
        if callee_no is not UNSET:
            field_dict["calleeNo"] = callee_no
        if call_id is not UNSET:
            field_dict["callId"] = call_id
        if call_type is not UNSET:
            field_dict["callType"] = call_type
        if mediatype is not UNSET:
            field_dict["mediatype"] = mediatype
        if wait_begin is not UNSET:
            field_dict["waitBegin"] = wait_begin
        if ack_begin is not UNSET:
            field_dict["ackBegin"] = ack_begin
        if call_begin is not UNSET:
            field_dict["callBegin"] = call_begin
        if call_end is not UNSET:
            field_dict["callEnd"] = call_end
        if vdn is not UNSET:
            field_dict["vdn"] = vdn
        if leave_reason is not UNSET:
            field_dict["leaveReason"] = leave_reason
        if evaluation_value is not UNSET:
            field_dict["evaluationValue"] = evaluation_value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        log_date = d.pop("logDate", UNSET)

        caller_no = d.pop("callerNo", UNSET)

        callee_no = d.pop("calleeNo", UNSET)

        call_id = d.pop("callId", UNSET)

        call_type = d.pop("callType", UNSET)

        mediatype = d.pop("mediatype", UNSET)

        wait_begin = d.pop("waitBegin", UNSET)

        ack_begin = d.pop("ackBegin", UNSET)

        call_begin = d.pop("callBegin", UNSET)

        call_end = d.pop("callEnd", UNSET)

        def _parse_vdn(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        vdn = _parse_vdn(d.pop("vdn", UNSET))

        leave_reason = d.pop("leaveReason", UNSET)

        evaluation_value = d.pop("evaluationValue", UNSET)

        call_record = cls(
            log_date=log_date,
            caller_no=caller_no,
            callee_no=callee_no,
            call_id=call_id,
            call_type=call_type,
            mediatype=mediatype,
            wait_begin=wait_begin,
            ack_begin=ack_begin,
            call_begin=call_begin,
            call_end=call_end,
            vdn=vdn,
            leave_reason=leave_reason,
            evaluation_value=evaluation_value,
        )

        call_record.additional_properties = d
        return call_record

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
