export { startSimulator, type DeliveryInfo, type Simulator, type SimulatorLogger, type SimulatorOptions } from './start-simulator.js';
export { SCENARIOS, scenarioForAmount, type Scenario, type ScenarioName } from './scenarios.js';
export { SimulatorConfigError, SimulatorTestHelperError } from './errors.js';
export { CUSTOMER_ACTIONS, type CustomerAction, type CustomerScript, type SimulatedCard } from './customer.js';
export type { TestHelpers } from './test-helpers.js';
export { dojoSignature, WEBHOOK_EVENTS, type WebhookRetryOptions, type WebhookSubscription } from './webhooks.js';
export type { TerminalSpec } from './terminals.js';
export type { DeliveryRecord, PaymentIntentRecord, PlannedStep, RefundRecord, SessionRecord, SessionStep, SimulatorState } from './state.js';
