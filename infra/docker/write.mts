// `npm run compose:docker`: writes docker-compose.yml, infra/docker/kafka/topics.txt and acls.txt from the
// services list, the topic declarations and the ACLs (run after `npm run build`: it reads @dangvien/contracts' build).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderAcls, renderCompose, renderTopics } from './compose-file.ts';

const root = join(import.meta.dirname, '..', '..');
writeFileSync(join(root, 'docker-compose.yml'), renderCompose());
writeFileSync(join(root, 'infra', 'docker', 'kafka', 'topics.txt'), renderTopics());
writeFileSync(join(root, 'infra', 'docker', 'kafka', 'acls.txt'), renderAcls());
process.stdout.write('wrote docker-compose.yml, infra/docker/kafka/topics.txt and acls.txt\n');
