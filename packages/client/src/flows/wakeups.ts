/** What a flow needs to be woken early: a subscription by payment intent id (`SessionWakeups` is one). */
export interface SessionWakeupSource {
  /** Calls `listener` whenever something happens to the payment intent; returns the unsubscribe function. */
  subscribe(paymentIntentId: string, listener: () => void): () => void;
}

/** The part of a payment-intent webhook event the wakeups read (any parsed `@dojo-terminals/webhooks` event fits). */
export interface PaymentIntentEventLike {
  data: { paymentIntentId: string };
}

/** What `createSessionWakeups()` returns: fed from your webhook handler, `notify(event)` with each parsed event. */
export interface SessionWakeups extends SessionWakeupSource {
  /** Wakes the flows following this event's payment intent; events for other payment intents are ignored. */
  notify(event: PaymentIntentEventLike): void;
}

/** @deprecated The same type as `SessionWakeups`, under its former name. */
export type PaymentIntentWakeups = SessionWakeups;

/**
 * Wakeups for counter flows: a webhook about a payment intent cuts short the wait before the next read of its
 * session, so the outcome shows as soon as Dojo reports it. Polling goes on without webhooks, so a receiver that is
 * down only makes flows slower. One object serves every flow of the process; each flow unsubscribes when it ends.
 */
export function createSessionWakeups(): SessionWakeups {
  const listeners = new Map<string, Set<() => void>>();
  return {
    subscribe(paymentIntentId, listener) {
      let set = listeners.get(paymentIntentId);
      if (!set) listeners.set(paymentIntentId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(paymentIntentId) === set) listeners.delete(paymentIntentId);
      };
    },
    notify(event) {
      const id = event?.data?.paymentIntentId;
      if (typeof id !== 'string') return;
      for (const listener of [...(listeners.get(id) ?? [])]) listener();
    },
  };
}
