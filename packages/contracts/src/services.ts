import type { ServiceName } from './topics';
import { SERVICES } from './topics';
import list from './services.json';

/**
 * A service that is built and deployed: a subgraph behind the gateway. The one list of them is
 * `services.json` next to this file; `./dangvien`, the gateway's composition, the Docker Compose file
 * (generated from it) and the tests all read it, so adding a service is one line there.
 */
export interface DeployedService {
  name: ServiceName;
  /** Its local port: HTTP on 127.0.0.1:<port> (`/graphql`, `/health/live`, `/health/ready`). */
  port: number;
}

function checked(entries: readonly { name: string; port: number }[]): readonly DeployedService[] {
  const names = new Set<string>();
  const ports = new Set<number>();
  for (const entry of entries) {
    if (!(SERVICES as readonly string[]).includes(entry.name)) {
      throw new Error(`services.json: "${entry.name}" is not one of ${SERVICES.join(', ')}`);
    }
    if (!Number.isInteger(entry.port) || entry.port < 1024 || entry.port > 65_535) {
      throw new Error(`services.json: ${entry.name} has port ${entry.port}; expected 1024–65535`);
    }
    if (names.has(entry.name) || ports.has(entry.port)) {
      throw new Error(`services.json: ${entry.name} or port ${entry.port} appears twice`);
    }
    names.add(entry.name);
    ports.add(entry.port);
  }
  return Object.freeze(entries.map((entry) => Object.freeze({ ...entry })) as DeployedService[]);
}

export const DEPLOYED_SERVICES: readonly DeployedService[] = checked(list);

export function deployedService(name: string): DeployedService | undefined {
  return DEPLOYED_SERVICES.find((service) => service.name === name);
}
