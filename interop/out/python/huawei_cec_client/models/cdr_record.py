from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CdrRecord")


@_attrs_define
class CdrRecord:
    """Parameters of resultDesc/resultDatas: one CDR. The page's table names the agent's
    ID `agentId`; its example (followed here) sends the key `"agentId "`, with a
    trailing space, which is the key declared below. Clients may also accept `agentId`.

        Attributes:
            vdn (int | Unset): ID of a VDN.
            call_id (str | Unset): Call ID.
            caller_no (str | Unset): Calling number.
            callee_no (str | Unset): Called number.
            call_type (int | Unset): Call type. For details, see Table 1 (of Huawei's call type reference).
            agent_id (int | Unset): Agent ID, under the key servers send: `"agentId "`, with a trailing space (the
                page's table says `agentId`).
            skill_id (int | Unset): Skill queue ID.
            anony_call (int | Unset): Anonymous call identifier. (This parameter is valid only for inbound calls.)
            queue_wait_time (int | Unset): Queue waiting duration, in seconds.
            ivr_call_time (int | Unset): IVR call duration, in seconds.
            ack_time (int | Unset): Ring duration, in seconds.
            call_time (int | Unset): Call duration, in seconds.
            release_cause (int | Unset): Call release cause code. For details, see Cause Code.
            begin_time (str | Unset): Call start time. (This parameter is valid only for predicted and preempted
                outbound calls.) The format is yyyy-MM-dd HH:mm:ss.
                 Example: 2022-02-10 11:45:47.
            end_time (str | Unset): Call end time. (This parameter is valid only for predicted and preempted
                outbound calls.) The format is yyyy-MM-dd HH:mm:ss.
                 Example: 2022-02-10 11:45:51.
            result (str | Unset): Call result. (This parameter is valid only for predicted and preempted outbound
                calls.) 0000: The OBS successfully makes an outbound call before the call is
                transferred to the automatic flow. 0900: The OBS successfully makes an outbound
                call before the call is transferred to an agent. 0101: The outbound call fails.
                -1: No number can be called in the current task. 0601: The call is returned.
                Values outside this list are accepted as they are.
            result_code (str | Unset): Call result code. (This parameter is valid only for predicted and preempted
                outbound calls.) This parameter indicates an external result code corresponding
                to the failure cause code. The external result code can be customized. The
                failure cause code is associated with the external result code.
            busi_result (str | Unset): Outbound call business result code. (This parameter is valid only for predicted
                and preempted outbound calls.) For details about how to configure the iSales
                frontend page, see the operation guide.
            busi_sub_status (str | Unset): Outbound call business result sub-status code. (This parameter is valid only for
                predicted and preempted outbound calls.) For details about how to configure the
                iSales frontend page, see the operation guide.
    """

    vdn: int | Unset = UNSET
    call_id: str | Unset = UNSET
    caller_no: str | Unset = UNSET
    callee_no: str | Unset = UNSET
    call_type: int | Unset = UNSET
    agent_id: int | Unset = UNSET
    skill_id: int | Unset = UNSET
    anony_call: int | Unset = UNSET
    queue_wait_time: int | Unset = UNSET
    ivr_call_time: int | Unset = UNSET
    ack_time: int | Unset = UNSET
    call_time: int | Unset = UNSET
    release_cause: int | Unset = UNSET
    begin_time: str | Unset = UNSET
    end_time: str | Unset = UNSET
    result: str | Unset = UNSET
    result_code: str | Unset = UNSET
    busi_result: str | Unset = UNSET
    busi_sub_status: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        vdn = self.vdn

        call_id = self.call_id

        caller_no = self.caller_no

        callee_no = self.callee_no

        call_type = self.call_type

        agent_id = self.agent_id

        skill_id = self.skill_id

        anony_call = self.anony_call

        queue_wait_time = self.queue_wait_time

        ivr_call_time = self.ivr_call_time

        ack_time = self.ack_time

        call_time = self.call_time

        release_cause = self.release_cause

        begin_time = self.begin_time

        end_time = self.end_time

        result = self.result

        result_code = self.result_code

        busi_result = self.busi_result

        busi_sub_status = self.busi_sub_status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if vdn is not UNSET:
            field_dict["vdn"] = vdn
        if call_id is not UNSET:
            field_dict["callId"] = call_id
        if caller_no is not UNSET:
            field_dict["callerNo"] = caller_no
        if callee_no is not UNSET:
            field_dict["calleeNo"] = callee_no
        if call_type is not UNSET:
            field_dict["callType"] = call_type
        if agent_id is not UNSET:
            field_dict["agentId "] = agent_id
        if skill_id is not UNSET:
            field_dict["skillId"] = skill_id
        if anony_call is not UNSET:
            field_dict["anonyCall"] = anony_call
        if queue_wait_time is not UNSET:
            field_dict["queueWaitTime"] = queue_wait_time
        if ivr_call_time is not UNSET:
            field_dict["ivrCallTime"] = ivr_call_time
        if ack_time is not UNSET:
            field_dict["ackTime"] = ack_time
        if call_time is not UNSET:
            field_dict["callTime"] = call_time
        if release_cause is not UNSET:
            field_dict["releaseCause"] = release_cause
        if begin_time is not UNSET:
            field_dict["beginTime"] = begin_time
        if end_time is not UNSET:
            field_dict["endTime"] = end_time
        if result is not UNSET:
            field_dict["result"] = result
        if result_code is not UNSET:
            field_dict["resultCode"] = result_code
        if busi_result is not UNSET:
            field_dict["busiResult"] = busi_result
        if busi_sub_status is not UNSET:
            field_dict["busiSubStatus"] = busi_sub_status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        vdn = d.pop("vdn", UNSET)

        call_id = d.pop("callId", UNSET)

        caller_no = d.pop("callerNo", UNSET)

        callee_no = d.pop("calleeNo", UNSET)

        call_type = d.pop("callType", UNSET)

        agent_id = d.pop("agentId ", UNSET)

        skill_id = d.pop("skillId", UNSET)

        anony_call = d.pop("anonyCall", UNSET)

        queue_wait_time = d.pop("queueWaitTime", UNSET)

        ivr_call_time = d.pop("ivrCallTime", UNSET)

        ack_time = d.pop("ackTime", UNSET)

        call_time = d.pop("callTime", UNSET)

        release_cause = d.pop("releaseCause", UNSET)

        begin_time = d.pop("beginTime", UNSET)

        end_time = d.pop("endTime", UNSET)

        result = d.pop("result", UNSET)

        result_code = d.pop("resultCode", UNSET)

        busi_result = d.pop("busiResult", UNSET)

        busi_sub_status = d.pop("busiSubStatus", UNSET)

        cdr_record = cls(
            vdn=vdn,
            call_id=call_id,
            caller_no=caller_no,
            callee_no=callee_no,
            call_type=call_type,
            agent_id=agent_id,
            skill_id=skill_id,
            anony_call=anony_call,
            queue_wait_time=queue_wait_time,
            ivr_call_time=ivr_call_time,
            ack_time=ack_time,
            call_time=call_time,
            release_cause=release_cause,
            begin_time=begin_time,
            end_time=end_time,
            result=result,
            result_code=result_code,
            busi_result=busi_result,
            busi_sub_status=busi_sub_status,
        )

        cdr_record.additional_properties = d
        return cdr_record

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
