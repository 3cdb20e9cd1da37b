/** Rewrites package.json `contributes.languageModelTools` from the Atmos tool specs (see languageModelToolManifest.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { atmosTools } from '../src/tools/atmos/atmosTools';
import { languageModelToolContributions } from '../src/tools/atmos/languageModelToolManifest';

const file = path.resolve(__dirname, '..', 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8')) as { contributes: Record<string, unknown> };
pkg.contributes.languageModelTools = languageModelToolContributions(atmosTools(() => Promise.reject(new Error('no engine'))));
writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
console.log(`package.json: ${(pkg.contributes.languageModelTools as unknown[]).length} language model tools`);
