import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's shared test data (`shared/` beside the repository: Asterisk transcripts, 3GPP and other
 * projects' vectors). It is never copied into the repository (some of it is GPL test data); CI clones the
 * repository with a copy of shared/ beside it. ZARI_SHARED_DIR overrides the location.
 */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedDir = process.env['ZARI_SHARED_DIR'] ?? path.resolve(repoRoot, '..', 'shared');
export const sharedPath = (...parts: string[]): string => path.join(sharedDir, ...parts);
export const asteriskFixturesDir = process.env['ZARI_AMI_FIXTURES'] ?? sharedPath('fixtures', 'asterisk', '22.10.1');
