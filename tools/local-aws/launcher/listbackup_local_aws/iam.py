"""
IAM enforcement as a signed-in user and the product's functions meet it: every call signed with the
credentials of its principal is evaluated against that principal's identity policies, with the
resource ARN of the call, policy variables and the condition keys named below. moto's own
enforcement (`INITIAL_NO_AUTH_ACTION_COUNT`) evaluates most services against resource `*`, without
policy variables, principal tags or most condition operators, and it gives identity-pool users fixed
credentials that belong to no role.

The switch: `GET|POST /moto-api/listbackup/iam-enforcement` (`{"enforce": true|false}`), or
`LISTBACKUP_LOCAL_AWS_ENFORCE_IAM=1` at start. Off by default, so deploys and read-backs run as
before. While on, the emulator's administrator key (`LISTBACKUP_LOCAL_AWS_ADMIN_ACCESS_KEY_ID` and
its secret, what `listbackup-local-aws` hands to the AWS SDK) is the account's root user: signed
and checked, but allowed everything, as the root user is by identity policies. Every other key
must be an IAM user's, an STS session's or an identity pool's, and is evaluated.

What it evaluates:
- identity policies (inline and managed) of IAM users and roles: explicit Deny, then Allow, else
  implicit deny; `Action`/`NotAction`, `Resource`/`NotResource` with `*` and `?` wildcards;
- policy variables in resources and condition values: `${aws:PrincipalTag/<key>}` (session tags,
  then the role's or user's own tags), `${aws:username}`, `${aws:userid}`, `${aws:PrincipalArn}`,
  `${aws:PrincipalAccount}`, `${cognito-identity.amazonaws.com:sub|aud|amr}`; an unresolved variable
  matches nothing, as in IAM;
- conditions with String*, Arn*, Bool and Null operators, `IfExists` and `ForAnyValue:`/`ForAllValues:`,
  over the keys above, `aws:RequestedRegion` and `s3:prefix`; any other key is absent from the request
  context, as IAM treats a key a request does not carry;
- resource ARNs: S3 (moto's own), SQS queues (moto's `_determine_resource`), and added here through
  that same hook: DynamoDB tables and indexes, EventBridge buses, KMS keys;
- S3 with SSE-KMS: `s3:PutObject` also needs `kms:GenerateDataKey` and `s3:GetObject` needs
  `kms:Decrypt` on the object's key, evaluated for the caller as S3 does on its behalf;
- identity pools: `GetId` and `GetCredentialsForIdentity` accept only ID tokens the user pool issued
  to a client the pool trusts; the credentials are an STS session of the pool's authenticated role,
  allowed by that role's trust policy (`sts:AssumeRoleWithWebIdentity`, and `sts:TagSession` when
  tags are mapped, with the `aud` and `amr` conditions), carrying the principal tags the pool maps
  from the token's claims.

Bucket policies: moto applies a bucket policy's Deny to object calls whatever the switch
(`FakeBucket.get_permission`), without the caller and with every condition operator but
StringEquals taken as holding, so the data bucket's TLS-only deny refused every object call. The
launcher leaves bucket policies unevaluated, as every other resource policy: the request context a
condition such as `aws:SecureTransport` or `s3:x-amz-server-side-encryption` needs is not known here.

What it does not evaluate: resource policies (bucket, queue, bus and KMS key policies), service
control policies, permission boundaries, session policies, the trust policy of a role assumed with
`AssumeRole` by the root user (the stand-in for Lambda assuming a function's role), numeric and date
conditions, and condition keys other than those above (absent, so an Allow that needs one grants
nothing and a Deny that needs one does not apply).

moto internals relied on (moto 5.2.5):
- `moto.core.authorization.ActionAuthenticatorMixin`: `request_count`, `PUBLIC_OPERATIONS` (the
  unsigned Cognito calls), and `settings.INITIAL_NO_AUTH_ACTION_COUNT` as the switch.
- `moto.iam.access_control`: the module function `create_access_key` (called by
  `IAMRequestBase.__init__` to find the caller's key), `IAMRequestBase.check_action_permitted`
  (replaced), `IAMRequest._raise_invalid_access_key` and `_raise_signature_does_not_match` (in JSON
  for JSON-protocol calls), `_access_key` (`collect_policies`, `arn`, `_access_key_id`, `_owner_role_name` or
  `_owner_user_name`), `_action`, `_region`, `_data`, `_headers`, `IAMPolicy(...)._policy_json`, and
  `S3IAMRequest` for S3's error shape.
- `BaseResponse.call_action` asks `_determine_resource()` of the response class for the resource;
  `DynamoHandler.body` holds the parsed parameters by then.
- `moto.sts.models.STSBackend.assume_role` / `assumed_roles` (what `AssumedRoleAccessKey` looks up),
  `cognitoidp` user pools' `id_tokens` (tokens it issued), `cognitoidentity` pools'
  `cognito_identity_providers` and `pools_identities`, and the pool attributes `listbackup_roles` and
  `listbackup_principal_tags` that `resources.py` sets from the template.
- `moto.s3.models.FakeBucket.get_permission(action, resource)` and its `policy` (bytes of JSON).
- `moto.events.models.Rule.send_to_targets` raises NotImplementedError for a Lambda target (moto runs
  no Lambda without Docker): such deliveries are kept instead, readable at
  `GET /moto-api/listbackup/lambda-deliveries?function=<arn>`.
"""
import base64
import json
import os
import re
import time
from typing import Any
from urllib.parse import parse_qs, urlparse

