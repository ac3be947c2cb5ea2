import os

from huawei_cec_auth import BearerTokenProvider
from huawei_cec_auth.httpx_auth import AuthV2, BearerAuth
from huawei_cec_client import AuthenticatedClient
from huawei_cec_client.api.dataprocess import query_call_records
from huawei_cec_client.api.isales import get_call_result_detail
from huawei_cec_client.models import CallRecordsRequest, CallRecordsResponse, CallResultDetailResponse

# One client per host. token="" because the auth, not the client, sets Authorization.
signing = AuthV2.from_env()  # CEC_AK, CEC_SK, CEC_SIGNING_PROFILE (default: documented)
isales = AuthenticatedClient(base_url=os.environ["CEC_ISALES_URL"], token="", httpx_args={"auth": signing})
cms = AuthenticatedClient(base_url=os.environ["CEC_CMS_URL"], token="", httpx_args={"auth": signing})
tokens = BearerTokenProvider.from_env()  # CEC_APP_KEY, CEC_APP_SECRET, CEC_APIACCESS_URL
bearer = BearerAuth(tokens)
dataprocess = AuthenticatedClient(base_url=os.environ["CEC_APIACCESS_URL"], token="", httpx_args={"auth": bearer})

# Signed (auth-v2). A business failure is an HTTP 200 with another resultCode.
detail = get_call_result_detail.sync(8, "1644464743-1388", client=isales)
if not isinstance(detail, CallResultDetailResponse) or detail.result_code != "0200000" or not detail.data:
    raise SystemExit(f"getCallResultDetail failed: {detail}")
print("call status:", detail.data.call_status)

# Bearer token: fetched, cached and renewed by the provider.
query = CallRecordsRequest(sub_cc_no="1", vdn="1", call_id="1669464198-17002955")
records = query_call_records.sync(client=dataprocess, body=query)
if not isinstance(records, CallRecordsResponse):
    raise SystemExit(f"queryCallRecords failed: {records}")
print("call records:", records.total)
