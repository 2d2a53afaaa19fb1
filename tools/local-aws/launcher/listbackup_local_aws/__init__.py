"""
Extensions of moto 5.2.5 for the project's local AWS, installed before moto's server starts.

- `resources`: CloudFormation resource types moto lacks (Cognito, API Gateway v2, CloudTrail, the
  S3/SQS/EventBridge resource policies), each a `CloudFormationModel` subclass backed by moto's own
  service backend, so the resources are readable through the service APIs.
- `fixes`: types moto has but gets wrong (KMS key tags, log-group KMS key, event-bus `Ref`, the
  bucket settings moto's bucket model drops).
- `change_sets`: change sets that resolve `Fn::ImportValue` and register the stack's exports, as
  CloudFormation does.
- `stacks`: termination protection (UpdateTerminationProtection, and DeleteStack refusing).
- `control`: `/moto-api/listbackup/*`, the launcher's own endpoints (which resource types it holds).
- `iam`: IAM enforcement with resource ARNs, policy variables, principal tags and identity-pool
  credentials, switched on at run time (`/moto-api/listbackup/iam-enforcement`); off by default.
- `sign_in`: the user pool's self-sign-up switch and the client's allowed auth flows.
"""
import moto

MOTO_VERSION = "5.2.5"


class MotoVersionMismatch(RuntimeError):
    pass


def install() -> None:
    if moto.__version__ != MOTO_VERSION:
        raise MotoVersionMismatch(
            f"the local AWS launcher is written against moto {MOTO_VERSION}, but moto {moto.__version__} is installed: "
            f"run 'npx listbackup-local-aws install' (or 'bash tools/local-aws/scripts/install-moto.sh') to install the pinned version"
        )
    from . import change_sets, control, fixes, iam, resources, sign_in, stacks
    from moto.cloudformation import parsing

    fixes.install()
    resources.install()
    change_sets.install()
    stacks.install()
    control.install()
    iam.install()
    sign_in.install()
    # moto caches its type list on first use (parsing.get_model_list is an lru_cache over
    # CloudFormationModel.__subclasses__()): clear it so the types above are found.
    for cached in (parsing.get_model_list, parsing.get_model_map, parsing.get_name_type_map):
        cached.cache_clear()


def held_resource_types() -> list[str]:
    """Every CloudFormation resource type this emulator creates (moto's own and the ones added here)."""
    from moto.cloudformation import parsing

    return sorted(t for t in parsing.get_model_map() if t.startswith("AWS::"))