from moto import settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.exceptions import JsonRESTError, _RESTError
from moto.iam import access_control
from moto.iam.models import iam_backends
from moto.moto_api._internal import urls

ADMIN_KEY = os.environ.get("LISTBACKUP_LOCAL_AWS_ADMIN_ACCESS_KEY_ID", "testing")
ADMIN_SECRET = os.environ.get("LISTBACKUP_LOCAL_AWS_ADMIN_SECRET_ACCESS_KEY", "testing")

# Access key id of an identity-pool session -> what its requests carry besides the role.
_web_sessions: dict[str, dict[str, Any]] = {}
# (pool id, provider, token subject) -> identity id: one identity per user and pool, as Cognito keeps it.
_identities: dict[tuple[str, str, str], str] = {}
# Lambda function ARN -> the events EventBridge delivered to it.
_lambda_deliveries: dict[str, list[dict[str, Any]]] = {}


def enforcing() -> bool:
    return settings.INITIAL_NO_AUTH_ACTION_COUNT == 0


def set_enforcement(on: bool) -> None:
    settings.INITIAL_NO_AUTH_ACTION_COUNT = 0 if on else float("inf")
    ActionAuthenticatorMixin.request_count = 0


# --- principals ---------------------------------------------------------------------------------


class RootAccessKey:
    """The emulator's administrator: the account's root user, allowed everything identity policies decide."""

    def __init__(self, account_id: str, partition: str):
        self.account_id = account_id
        self.arn = f"arn:{partition}:iam::{account_id}:root"
        self._access_key_id = ADMIN_KEY

    def create_credentials(self):
        from botocore.credentials import Credentials

        return Credentials(ADMIN_KEY, ADMIN_SECRET)

    def collect_policies(self) -> list:
        return []


_create_access_key = access_control.create_access_key


def _create_access_key_with_root(account_id, partition, access_key_id, headers):
    if access_key_id == ADMIN_KEY:
        return RootAccessKey(account_id, partition)
    return _create_access_key(account_id=account_id, partition=partition, access_key_id=access_key_id, headers=headers)


def _tag_map(tags: Any) -> dict[str, str]:
    """IAM keeps tags as `{key: {"Key", "Value"}}` from its API and as `[{"Key", "Value"}]` from a template."""
    if isinstance(tags, dict):
        return {k: v["Value"] if isinstance(v, dict) else str(v) for k, v in tags.items()}
    return {t["Key"]: t["Value"] for t in tags or []}


def _principal_context(request) -> dict[str, Any]:
    """The request context keys of the caller (lower-case names, as IAM compares them)."""
    key = request._access_key
    backend = iam_backends[request.account_id][key.arn.split(":")[1]]
    context: dict[str, Any] = {"aws:principalarn": key.arn, "aws:principalaccount": request.account_id, "aws:requestedregion": request._region}
    tags: dict[str, str] = {}
    role_name = getattr(key, "_owner_role_name", None)
    user_name = getattr(key, "_owner_user_name", None)
    if role_name:
        role = backend.get_role(role_name)
        tags.update(_tag_map(role.tags))
        context["aws:userid"] = f"{role.id}:{key._session_name}"
        context["aws:principalarn"] = role.arn
    if user_name:
        user = backend.get_user(user_name)
        tags.update(_tag_map(getattr(user, "tags", None)))
        context["aws:username"] = user_name
        context["aws:userid"] = user.id
    web = _web_sessions.get(key._access_key_id)
    if web:
        tags.update(web["tags"])
        context.update(web["context"])
    for tag, value in tags.items():
        context[f"aws:principaltag/{tag.lower()}"] = value
    return context


