#!/usr/bin/env node
// The `zari` command: runs cli/zari.ts through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
process.env.ZARI_CLI_MAIN = '1';
await import('../cli/zari.ts');
