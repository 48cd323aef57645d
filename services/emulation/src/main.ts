import { runMain } from '@dangvien/runtime';
import { serviceModule } from './service';

runMain(serviceModule.name, () => serviceModule.create(process.env));
