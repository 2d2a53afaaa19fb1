import { DomainEventBus } from './domain-event-bus';

/**
 * The policy findings this stack accepts, each on the narrowest construct with its reason.
 * Kept in one place so a reviewer sees every exception of the stack at once.
 */
export function acknowledgeEventBridgePolicyFindings(_bus: DomainEventBus): void {
  // None so far: the bus, archive and log groups are encrypted with rotating customer keys and
  // the bus policy admits only the owning account.
}
