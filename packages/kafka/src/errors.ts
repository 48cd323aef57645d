/**
 * Thrown by a handler that refuses an event it can never apply, whatever is retried: a payload the
 * schema accepts but the consumer's rules cannot (an aggregate this consumer must know and does not,
 * a contradiction). The consumer dead-letters it after a few attempts and carries on. Any other error
 * is taken for a fault of the moment (database, broker, network) and retried without limit: a valid
 * event is never dead-lettered by an outage.
 */
export class EventRejected extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'EventRejected';
  }
}

/**
 * Whether a failed send is the record's fault and will fail the same way again (too large, invalid),
 * rather than the broker's or the network's (down, leader moving, timeout). kafkajs marks the
 * errors it would retry with `retriable`; an error that is not a kafkajs one was thrown before the
 * send (encoding the record) and is the record's fault too.
 */
export function isRecordFault(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return true;
  const { name, retriable, cause } = error as { name?: string; retriable?: boolean; cause?: unknown };
  if (typeof name !== 'string' || !name.startsWith('KafkaJS')) return true;
  // kafkajs wraps the last failure of its retrier in a non-retriable error: judge the cause.
  if (name === 'KafkaJSNumberOfRetriesExceeded' || name === 'KafkaJSNonRetriableError') {
    return cause !== undefined && cause !== error ? isRecordFault(cause) : false;
  }
  return retriable === false && name === 'KafkaJSProtocolError';
}
