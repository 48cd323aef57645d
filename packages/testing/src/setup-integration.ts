// Runs in every integration test file: real brokers and databases answer in seconds, not milliseconds.
jest.setTimeout(60_000);
