/** jest `globalTeardown`: removes this run's compiled model graphs (test/mbt/graphCache.ts). */
import { removeGraphDirectory } from '../mbt/graphCache';

export default function globalTeardown(): void {
  removeGraphDirectory();
}
