// `npm run compose:docker`: writes docker-compose.yml and infra/docker/kafka/topics.txt from the services
// list and the topic declarations (run after `npm run build`: it reads @dangvien/contracts' build).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCompose, renderTopics } from './compose-file.ts';

const root = join(import.meta.dirname, '..', '..');
writeFileSync(join(root, 'docker-compose.yml'), renderCompose());
writeFileSync(join(root, 'infra', 'docker', 'kafka', 'topics.txt'), renderTopics());
process.stdout.write('wrote docker-compose.yml and infra/docker/kafka/topics.txt\n');
