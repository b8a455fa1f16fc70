/** One reason a payload did not match the spec, with the path to the offending field (`data.paymentStatus`). */
export interface WebhookIssue {
  path: string;
  message: string;
}

/** Base class of every error this package throws for a delivery. Never carries a secret. */
export class WebhookError extends Error {
  override name = 'WebhookError';
}

/** Why a signature was refused. */
export type WebhookSignatureReason = 'missing' | 'malformed' | 'mismatch';

/**
 * The `dojo-signature` header is missing, malformed, or matches none of the secrets. Answer `400`: the
 * delivery did not come from Dojo, or was changed on the way, or the secrets are wrong.
 */
export class WebhookSignatureError extends WebhookError {
  override name = 'WebhookSignatureError';
  readonly reason: WebhookSignatureReason;

  constructor(reason: WebhookSignatureReason) {
    const messages: Record<WebhookSignatureReason, string> = {
      missing: 'The dojo-signature header is missing or empty.',
      malformed: 'The dojo-signature header is not `sha256=` followed by 32 hex byte pairs joined by `-`.',
      mismatch: 'The dojo-signature header matches none of the webhook secrets: the body was changed or the secret is wrong.',
    };
    super(messages[reason]);
    this.reason = reason;
  }
}

/** Why a correctly signed payload was refused. */
export type WebhookPayloadReason = 'invalid_json' | 'invalid_payload';

/**
 * The delivery is correctly signed but is not valid JSON or does not match the spec's schema (`issues` lists each
 * field). An event type or an enum value that Dojo added after this version is not an error: see `UnknownWebhookEvent`.
 */
export class WebhookPayloadError extends WebhookError {
  override name = 'WebhookPayloadError';
  readonly reason: WebhookPayloadReason;
  readonly issues: readonly WebhookIssue[];
  /** The `event` field of the payload when it could be read. */
  readonly eventType: string | undefined;

  constructor(reason: WebhookPayloadReason, issues: readonly WebhookIssue[], eventType?: string) {
    const detail = issues
      .slice(0, 5)
      .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
      .join('; ');
    const lead: Record<WebhookPayloadReason, string> = {
      invalid_json: 'The webhook body is not valid JSON',
      invalid_payload: 'The webhook body does not match the Dojo webhook schema',
    };
    super(detail ? `${lead[reason]}: ${detail}` : `${lead[reason]}.`);
    this.reason = reason;
    this.issues = issues;
    this.eventType = eventType;
  }
}

/** The body is larger than `maxBodyBytes`; it was refused before hashing. Answer `413`. */
export class WebhookBodyTooLargeError extends WebhookError {
  override name = 'WebhookBodyTooLargeError';
  readonly limit: number;

  constructor(limit: number) {
    super(`The webhook body is larger than the limit of ${limit} bytes.`);
    this.limit = limit;
  }
}
