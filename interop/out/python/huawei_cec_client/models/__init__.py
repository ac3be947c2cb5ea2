"""Contains all the data models used in inputs/outputs"""

from .call_record import CallRecord
from .call_records_request import CallRecordsRequest
from .call_records_response import CallRecordsResponse
from .call_result_detail import CallResultDetail
from .call_result_detail_response import CallResultDetailResponse
from .call_status_type_0 import CallStatusType0
from .call_status_type_1 import CallStatusType1
from .cdr_query_param import CdrQueryParam
from .cdr_query_param_is_callin import CdrQueryParamIsCallin
from .cdr_query_request import CdrQueryRequest
from .cdr_query_response import CdrQueryResponse
from .cdr_record import CdrRecord
from .error_body import ErrorBody
from .external_result import ExternalResult
from .external_result_response import ExternalResultResponse
from .result_mapping import ResultMapping
from .token_request import TokenRequest
from .token_response import TokenResponse
from .update_result_request import UpdateResultRequest
from .update_result_response import UpdateResultResponse

__all__ = (
    "CallRecord",
    "CallRecordsRequest",
    "CallRecordsResponse",
    "CallResultDetail",
    "CallResultDetailResponse",
    "CallStatusType0",
    "CallStatusType1",
    "CdrQueryParam",
    "CdrQueryParamIsCallin",
    "CdrQueryRequest",
    "CdrQueryResponse",
    "CdrRecord",
    "ErrorBody",
    "ExternalResult",
    "ExternalResultResponse",
    "ResultMapping",
    "TokenRequest",
    "TokenResponse",
    "UpdateResultRequest",
    "UpdateResultResponse",
)
