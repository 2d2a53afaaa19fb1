"""
Termination protection, as CloudFormation has it: `UpdateTerminationProtection` sets it, and
`DeleteStack` of a protected stack fails with "Stack [X] cannot be deleted while
TerminationProtection is enabled" (DeleteStack API reference).

moto internals relied on (moto 5.2.5, `moto/cloudformation`): `Stack.enable_termination_protection`
(stored by CreateStack, returned by DescribeStacks), `CloudFormationBackend.describe_stacks` and
`delete_stack`; `CloudFormationResponse` dispatches `UpdateTerminationProtection` to the method
`update_termination_protection`, which moto does not have.
"""
from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.models import CloudFormationBackend
from moto.cloudformation.responses import CloudFormationResponse
from moto.core.responses import ActionResult

_delete_stack = CloudFormationBackend.delete_stack


def _update_termination_protection(self):
    stack = self.cloudformation_backend.describe_stacks(self._get_param("StackName"))[0]
    stack.enable_termination_protection = str(self._get_param("EnableTerminationProtection")).lower() == "true"
    return ActionResult({"StackId": stack.stack_id})


def _delete_stack_protected(self, name_or_stack_id):
    for stack in self.stacks.values():
        if name_or_stack_id in (stack.name, stack.stack_id) and stack.enable_termination_protection:
            raise ValidationError(stack.stack_id, message=f"Stack [{stack.name}] cannot be deleted while TerminationProtection is enabled")
    return _delete_stack(self, name_or_stack_id)


def install() -> None:
    CloudFormationResponse.update_termination_protection = _update_termination_protection
    CloudFormationBackend.delete_stack = _delete_stack_protected
