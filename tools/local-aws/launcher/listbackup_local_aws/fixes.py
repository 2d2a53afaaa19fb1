"""
Resource types moto 5.2.5 creates, but not as CloudFormation documents them.

moto internals relied on (moto 5.2.5):
- `moto.kms.models.Key.create_from_cloudformation_json` hands CloudFormation's `[{Key, Value}]` tags
  to a tagger that reads `TagKey`/`TagValue` (KeyError, the stack hangs in CREATE_PENDING).
- `moto.logs.models.LogGroup.__init__` reads the key as `kmsKeyId` (the API's spelling) from the
  template's properties, which spell it `KmsKeyId`.
- `moto.events.models.EventBus` has no `physical_resource_id`, so `Ref` returns the object and a
  rule on a custom bus fails.
- `moto.events.models.Archive.create_from_cloudformation_json` takes moto's generated name
  (`<stack>-<logical id>-<suffix>`) whole; EventBridge limits archive names to 48 characters, and
  CloudFormation shortens the names it generates to fit. It also passes `EventPattern` on as the
  template's object where the archive expects a JSON string (the rule model dumps it, the archive not).
- `moto.awslambda.models.LambdaFunction` keeps no `DeadLetterConfig` (neither from CreateFunction,
  UpdateFunctionConfiguration nor a template): `__init__`, `create_from_cloudformation_json`,
  `update_configuration` and `get_configuration` are wrapped to keep and return it.
- `moto.dynamodb.models.table.Table.create_from_cloudformation_json` passes `SSESpecification` on as
  the template spells it (`SSEEnabled`), where the table reads the API's `Enabled`: the table's
  customer key was dropped from DescribeTable.
- `moto.iam.models.ManagedPolicy` has no `update_from_cloudformation_json` (the base class's does
  nothing), so an update of a managed policy's document or attachments reported UPDATE_COMPLETE and
  left IAM unchanged. Here it goes through `IAMBackend.create_policy_version` (the new document as
  default, the oldest non-default version removed at IAM's limit of five) and `attach_*_policy` /
  `detach_*_policy`; a new `ManagedPolicyName` or `Path` replaces the policy, as CloudFormation does.
- `moto.s3.models.FakeBucket.create_from_cloudformation_json` applies only encryption and tags; the
  settings below go through the S3 backend's own `put_*` methods afterwards.
"""
import json
from typing import Any

from moto.awslambda.models import LambdaFunction
from moto.dynamodb.models.table import Table
from moto.events.models import Archive, EventBus
from moto.iam.models import ManagedPolicy
from moto.kms.models import Key
from moto.logs.models import LogGroup
from moto.s3.models import FakeBucket, s3_backends

_key_create = Key.create_from_cloudformation_json.__func__
_log_group_create = LogGroup.create_from_cloudformation_json.__func__
_archive_create = Archive.create_from_cloudformation_json.__func__
_bucket_create = FakeBucket.create_from_cloudformation_json.__func__


def _kms_key_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    properties = cloudformation_json.get("Properties", {})
    tags = [{"TagKey": t["Key"], "TagValue": t["Value"]} for t in properties.get("Tags", [])]
    key = _key_create(cls, resource_name, {**cloudformation_json, "Properties": {**properties, "Tags": tags}}, account_id, region_name, **kwargs)
    if properties.get("KeySpec"):
        key.key_spec = properties["KeySpec"]
    return key


