from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.call_status_type_0 import CallStatusType0
from ..models.call_status_type_1 import CallStatusType1
from ..types import UNSET, Unset

T = TypeVar("T", bound="CallResultDetail")


@_attrs_define
class CallResultDetail:
    """Result in JSON format (`data` of `callResultDetail`).

    Attributes:
        called (str | Unset): Called number.
        ack_begin_time (str | Unset): Start time of an outbound call, which is the start time of ringing. The format
            is yyyy-mm-dd hh:mm:ss.
             Example: 2022-02-10 11:45:43.
        call_begin_time (str | Unset): Call start time, which is the time when the call is connected. The format is
            yyyy-mm-dd hh:mm:ss.
             Example: 2022-02-10 11:45:47.
        call_end_time (str | Unset): Call end time, which is the time when the call is released. The format is
            yyyy-mm-dd hh:mm:ss.
             Example: 2022-02-10 11:45:51.
        call_status (CallStatusType0 | CallStatusType1 | Unset): Call result. The value 5 indicates that the call fails,
            and the value 6 indicates
            that the call is successful. Documented as Integer; the page's example sends the
            string "6", so both forms are accepted.
        fail_code (str | Unset): Failure cause code.
        result_code (str | Unset): External result code corresponding to the failure cause code. The external
            result code can be customized. The failure cause code is associated with the
            external result code.
        vdn_id (int | Unset): ID of the VDN to which an outbound number belongs.
        call_id (str | Unset): Call record ID, which is used to associate with call data such as CDRs on the CTI.
        record_path (str | Unset): URL of a call recording file in the OBS. The value of this field is returned
            only when the connection is used (in SaaS networking). In other cases, this
            field is left empty. It is a signed download URL: treat it as sensitive.
    """

    called: str | Unset = UNSET
    ack_begin_time: str | Unset = UNSET
    call_begin_time: str | Unset = UNSET
    call_end_time: str | Unset = UNSET
    call_status: CallStatusType0 | CallStatusType1 | Unset = UNSET
    fail_code: str | Unset = UNSET
    result_code: str | Unset = UNSET
    vdn_id: int | Unset = UNSET
    call_id: str | Unset = UNSET
    record_path: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        called = self.called

        ack_begin_time = self.ack_begin_time

        call_begin_time = self.call_begin_time

        call_end_time = self.call_end_time

        call_status: int | str | Unset
        if isinstance(self.call_status, Unset):
            call_status = UNSET
        elif isinstance(self.call_status, CallStatusType0):
            call_status = self.call_status.value
        else:
            call_status = self.call_status.value

        fail_code = self.fail_code

        result_code = self.result_code

        vdn_id = self.vdn_id

        call_id = self.call_id

        record_path = self.record_path

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if called is not UNSET:
            field_dict["called"] = called
        if ack_begin_time is not UNSET:
            field_dict["ackBeginTime"] = ack_begin_time
        if call_begin_time is not UNSET:
            field_dict["callBeginTime"] = call_begin_time
        if call_end_time is not UNSET:
            field_dict["callEndTime"] = call_end_time
        if call_status is not UNSET:
            field_dict["callStatus"] = call_status
        if fail_code is not UNSET:
            field_dict["failCode"] = fail_code
        if result_code is not UNSET:
            field_dict["resultCode"] = result_code
        if vdn_id is not UNSET:
            field_dict["vdnId"] = vdn_id
        if call_id is not UNSET:
            field_dict["callId"] = call_id
        if record_path is not UNSET:
            field_dict["recordPath"] = record_path

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        called = d.pop("called", UNSET)

        ack_begin_time = d.pop("ackBeginTime", UNSET)

        call_begin_time = d.pop("callBeginTime", UNSET)

        call_end_time = d.pop("callEndTime", UNSET)

        def _parse_call_status(data: object) -> CallStatusType0 | CallStatusType1 | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, int):
                    raise TypeError()
                componentsschemas_call_status_type_0 = CallStatusType0(data)

                return componentsschemas_call_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, str):
                raise TypeError()
            componentsschemas_call_status_type_1 = CallStatusType1(data)

            return componentsschemas_call_status_type_1

        call_status = _parse_call_status(d.pop("callStatus", UNSET))

        fail_code = d.pop("failCode", UNSET)

        result_code = d.pop("resultCode", UNSET)

        vdn_id = d.pop("vdnId", UNSET)

        call_id = d.pop("callId", UNSET)

        record_path = d.pop("recordPath", UNSET)

        call_result_detail = cls(
            called=called,
            ack_begin_time=ack_begin_time,
            call_begin_time=call_begin_time,
            call_end_time=call_end_time,
            call_status=call_status,
            fail_code=fail_code,
            result_code=result_code,
            vdn_id=vdn_id,
            call_id=call_id,
            record_path=record_path,
        )

        call_result_detail.additional_properties = d
        return call_result_detail

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
