// Test support shared by every service: unique names per test, the servers chosen by the global
// setup, and helpers to wait for asynchronous effects. Imported by tests only.
export {
  kafkaBrokers,
  uniqueTopic,
  createTestKafka,
  readTopicMessages,
  testKafkaCredentials,
  testKafkaEnvironment,
  passwordVariable,
} from './kafka';
export type { ReadMessage, ReadTopicOptions, TestKafkaOptions } from './kafka';
export type { TestDatabase } from './mongo';
export {
  mongoUrl,
  testMongoUrl,
  testDatabase,
  withDatabase,
  uniqueDatabaseName,
  dropDatabase,
  TEST_DATABASE_PREFIX,
} from './mongo';
export { waitFor } from './wait-for';
export type { WaitForOptions } from './wait-for';
export { ADMIN_IDENTITY_HEADERS, graphql } from './graphql';
export type { GraphQLResponse } from './graphql';
export { startPrivateDatabase, startPrivateBroker } from './private-servers';
export type { PrivateServer, PrivateBroker } from './private-servers';