# --- policy evaluation --------------------------------------------------------------------------

_VARIABLE = re.compile(r"\$\{([^}]+)\}")
_UNRESOLVED = object()


def _substitute(text: str, context: dict[str, Any], escape_value) -> Any:
    """`text` with its policy variables replaced, or `_UNRESOLVED` when one has no value."""
    missing = False

    def value(match):
        nonlocal missing
        name = match.group(1)
        if name in ("*", "?", "$"):
            return escape_value(name)
        found = context.get(name.lower())
        if found is None or isinstance(found, list):
            missing = True
            return ""
        return escape_value(str(found))

    result = _VARIABLE.sub(value, text)
    return _UNRESOLVED if missing else result


def _glob(pattern: str, value: str, context: dict[str, Any] | None = None, ignore_case: bool = False) -> bool:
    """IAM's wildcard match: `*` any run, `?` one character; policy variables resolved first (literal values)."""
    regex = "".join(c if c.startswith("${") else ".*" if c == "*" else "." if c == "?" else re.escape(c) for c in _split_variables(pattern))
    if context is not None:
        resolved = _substitute(regex, context, re.escape)
        if resolved is _UNRESOLVED:
            return False
        regex = resolved
    return re.fullmatch(regex, value, re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL) is not None


def _split_variables(pattern: str):
    """Characters of `pattern`, with each `${...}` kept whole so the wildcard translation leaves it alone."""
    position = 0
    for match in _VARIABLE.finditer(pattern):
        yield from pattern[position:match.start()]
        yield match.group(0)
        position = match.end()
    yield from pattern[position:]


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _condition_holds(conditions: dict[str, Any], context: dict[str, Any]) -> bool:
    for operator, block in conditions.items():
        for key, expected in block.items():
            if not _operator_holds(operator, [str(e) for e in _as_list(expected)], context.get(key.lower()), context):
                return False
    return True


def _operator_holds(operator: str, expected: list[str], actual: Any, context: dict[str, Any]) -> bool:
    quantifier, _, base = operator.rpartition(":")
    if_exists = base.endswith("IfExists")
    base = base.removesuffix("IfExists")
    if base == "Null":
        return (actual is None) == (expected[0].lower() == "true")
    if actual is None:
        return if_exists or quantifier == "ForAllValues" or "Not" in base
    values = [str(v) for v in _as_list(actual)]
    negated = "Not" in base
    kind = base.replace("Not", "")

    def matches(value: str, pattern: str) -> bool:
        if kind == "StringEquals":
            resolved = _substitute(pattern, context, lambda v: v)
            return resolved is not _UNRESOLVED and value == resolved
        if kind == "StringEqualsIgnoreCase":
            resolved = _substitute(pattern, context, lambda v: v)
            return resolved is not _UNRESOLVED and value.lower() == resolved.lower()
        if kind in ("StringLike", "ArnLike", "ArnEquals"):
            return _glob(pattern, value, context)
        if kind == "Bool":
            return value.lower() == pattern.lower()
        raise _UnsupportedOperator(operator)

    try:
        hits = [any(matches(v, p) for p in expected) for v in values]
    except _UnsupportedOperator:
        # An operator outside those named in the module docstring: treated as not holding.
        return False
    if quantifier == "ForAllValues":
        return all(not h for h in hits) if negated else all(hits)
    return not any(hits) if negated else any(hits)


class _UnsupportedOperator(Exception):
    pass


def _statement_applies(statement: dict[str, Any], action: str, resource: str, context: dict[str, Any]) -> bool:
    if "NotAction" in statement:
        if any(_glob(a, action, ignore_case=True) for a in _as_list(statement["NotAction"])):
            return False
    elif not any(_glob(a, action, ignore_case=True) for a in _as_list(statement.get("Action", []))):
        return False
    if "NotResource" in statement:
        if any(_glob(r, resource, context) for r in _as_list(statement["NotResource"])):
            return False
    elif "Resource" in statement and not any(_glob(r, resource, context) for r in _as_list(statement["Resource"])):
        return False
    return _condition_holds(statement.get("Condition") or {}, context)


