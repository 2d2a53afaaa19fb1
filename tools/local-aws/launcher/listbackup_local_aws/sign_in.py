"""
Two rules of Amazon Cognito sign-in that moto 5.2.5 does not apply, so that a journey can only sign
in the way the deployed pool and client allow:

- `SignUp` is refused with NotAuthorizedException "SignUp is not permitted for this user pool" when
  the pool's `AdminCreateUserConfig.AllowAdminCreateUserOnly` is true (self sign-up off): users are
  then created by the back end (AdminCreateUser).
- `InitiateAuth` is refused with InvalidParameterException "<flow> flow not enabled for this client"
  when the client's `ExplicitAuthFlows` does not list `ALLOW_<flow>` (refresh is `ALLOW_REFRESH_TOKEN_AUTH`).

Not applied either way: the SRP password proof. moto answers USER_SRP_AUTH with a random SRP_B and
accepts any PASSWORD_CLAIM_SIGNATURE; the password is checked only by USER_PASSWORD_AUTH.

moto internals relied on (moto 5.2.5, `moto/cognitoidp/models.py`): `CognitoIdpBackend.sign_up` and
`initiate_auth` (client id first), `user_pools[...].clients`, `CognitoIdpUserPool.extended_config`
(`AdminCreateUserConfig`), `CognitoIdpUserPoolClient.extended_config` (`ExplicitAuthFlows`), and the
exceptions `NotAuthorizedError`, `InvalidParameterException`.
"""
from moto.cognitoidp.exceptions import InvalidParameterException, NotAuthorizedError
from moto.cognitoidp.models import CognitoIdpBackend

_sign_up = CognitoIdpBackend.sign_up
_initiate_auth = CognitoIdpBackend.initiate_auth


def _pool_and_client(backend, client_id):
    for pool in backend.user_pools.values():
        if client_id in pool.clients:
            return pool, pool.clients[client_id]
    return None, None


def sign_up(self, client_id, username, password, attributes):
    pool, _ = _pool_and_client(self, client_id)
    if pool is not None and (pool.extended_config.get("AdminCreateUserConfig") or {}).get("AllowAdminCreateUserOnly"):
        raise NotAuthorizedError("SignUp is not permitted for this user pool")
    return _sign_up(self, client_id, username, password, attributes)


def initiate_auth(self, client_id, auth_flow, auth_parameters):
    _, client = _pool_and_client(self, client_id)
    allowed = (client.extended_config.get("ExplicitAuthFlows") if client is not None else None) or []
    wanted = "ALLOW_REFRESH_TOKEN_AUTH" if auth_flow in ("REFRESH_TOKEN", "REFRESH_TOKEN_AUTH") else f"ALLOW_{auth_flow}"
    if allowed and wanted not in allowed:
        raise InvalidParameterException(f"{auth_flow} flow not enabled for this client")
    return _initiate_auth(self, client_id, auth_flow, auth_parameters)


def install() -> None:
    CognitoIdpBackend.sign_up = sign_up
    CognitoIdpBackend.initiate_auth = initiate_auth
