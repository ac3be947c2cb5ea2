"""A client library for accessing Huawei Cloud CEC outbound-call reporting interfaces"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