def _log_group_create_fixed(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    properties = dict(cloudformation_json.get("Properties", {}))
    if "KmsKeyId" in properties:
        properties["kmsKeyId"] = properties.pop("KmsKeyId")
    return _log_group_create(cls, resource_name, {**cloudformation_json, "Properties": properties}, account_id, region_name, **kwargs)


def _archive_create_fixed(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    properties = cloudformation_json.get("Properties", {})
    if isinstance(properties.get("EventPattern"), dict):
        cloudformation_json = {**cloudformation_json, "Properties": {**properties, "EventPattern": json.dumps(properties["EventPattern"])}}
    if "ArchiveName" not in cloudformation_json.get("Properties", {}) and len(resource_name) > 48:
        suffix = resource_name.rsplit("-", 1)[-1]
        resource_name = f"{resource_name[: 47 - len(suffix)]}-{suffix}"
    return _archive_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)


_function_init = LambdaFunction.__init__
_function_create = LambdaFunction.create_from_cloudformation_json.__func__
_function_configuration = LambdaFunction.get_configuration
_function_update = LambdaFunction.update_configuration


def _function_init_fixed(self, account_id, spec, region, *args, **kwargs):
    _function_init(self, account_id, spec, region, *args, **kwargs)
    self.dead_letter_config = spec.get("DeadLetterConfig") or None


def _function_create_fixed(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    fn = _function_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    fn.dead_letter_config = cloudformation_json.get("Properties", {}).get("DeadLetterConfig") or None
    return fn


def _function_configuration_fixed(self, *args, **kwargs):
    config = _function_configuration(self, *args, **kwargs)
    if getattr(self, "dead_letter_config", None) and self.dead_letter_config.get("TargetArn"):
        config["DeadLetterConfig"] = self.dead_letter_config
    return config


def _function_update_fixed(self, config_updates):
    if "DeadLetterConfig" in config_updates:
        self.dead_letter_config = config_updates.get("DeadLetterConfig") or None
    return _function_update(self, {k: v for k, v in config_updates.items() if k != "DeadLetterConfig"})


_table_create = Table.create_from_cloudformation_json.__func__


def _table_create_fixed(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    properties = cloudformation_json.get("Properties", {})
    sse = properties.get("SSESpecification")
    if sse and "SSEEnabled" in sse:
        sse = {"Enabled": sse["SSEEnabled"], **{k: v for k, v in sse.items() if k != "SSEEnabled"}}
        cloudformation_json = {**cloudformation_json, "Properties": {**properties, "SSESpecification": sse}}
    return _table_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)


def _lifecycle_rules(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """CloudFormation's LifecycleConfiguration rules in the S3 API's shape (PutBucketLifecycleConfiguration)."""
    converted = []
    for rule in rules:
        api: dict[str, Any] = {"ID": rule.get("Id", ""), "Status": rule.get("Status", "Enabled"), "Filter": {"Prefix": rule.get("Prefix", "")}}
        if "ExpirationInDays" in rule:
            api["Expiration"] = {"Days": rule["ExpirationInDays"]}
        if "NoncurrentVersionExpiration" in rule:
            api["NoncurrentVersionExpiration"] = {"NoncurrentDays": rule["NoncurrentVersionExpiration"]["NoncurrentDays"]}
        if "AbortIncompleteMultipartUpload" in rule:
            api["AbortIncompleteMultipartUpload"] = {"DaysAfterInitiation": rule["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"]}
        if rule.get("Transitions"):
            api["Transition"] = [{"Days": t.get("TransitionInDays"), "StorageClass": t["StorageClass"]} for t in rule["Transitions"]]
        converted.append(api)
    return converted


def _bucket_create_fixed(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    bucket = _bucket_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    props = cloudformation_json.get("Properties", {})
    backend = s3_backends[account_id]["global"]
    name = bucket.name
    if props.get("VersioningConfiguration"):
        backend.put_bucket_versioning(name, props["VersioningConfiguration"]["Status"])
    if props.get("PublicAccessBlockConfiguration"):
        backend.put_public_access_block(name, props["PublicAccessBlockConfiguration"])
    if props.get("OwnershipControls"):
        backend.put_bucket_ownership_controls(name, props["OwnershipControls"]["Rules"][0]["ObjectOwnership"])
    if props.get("LifecycleConfiguration"):
        backend.put_bucket_lifecycle(name, _lifecycle_rules(props["LifecycleConfiguration"]["Rules"]))
    if props.get("ObjectLockEnabled") or props.get("ObjectLockConfiguration"):
        lock = props.get("ObjectLockConfiguration", {})
        retention = lock.get("Rule", {}).get("DefaultRetention", {})
        bucket.object_lock_enabled = True
        backend.put_object_lock_configuration(name, True, retention.get("Mode"), retention.get("Days"), retention.get("Years"))
    if props.get("LoggingConfiguration"):
        # Set directly: the S3 API would check the target's policy, which CloudFormation creates later.
        logging = props["LoggingConfiguration"]
        bucket.logging = {"TargetBucket": logging.get("DestinationBucketName", name), "TargetPrefix": logging.get("LogFilePrefix", "")}
    if props.get("NotificationConfiguration", {}).get("EventBridgeConfiguration", {}).get("EventBridgeEnabled"):
        backend.put_bucket_notification_configuration(name, {"EventBridgeConfiguration": {}})
    for tiering in props.get("IntelligentTieringConfigurations") or []:
        bucket.intelligent_tiering_configurations = getattr(bucket, "intelligent_tiering_configurations", {})
        bucket.intelligent_tiering_configurations[tiering["Id"]] = tiering
    return bucket


def _managed_policy_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    from moto.iam.models import iam_backends

    props = cloudformation_json.get("Properties", {})
    backend = iam_backends[account_id]["aws"]
    kinds = ("Roles", "Users", "Groups")
    if props.get("ManagedPolicyName", original_resource.name) != original_resource.name or props.get("Path", original_resource.path) != original_resource.path:
        for kind in kinds:
            for name in _attached(backend, original_resource, kind):
                getattr(backend, f"detach_{kind[:-1].lower()}_policy")(original_resource.arn, name)
        backend.delete_policy(original_resource.arn)
        return ManagedPolicy.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)
    current = next(v for v in original_resource.versions if v.is_default)
    if json.loads(current.document) != props.get("PolicyDocument"):
        if len(original_resource.versions) >= 5:
            oldest = next(v for v in original_resource.versions if not v.is_default)
            backend.delete_policy_version(original_resource.arn, oldest.version_id)
        backend.create_policy_version(original_resource.arn, json.dumps(props.get("PolicyDocument")), set_as_default=True)
    for kind in kinds:
        attached = set(_attached(backend, original_resource, kind))
        wanted = set(props.get(kind) or [])
        for name in wanted - attached:
            getattr(backend, f"attach_{kind[:-1].lower()}_policy")(original_resource.arn, name)
        for name in attached - wanted:
            getattr(backend, f"detach_{kind[:-1].lower()}_policy")(original_resource.arn, name)
    return original_resource


def _attached(backend, policy, kind: str) -> list[str]:
    """The names of the roles, users or groups `policy` is attached to."""
    entities = {"Roles": backend.roles.values(), "Users": backend.users.values(), "Groups": backend.groups.values()}[kind]
    return [e.name for e in entities if policy.arn in getattr(e, "managed_policies", {})]


def install() -> None:
    Key.create_from_cloudformation_json = classmethod(_kms_key_create)
    LogGroup.create_from_cloudformation_json = classmethod(_log_group_create_fixed)
    FakeBucket.create_from_cloudformation_json = classmethod(_bucket_create_fixed)
    Archive.create_from_cloudformation_json = classmethod(_archive_create_fixed)
    Table.create_from_cloudformation_json = classmethod(_table_create_fixed)
    LambdaFunction.__init__ = _function_init_fixed
    LambdaFunction.create_from_cloudformation_json = classmethod(_function_create_fixed)
    LambdaFunction.get_configuration = _function_configuration_fixed
    LambdaFunction.update_configuration = _function_update_fixed
    EventBus.physical_resource_id = property(lambda self: self.name)
    ManagedPolicy.update_from_cloudformation_json = classmethod(_managed_policy_update)
