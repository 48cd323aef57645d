/**
 * @apollo/gateway (2.x), unless told otherwise, probes cloud metadata endpoints (AWS, GCP, Azure,
 * Alibaba) when an ApolloGateway is made, and sends usage metrics to Apollo's servers every hour
 * and at stop. Nothing of this deployment leaves it unasked (a confidential, possibly
 * offline network), so it is always off; this variable is the library's only switch for it.
 */
export function disableApolloTelemetry(): void {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
}