def evaluate(documents: list[dict[str, Any]], action: str, resource: str, context: dict[str, Any], principal=None) -> str:
    """'Deny', 'Allow' or 'ImplicitDeny' for `action` on `resource` under the given policy documents."""
    allowed = False
    for document in documents:
        for statement in _as_list(document.get("Statement", [])):
            if principal is not None and not _principal_matches(statement.get("Principal"), principal):
                continue
            if _statement_applies(statement, action, resource, context):
                if statement.get("Effect") == "Deny":
                    return "Deny"
                allowed = True
    return "Allow" if allowed else "ImplicitDeny"


def _principal_matches(element: Any, principal: tuple[str, str]) -> bool:
    if element == "*":
        return True
    kind, name = principal
    return isinstance(element, dict) and (element.get(kind) == "*" or name in _as_list(element.get(kind, [])))


def _documents(access_key) -> list[dict[str, Any]]:
    return [access_control.IAMPolicy(p)._policy_json for p in access_key.collect_policies()]


def _denied(request, action: str, resource: str, verdict: str, reason: str = ""):
    why = "an explicit deny in an identity-based policy" if verdict == "Deny" else "no identity-based policy allows the action"
    message = f"User: {request._access_key.arn} is not authorized to perform: {action} on resource: {resource} because {why}{reason}"
    if isinstance(request, access_control.S3IAMRequest):
        from moto.s3.exceptions import S3AccessDeniedError

        error = S3AccessDeniedError()
        error.message = message
        error.args = (message,)
        return error
    content_type = request._headers.get("Content-Type", "") or request._headers.get("content-type", "")
    if "json" in content_type:
        error = JsonRESTError("AccessDeniedException", message)
    else:
        error = _RESTError("AccessDenied", message)
    error.code = 403
    return error


def _json_request(request) -> bool:
    return "json" in (request._headers.get("Content-Type", "") or request._headers.get("content-type", ""))


_raise_invalid_access_key = access_control.IAMRequest._raise_invalid_access_key
_raise_signature_does_not_match = access_control.IAMRequest._raise_signature_does_not_match


def _raise_invalid_access_key_json(self, reason: str) -> None:
    """moto answers a JSON-protocol call's unknown key in XML, which JSON clients cannot read."""
    if _json_request(self):
        error = JsonRESTError("UnrecognizedClientException", "The security token included in the request is invalid.")
        error.code = 403
        raise error
    _raise_invalid_access_key(self, reason)


def _raise_signature_does_not_match_json(self) -> None:
    if _json_request(self):
        error = JsonRESTError("InvalidSignatureException", "The request signature we calculated does not match the signature you provided.")
        error.code = 403
        raise error
    _raise_signature_does_not_match(self)


def check_action_permitted(self, resource: str) -> None:
    """Replaces `IAMRequestBase.check_action_permitted` (see the module docstring)."""
    if isinstance(self._access_key, RootAccessKey) or self._action == "sts:GetCallerIdentity":
        return
    context = _principal_context(self)
    context.update(_request_context(self))
    documents = _documents(self._access_key)
    verdict = evaluate(documents, self._action, resource, context)
    if verdict != "Allow":
        raise _denied(self, self._action, resource, verdict)
    if self._action == "sts:AssumeRole" and ":role/" in resource:
        # The caller's policy allows it; the role's trust policy must name the caller too.
        role = iam_backends[self.account_id]["aws"].get_role_by_arn(resource)
        arn = self._access_key.arn
        trusted = any(
            evaluate([json.loads(role.assume_role_policy_document)], "sts:AssumeRole", resource, context, principal=("AWS", name)) == "Allow"
            for name in (arn, context["aws:principalarn"], f"arn:aws:iam::{self.account_id}:root", self.account_id)
        )
        if not trusted:
            raise _denied(self, self._action, resource, "ImplicitDeny", f" (the trust policy of {resource} does not name {arn})")
    if isinstance(self, access_control.S3IAMRequest):
        for kms_action, key_arn in _s3_key_use(self, resource):
            verdict = evaluate(documents, kms_action, key_arn, context)
            if verdict != "Allow":
                raise _denied(self, kms_action, key_arn, verdict, f" (S3 uses the object's key for {self._action} with the caller's permissions)")


