from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateResultRequest")


@_attrs_define
class UpdateResultRequest:
    """Request body of `updateReservedResult`.

    Attributes:
        appoint_id (str): ID of a reservation task.
        user_account (str | Unset): Business account of an agent. This parameter is mandatory in scenarios other
            than the OP independent deployment scenario.
        work_no (str | Unset): Agent ID. This parameter is mandatory in the OP independent deployment
            scenario.
        caller_no (str | Unset): Calling number.
        fail_code (str | Unset): Failure cause code. The result code is obtained from the CTI. The result code
            00000 indicates that the call is successful. Other result codes indicate that
            the call fails.
        call_id (str | Unset): Call record ID, which is used to associate with call data such as CDRs on the CTI.
        busi_result (str | Unset): Business result ID.
        busi_sub_status (str | Unset): Sub-business result ID.
        begin_time (int | Unset): Call start time (TimeStamp), in milliseconds since 1970-01-01T00:00:00Z. Example:
            1747220297000.
        end_time (int | Unset): Call end time (TimeStamp), in milliseconds since 1970-01-01T00:00:00Z. Example:
            1747220365000.
    """

    appoint_id: str
    user_account: str | Unset = UNSET
    work_no: str | Unset = UNSET
    caller_no: str | Unset = UNSET
    fail_code: str | Unset = UNSET
    call_id: str | Unset = UNSET
    busi_result: str | Unset = UNSET
    busi_sub_status: str | Unset = UNSET
    begin_time: int | Unset = UNSET
    end_time: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        appoint_id = self.appoint_id

        user_account = self.user_account

        work_no = self.work_no

        caller_no = self.caller_no

        fail_code = self.fail_code

        call_id = self.call_id

        busi_result = self.busi_result

        busi_sub_status = self.busi_sub_status

        begin_time = self.begin_time

        end_time = self.end_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "appointId": appoint_id,
            }
        )
        if user_account is not UNSET:
            field_dict["userAccount"] = user_account
        if work_no is not UNSET:
            field_dict["workNo"] = work_no
        if caller_no is not UNSET:
            field_dict["callerNo"] = caller_no
        if fail_code is not UNSET:
            field_dict["failCode"] = fail_code
        if call_id is not UNSET:
            field_dict["callId"] = call_id
        if busi_result is not UNSET:
            field_dict["busiResult"] = busi_result
        if busi_sub_status is not UNSET:
            field_dict["busiSubStatus"] = busi_sub_status
        if begin_time is not UNSET:
            field_dict["beginTime"] = begin_time
        if end_time is not UNSET:
            field_dict["endTime"] = end_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        appoint_id = d.pop("appointId")

        user_account = d.pop("userAccount", UNSET)

        work_no = d.pop("workNo", UNSET)

        caller_no = d.pop("callerNo", UNSET)

        fail_code = d.pop("failCode", UNSET)

        call_id = d.pop("callId", UNSET)

        busi_result = d.pop("busiResult", UNSET)

        busi_sub_status = d.pop("busiSubStatus", UNSET)

        begin_time = d.pop("beginTime", UNSET)

        end_time = d.pop("endTime", UNSET)

        update_result_request = cls(
            appoint_id=appoint_id,
            user_account=user_account,
            work_no=work_no,
            caller_no=caller_no,
            fail_code=fail_code,
            call_id=call_id,
            busi_result=busi_result,
            busi_sub_status=busi_sub_status,
            begin_time=begin_time,
            end_time=end_time,
        )

        update_result_request.additional_properties = d
        return update_result_request

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
