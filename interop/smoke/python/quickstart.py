import os

import httpx
from huawei_cec_auth import BearerTokenProvider, RetryPolicy
from huawei_cec_auth.httpx_auth import AuthV2, BearerAuth, RetryTransport
from huawei_cec_client import AuthenticatedClient
from huawei_cec_client.api.dataprocess import query_call_records
from huawei_cec_client.api.isales import get_call_result_detail
from huawei_cec_client.models import CallRecordsRequest, CallRecordsResponse, CallResultDetailResponse

# One client per host. token="" because the auth, not the client, sets Authorization.
# RetryTransport() (opt-in) retries what is safe to retry; the timeout is the Rust client's
# (the generated client's own default is none at all).
signing = AuthV2.from_env()  # CEC_AK, CEC_SK, CEC_SIGNING_PROFILE (default: documented)
timeout = httpx.Timeout(30.0, connect=10.0)
isales = AuthenticatedClient(base_url=os.environ["CEC_ISALES_URL"], token="", timeout=timeout,
                             httpx_args={"auth": signing, "transport": RetryTransport()})
cms = AuthenticatedClient(base_url=os.environ["CEC_CMS_URL"], token="", timeout=timeout,
                          httpx_args={"auth": signing, "transport": RetryTransport()})
tokens = BearerTokenProvider.from_env(retry=RetryPolicy())  # CEC_APP_KEY, CEC_APP_SECRET, CEC_APIACCESS_URL
dataprocess = AuthenticatedClient(base_url=os.environ["CEC_APIACCESS_URL"], token="", timeout=timeout,
                                  httpx_args={"auth": BearerAuth(tokens), "transport": RetryTransport()})

# Signed (auth-v2). A business failure is an HTTP 200 with another resultCode.
reply = get_call_result_detail.sync_detailed(8, "1644464743-1388", client=isales)
detail = reply.parsed
if not isinstance(detail, CallResultDetailResponse) or detail.result_code != "0200000" or not detail.data:
    raise SystemExit(f"getCallResultDetail failed: HTTP {reply.status_code} {reply.content[:300]!r}")
print("call status:", detail.data.call_status)

# Bearer token: fetched, cached and renewed by the provider.
query = CallRecordsRequest(sub_cc_no="1", vdn="1", call_id="1669464198-17002955")
records = query_call_records.sync(client=dataprocess, body=query)
if not isinstance(records, CallRecordsResponse):
    raise SystemExit(f"queryCallRecords failed: {records}")
print("call records:", records.total)