def _request_context(request) -> dict[str, Any]:
    context: dict[str, Any] = {}
    if request._action == "s3:ListBucket":
        query = parse_qs(urlparse(request._path).query)
        if "prefix" in query:
            context["s3:prefix"] = query["prefix"][0]
    return context


def _s3_key_use(request, resource: str) -> list[tuple[str, str]]:
    """The KMS action and key an object read or write needs when its key is SSE-KMS."""
    if request._action not in ("s3:GetObject", "s3:PutObject") or "/" not in resource.split(":::", 1)[-1]:
        return []
    from moto.s3.models import s3_backends

    bucket_name, key_name = resource.split(":::", 1)[1].split("/", 1)
    backend = s3_backends[request.account_id]["global"]
    try:
        bucket = backend.get_bucket(bucket_name)
    except Exception:
        return []
    default = ((bucket.encryption or {}).get("Rule") or {}).get("ApplyServerSideEncryptionByDefault") or {}
    key_id = default.get("KMSMasterKeyID") if default.get("SSEAlgorithm") == "aws:kms" else None
    if request._action == "s3:PutObject":
        headers = {k.lower(): v for k, v in request._headers.items()}
        if headers.get("x-amz-server-side-encryption") == "aws:kms":
            key_id = headers.get("x-amz-server-side-encryption-aws-kms-key-id") or key_id
        elif headers.get("x-amz-server-side-encryption") == "AES256":
            key_id = None
        return [("kms:GenerateDataKey", _key_arn(request, key_id))] if key_id else []
    stored = bucket.keys.get(key_name)
    if stored is None:
        return []
    if stored.encryption == "aws:kms":
        key_id = stored.kms_key_id or key_id
    elif stored.encryption:
        key_id = None
    return [("kms:Decrypt", _key_arn(request, key_id))] if key_id else []


def _key_arn(request, key_id: str) -> str:
    if key_id.startswith("arn:"):
        return key_id
    return f"arn:aws:kms:{request._region}:{request.account_id}:key/{key_id}"


# --- resource ARNs through moto's `_determine_resource` -------------------------------------------


def _dynamodb_resource(self) -> str:
    body = self.body if isinstance(self.body, dict) else {}
    name = body.get("TableName")
    if not name:
        return "*"
    try:
        arn = self.dynamodb_backend.get_table(name).table_arn
    except Exception:
        return "*"
    return f"{arn}/index/{body['IndexName']}" if body.get("IndexName") else arn


def _events_resource(self) -> str:
    buses = set()
    if self._get_action() == "PutEvents":
        buses = {entry.get("EventBusName") or "default" for entry in self._get_param("Entries") or []}
    else:
        buses = {self._get_param("EventBusName") or self._get_param("Name") or ""}
    if len(buses) != 1 or not next(iter(buses)):
        return "*"
    bus = next(iter(buses))
    if bus.startswith("arn:"):
        return bus
    return f"arn:aws:events:{self.region}:{self.current_account}:event-bus/{bus}"


def _kms_resource(self) -> str:
    key_id = self._get_param("KeyId")
    if not key_id:
        return "*"
    try:
        return self.kms_backend.describe_key(key_id).arn
    except Exception:
        return self._display_arn(key_id)


# --- bucket policies ------------------------------------------------------------------------------


def _bucket_permission(self, action: str, resource: str):
    """Replaces `FakeBucket.get_permission` (see the module docstring, "bucket policies")."""
    from moto.iam.access_control import PermissionResult

    return PermissionResult.NEUTRAL


# --- identity pools -----------------------------------------------------------------------------


class _CognitoError(JsonRESTError):
    code = 400


def _claims(token: str) -> dict[str, Any]:
    try:
        payload = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except Exception as error:
        raise _CognitoError("NotAuthorizedException", f"Invalid login token. {error}")


