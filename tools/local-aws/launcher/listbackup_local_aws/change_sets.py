"""
Change sets as CloudFormation runs them: an executed change set resolves `Fn::ImportValue` against
the region's exports and registers the stack's own exports ("Outputs" with "Export").

moto internals relied on (moto 5.2.5, `moto/cloudformation/models.py`):
- `CloudFormationBackend.create_change_set` creates a new stack with an empty template and an empty
  `cross_stack_resources`; `execute_change_set` applies the template through
  `Stack.resource_map.update` and never rebuilds `output_map` or touches `CloudFormationBackend.exports`.
- `Stack.cross_stack_resources`, `ResourceMap.cross_stack_resources` (read by `Fn::ImportValue`),
  `Stack._create_output_map`, `Stack.exports`, `Export.exporting_stack_id`,
  `CloudFormationBackend._validate_export_uniqueness`.
"""
from moto.cloudformation.models import CloudFormationBackend
from moto.cloudformation.exceptions import ValidationError

_execute = CloudFormationBackend.execute_change_set


def _find(backend, change_set_name):
    if change_set_name in backend.change_sets:
        return backend.change_sets[change_set_name]
    for change_set in backend.change_sets.values():
        if change_set.change_set_name == change_set_name:
            return change_set
    return None


def execute_change_set(self, change_set_name, stack_name=None):
    change_set = _find(self, change_set_name)
    if change_set is None:
        raise ValidationError(stack_name or change_set_name)
    stack = self.stacks[change_set.stack_id]
    stack.cross_stack_resources = self.exports
    stack.resource_map.cross_stack_resources = self.exports
    # "Export X cannot be updated/deleted as it is in use" is the deployer's to check; here only
    # the exports themselves: those of this stack are replaced by what its new outputs export.
    _execute(self, change_set_name, stack_name)
    stack.template_dict = change_set.template_dict
    stack.description = stack.template_dict.get("Description")
    previous = {name: export for name, export in self.exports.items() if export.exporting_stack_id == stack.stack_id}
    for name in previous:
        del self.exports[name]
    stack.output_map = stack._create_output_map()
    try:
        self._validate_export_uniqueness(stack)
    except ValidationError:
        self.exports.update(previous)
        raise
    for export in stack.exports:
        self.exports[export.name] = export


def install() -> None:
    CloudFormationBackend.execute_change_set = execute_change_set
