/**
 * What a producer does on a bus: `DomainEventBus` (the bus of a stack, its resource policy) and
 * `ImportedEventBus` (the bus seen from another stack) both grant this list. No key permission:
 * EventBridge itself encrypts with the bus key, through the key policy.
 */
export const PUT_EVENTS_ACTIONS = ['events:PutEvents'];