def _verified_login(pool, logins: dict[str, str], account_id: str) -> tuple[str, dict[str, Any]]:
    """The provider and claims of the one login, checked as Cognito checks an ID token it is given."""
    from moto.cognitoidp.models import cognitoidp_backends

    if not logins:
        if pool.allow_unauthenticated_identities:
            raise _CognitoError("NotAuthorizedException", "Unauthenticated identities are not supported by the local AWS.")
        raise _CognitoError("NotAuthorizedException", "Unauthenticated access is not supported for this identity pool.")
    (provider, token), = logins.items()
    trusted = {p["ProviderName"]: p.get("ClientId") for p in pool.cognito_identity_providers or []}
    if provider not in trusted:
        raise _CognitoError("NotAuthorizedException", f"Invalid login token. Issuer {provider} is not a provider of identity pool {pool.identity_pool_id}.")
    claims = _claims(token)
    region, pool_id = provider.split("/")[0].split(".")[1], provider.split("/")[-1]
    user_pool = cognitoidp_backends[account_id][region].user_pools.get(pool_id)
    if user_pool is None or token not in user_pool.id_tokens:
        raise _CognitoError("NotAuthorizedException", f"Invalid login token. Not a token issued by {provider}.")
    if claims.get("token_use") != "id" or claims.get("iss") != f"https://{provider}" or claims.get("aud") != trusted[provider]:
        raise _CognitoError("NotAuthorizedException", f"Invalid login token. Issuer or audience do not match {provider} and client {trusted[provider]}.")
    if claims.get("exp", 0) < time.time():
        raise _CognitoError("NotAuthorizedException", "Invalid login token. Token expired.")
    return provider, claims


def _get_id(self):
    pool_id = self._get_param("IdentityPoolId")
    backend = self.backend
    pool = backend.identity_pools.get(pool_id)
    if pool is None:
        raise _CognitoError("ResourceNotFoundException", f"IdentityPool '{pool_id}' not found.")
    provider, claims = _verified_login(pool, self._get_param("Logins") or {}, self.current_account)
    key = (pool_id, provider, claims["sub"])
    if key not in _identities:
        identity = json.loads(_original_get_id(backend, pool_id))["IdentityId"]
        _identities[key] = identity
    return json.dumps({"IdentityId": _identities[key]})


def _get_credentials_for_identity(self):
    from moto.iam.models import iam_backends as iams
    from moto.sts.models import sts_backends

    identity_id = self._get_param("IdentityId")
    owner = next(((pool_id, provider, sub) for (pool_id, provider, sub), i in _identities.items() if i == identity_id), None)
    if owner is None:
        raise _CognitoError("ResourceNotFoundException", f"Identity '{identity_id}' not found.")
    pool_id = owner[0]
    pool = self.backend.identity_pools[pool_id]
    provider, claims = _verified_login(pool, self._get_param("Logins") or {}, self.current_account)
    if (pool_id, provider, claims["sub"]) != owner:
        raise _CognitoError("NotAuthorizedException", f"Logins don't match. Please include at least one valid login for identity {identity_id}.")
    role_arn = (getattr(pool, "listbackup_roles", {}) or {}).get("authenticated")
    if not role_arn:
        raise _CognitoError("InvalidIdentityPoolConfigurationException", f"Identity pool {pool_id} has no authenticated role.")

    mapping = (getattr(pool, "listbackup_principal_tags", {}) or {}).get(provider)
    if mapping is None or mapping.get("UseDefaults"):
        tag_claims = {"username": "sub", "client": "aud"}
    else:
        tag_claims = mapping.get("PrincipalTags") or {}
    tags = {tag: str(claims[claim]) for tag, claim in tag_claims.items() if claims.get(claim) not in (None, "")}

    iam = iams[self.current_account]["aws"]
    role = iam.get_role_by_arn(role_arn)
    trust = json.loads(role.assume_role_policy_document)
    trust_context = {
        "cognito-identity.amazonaws.com:aud": pool_id,
        "cognito-identity.amazonaws.com:amr": ["authenticated", provider, f"{provider}:CognitoSignIn:{claims['sub']}"],
        "cognito-identity.amazonaws.com:sub": identity_id,
    }
    principal = ("Federated", "cognito-identity.amazonaws.com")
    for action in ["sts:AssumeRoleWithWebIdentity"] + (["sts:TagSession"] if tags else []):
        if evaluate([trust], action, role_arn, trust_context, principal=principal) != "Allow":
            raise _CognitoError("InvalidIdentityPoolConfigurationException",
                                f"Invalid identity pool configuration. Check assigned IAM roles for this pool: the trust policy of {role_arn} does not allow {action} for identity pool {pool_id}.")

    session = sts_backends[self.current_account]["aws"].assume_role(
        region_name=self.region, role_session_name="CognitoIdentityCredentials", role_arn=role_arn,
        policy=None, duration=3600, external_id=None,
    )
    _web_sessions[session.access_key_id] = {"tags": tags, "context": dict(trust_context)}
    return json.dumps({
        "IdentityId": identity_id,
        "Credentials": {
            "AccessKeyId": session.access_key_id, "SecretKey": session.secret_access_key,
            "SessionToken": session.session_token, "Expiration": session.expiration.timestamp(),
        },
    })


