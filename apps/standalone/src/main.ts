import { main } from '@anime/platform-runtime';
import { standalone } from './standalone';

main(standalone);
