/** jest `globalSetup`: the directory of this run's compiled model graphs (test/mbt/graphCache.ts). */
import { makeGraphDirectory } from '../mbt/graphCache';

export default function globalSetup(): void {
  makeGraphDirectory(true);
}