# --- Lambda targets of EventBridge rules ----------------------------------------------------------


def _send_to_targets(self, original_event, transform_input: bool = True) -> None:
    lambdas = [t for t in self.targets if ":lambda:" in t["Arn"]]
    if lambdas and self.event_pattern.matches_event(original_event):
        for target in lambdas:
            event = dict(original_event)
            if "time" in event and not isinstance(event["time"], str):
                event["time"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(float(event["time"])))
            _lambda_deliveries.setdefault(target["Arn"], []).append({"rule": self.arn, "event": event})
    others = [t for t in self.targets if ":lambda:" not in t["Arn"]]
    targets, self.targets = self.targets, others
    try:
        _original_send_to_targets(self, original_event, transform_input)
    finally:
        self.targets = targets


# --- the launcher's endpoints ---------------------------------------------------------------------


def _enforcement_endpoint(request, full_url, headers):
    if request.method == "POST":
        body = json.loads(request.data or b"{}")
        set_enforcement(bool(body.get("enforce")))
    return 200, {"Content-Type": "application/json"}, json.dumps({"enforce": enforcing(), "rootAccessKeyId": ADMIN_KEY})


def _deliveries_endpoint(request, full_url, headers):
    wanted = parse_qs(urlparse(full_url).query).get("function", [None])[0]
    found = {arn: events for arn, events in _lambda_deliveries.items() if wanted is None or arn == wanted}
    return 200, {"Content-Type": "application/json"}, json.dumps({"deliveries": found})


_original_get_id = None
_original_send_to_targets = None


def install() -> None:
    global _original_get_id, _original_send_to_targets
    from moto.cognitoidentity.models import CognitoIdentityBackend
    from moto.cognitoidentity.responses import CognitoIdentityResponse
    from moto.dynamodb.responses import DynamoHandler
    from moto.events.models import Rule
    from moto.events.responses import EventsHandler
    from moto.kms.responses import KmsResponse
    from moto.s3.models import FakeBucket

    access_control.create_access_key = _create_access_key_with_root
    access_control.IAMRequestBase.check_action_permitted = check_action_permitted
    access_control.IAMRequest._raise_invalid_access_key = _raise_invalid_access_key_json
    access_control.IAMRequest._raise_signature_does_not_match = _raise_signature_does_not_match_json
    DynamoHandler._determine_resource = _dynamodb_resource
    EventsHandler._determine_resource = _events_resource
    KmsResponse._determine_resource = _kms_resource
    FakeBucket.get_permission = _bucket_permission
    # Unsigned in AWS too: a user without credentials finishes the sign-in and gets credentials.
    for operation in ("AWSCognitoIdentityService.GetCredentialsForIdentity", "AWSCognitoIdentityProviderService.RespondToAuthChallenge"):
        if operation not in ActionAuthenticatorMixin.PUBLIC_OPERATIONS:
            ActionAuthenticatorMixin.PUBLIC_OPERATIONS.append(operation)
    _original_get_id = lambda backend, pool_id: CognitoIdentityBackend.get_id(backend, pool_id)  # noqa: E731
    CognitoIdentityResponse.get_id = _get_id
    CognitoIdentityResponse.get_credentials_for_identity = _get_credentials_for_identity
    _original_send_to_targets = Rule.send_to_targets
    Rule.send_to_targets = _send_to_targets
    urls.url_paths["{0}/moto-api/listbackup/iam-enforcement$"] = _enforcement_endpoint
    urls.url_paths["{0}/moto-api/listbackup/lambda-deliveries$"] = _deliveries_endpoint
    set_enforcement(os.environ.get("LISTBACKUP_LOCAL_AWS_ENFORCE_IAM") == "1")
